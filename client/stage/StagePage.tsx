import type { TLComponents } from 'tldraw'
import BoardPage from '../board/BoardPage'
import type { BoardExtension } from '../board/tldraw/BoardCanvas'
import { SectionLocks, CardVoteCounts } from '../board/facilitation/CanvasOverlay'
import { StageFrame } from './StageFrame'

function StageCanvasOverlay() {
  return (
    <>
      <SectionLocks />
      <CardVoteCounts />
    </>
  )
}

/** The canvas with none of tldraw's controls: nobody touches the projecting machine. */
const components: TLComponents = {
  ContextMenu: null,
  ActionsMenu: null,
  HelpMenu: null,
  ZoomMenu: null,
  MainMenu: null,
  Minimap: null,
  StylePanel: null,
  PageMenu: null,
  NavigationPanel: null,
  Toolbar: null,
  RichTextToolbar: null,
  ImageToolbar: null,
  VideoToolbar: null,
  KeyboardShortcutsDialog: null,
  QuickActions: null,
  HelperButtons: null,
  DebugPanel: null,
  DebugMenu: null,
  MenuPanel: null,
  TopPanel: null,
  SharePanel: null,
  CursorChatBubble: null,
  FollowingIndicator: null,
  InFrontOfTheCanvas: StageCanvasOverlay,
}

/**
 * Card text readable from the back of the room on a 1920×1080 projector: at least 32 px at every
 * zoom the stage shows sections at (stage-pages.ts STAGE_MIN_ZOOM), even for a card's smallest
 * type (14 page units for its longest texts); the author line at least 20 px.
 */
const PROJECTOR_TYPE = { text: 32, byline: 20, maxGrowth: 3 }

const stageExtension: BoardExtension = { components, Frame: StageFrame, watchOnly: true, legibleType: PROJECTOR_TYPE }

/** `/b/<id>/stage`: the view for the projected screen (same gate as the board: link, licence). */
export default function StagePage({ boardId }: { boardId: string }) {
  return <BoardPage boardId={boardId} extension={stageExtension} />
}
