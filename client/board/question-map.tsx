import type { TLComponents } from 'tldraw'
import type { BoardExtension } from './BoardCanvas'
import { BoardToolbar } from './BoardToolbar'
import { useBoard } from './board-context'
import { ProfileCursor } from './ProfileCursor'
import { PurposeBanner } from './PurposeBanner'
import { QuestionMapFrame } from './QuestionMapFrame'

function Toolbar() {
  return <BoardToolbar connection={useBoard().connection} />
}

const components: TLComponents = {
  TopPanel: PurposeBanner,
  SharePanel: Toolbar,
  CollaboratorCursor: ProfileCursor,
}

/** The question map on the live board: our components in tldraw's slots, and our frame around it. */
export const questionMapExtension: BoardExtension = { components, Frame: QuestionMapFrame }
