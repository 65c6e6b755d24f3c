import { createContext, useContext } from 'react'

/** Side panels: one at a time, so the canvas keeps most of the screen. */
export type BoardPanel = 'participants' | 'outline' | null

/** Dialogs opened from the toolbar, the outline or the selection. */
export type BoardDialog =
  | { type: 'addCard' }
  | { type: 'joinCode' }
  | { type: 'meeting' }
  | { type: 'profile' }
  | { type: 'commitment'; cardId: string }
  | { type: 'cluster'; cardIds: string[] }
  | null

export interface BoardUi {
  panel: BoardPanel
  setPanel(panel: BoardPanel): void
  dialog: BoardDialog
  setDialog(dialog: BoardDialog): void
  facilitator: boolean
}

export const BoardUiContext = createContext<BoardUi | null>(null)

export function useBoardUi(): BoardUi {
  const ui = useContext(BoardUiContext)
  if (!ui) throw new Error('useBoardUi needs a <BoardUiContext.Provider> above it')
  return ui
}
