import type { ComponentProps } from 'react'
import type { TLComponents } from 'tldraw'
import type { BoardExtension } from './tldraw/BoardCanvas'
import { BoardToolbar } from './panels/BoardToolbar'
import { useBoard } from './context/board-context'
import { ProfileCursor } from './tldraw/ProfileCursor'
import { PurposeBanner } from './panels/PurposeBanner'
import { QuestionMapFrame } from './QuestionMapFrame'
import { CanvasOverlay } from './facilitation/CanvasOverlay'
import { FacilitationLayer } from './facilitation/FacilitationLayer'
import { AddCardButton } from './panels/AddCardButton'
import { StylePanelOnDemand } from './tldraw/StylePanelOnDemand'
import { CardFullText } from './shapes/card/CardFullText'

/** In front of the canvas: facilitation's marks (locks, dots) and the selected card's whole text. */
function InFrontOfTheCanvas() {
  return (
    <>
      <CanvasOverlay />
      <CardFullText />
    </>
  )
}

function Toolbar() {
  return <BoardToolbar connection={useBoard().connection} />
}

const components: TLComponents = {
  TopPanel: PurposeBanner,
  SharePanel: Toolbar,
  StylePanel: StylePanelOnDemand,
  CollaboratorCursor: ProfileCursor,
  InFrontOfTheCanvas,
}

/** The question map's frame with facilitation inside it (timer, voting, follow, the facilitator's panel). */
function Frame({ editor, children, ...rest }: ComponentProps<typeof QuestionMapFrame>) {
  return (
    <QuestionMapFrame editor={editor} {...rest}>
      {children}
      <FacilitationLayer editor={editor} actions={<AddCardButton />} />
    </QuestionMapFrame>
  )
}

/** Readable on a laptop with the whole map in view. */
const LAPTOP_TYPE = { text: 12, byline: 12, maxGrowth: Infinity }

/** The question map on the live board: our components in tldraw's slots, and our frame around it. */
export const questionMapExtension: BoardExtension = { components, Frame, legibleType: LAPTOP_TYPE }
