import { createContext, useContext } from 'react'
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import type { BoardConnection } from '../../sync/board-connection'

/** The open board as our own panels and shapes see it. */
export interface BoardContextValue {
  boardId: string
  doc: Y.Doc
  awareness: Awareness
  connection: BoardConnection
}

export const BoardContext = createContext<BoardContextValue | null>(null)

/** The board context of an open connection. */
export function boardContextValue(connection: BoardConnection): BoardContextValue {
  return { boardId: connection.boardId, doc: connection.doc, awareness: connection.provider.awareness, connection }
}

export function useBoard(): BoardContextValue {
  const board = useContext(BoardContext)
  if (!board) throw new Error('useBoard needs a <BoardContext.Provider> above it')
  return board
}
