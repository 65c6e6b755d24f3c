/**
 * What the stage shows of the leader's view, page by page. The projector must be read from the
 * back of the room: cards whole, their text at least 32 px (PROJECTOR_TYPE in StagePage.tsx grows
 * it on the page down to STAGE_MIN_ZOOM), section titles at least 40 px (stage.css). The
 * stage shows the leader's view as it is when it is legible so (it follows their pan and zoom), or
 * what they showed on purpose (a section they zoomed to) framed below room for its title.
 * The facilitator's laptop often shows the whole map, which on the stage would come out at about
 * 22 px; then the stage shows the sections in the leader's view together when they are legible
 * so, and otherwise one after the other, turning the page every PAGE_MS; a section too tall for
 * one page is shown a band of card rows at a time. A view with no section mostly in it is shown
 * as it is, however small.
 */
import type { Editor, TLShape } from 'tldraw'
import { cameraShowing, type PageBox } from '../board/tldraw/free-area'
import { cameraFor } from '../board/facilitation/leader-viewport'
import { sectionKindOf } from '../../shared/model/sections'
import type { ShapeRecord } from '../../shared/model/board-shapes'

/** The least zoom the stage shows sections at: card text then keeps two lines or more at 32 px. */
export const STAGE_MIN_ZOOM = 0.8

/** The closest the stage frames anything: one card shown on its own is not made a poster of. */
const STAGE_MAX_ZOOM = 2

/** How long each page stays on the stage. */
export const PAGE_MS = 15_000

/** Screen pixels kept above a shown section for its title (stage.css sets it 44 px high). */
export const STAGE_TITLE_ROOM_PX = 64

/** Screen pixels kept free around what is shown. */
const MARGIN_PX = 16

/** Rows of cards closer than this (page units) are one row. */
const ROW_TOLERANCE = 20

/** A section counts as in view when at least this share of it is. */
const MOSTLY_IN_VIEW = 0.5

/** One page of the stage: a box of the board, and whether it is the leader's view as it is (shown on the whole canvas) or framed by the stage (below room for its titles). */
export interface StagePage {
  box: PageBox
  framed: boolean
}

/** The screen area of a stage canvas `screen` big that shows framed content: below the title room, inside the margins. */
function contentArea(screen: { w: number; h: number }): PageBox {
  const top = STAGE_TITLE_ROOM_PX + MARGIN_PX
  return { x: MARGIN_PX, y: top, w: Math.max(1, screen.w - 2 * MARGIN_PX), h: Math.max(1, screen.h - top - MARGIN_PX) }
}

const overlap = (a: PageBox, b: PageBox) => Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y))

const union = (boxes: PageBox[]): PageBox => {
  const minX = Math.min(...boxes.map((b) => b.x))
  const minY = Math.min(...boxes.map((b) => b.y))
  const maxX = Math.max(...boxes.map((b) => b.x + b.w))
  const maxY = Math.max(...boxes.map((b) => b.y + b.h))
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY }
}

function pageBounds(editor: Editor, shape: TLShape): PageBox | null {
  const bounds = editor.getShapePageBounds(shape)
  return bounds ? { x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h } : null
}

/** Whether `box` shows at STAGE_MIN_ZOOM or closer in `area`. */
const legible = (box: PageBox, area: PageBox) => Math.min(area.w / box.w, area.h / box.h) >= STAGE_MIN_ZOOM

/**
 * The section `frame` as pages: the whole frame when it is legible at once, else bands of its
 * card rows, each as tall as a page allows (at least one row), as wide as the frame.
 */
function sectionPages(frame: PageBox, children: PageBox[], area: PageBox): PageBox[] {
  if (legible(frame, area) || children.length === 0) return [frame]
  const rows: PageBox[][] = []
  for (const child of [...children].sort((a, b) => a.y - b.y)) {
    const row = rows.at(-1)
    if (row && Math.abs(row[0]!.y - child.y) < ROW_TOLERANCE) row.push(child)
    else rows.push([child])
  }
  const pad = children[0]!.x - frame.x > 0 ? Math.min(children[0]!.x - frame.x, 40) : 0
  const band = (from: PageBox[][]): PageBox => {
    const box = union(from.flat())
    return { x: frame.x, y: box.y - pad, w: frame.w, h: box.h + 2 * pad }
  }
  const pages: PageBox[] = []
  let current: PageBox[][] = []
  for (const row of rows) {
    if (current.length > 0 && !legible(band([...current, row]), area)) {
      pages.push(band(current))
      current = []
    }
    current.push(row)
  }
  if (current.length > 0) pages.push(band(current))
  return pages
}

/** A section as the stage pages it: the frame's box and its cards' (page units). */
export interface SectionBoxes {
  box: PageBox
  children: PageBox[]
}

/** What the leader shows: their view (the free area of their screen), or a box they showed on purpose and still show (framed like a page of ours). */
export interface LeaderView {
  box: PageBox
  shown: boolean
}

/**
 * The pages for the leader's view on a stage canvas `screen` big (screen pixels), given the
 * board's sections, in reading order: the view as it is when legible so, or when no section is
 * mostly in it; else those sections together when legible so; else each of them, or its bands of
 * rows.
 */
export function planStagePages({ box: view, shown }: LeaderView, sections: SectionBoxes[], screen: { w: number; h: number }): StagePage[] {
  const area = contentArea(screen)
  const asItIs = [{ box: view, framed: shown }]
  if (legible(view, shown ? area : { x: 0, y: 0, ...screen })) return asItIs
  const inView = sections
    .filter(({ box }) => overlap(box, view) >= MOSTLY_IN_VIEW * box.w * box.h)
    .sort((a, b) => (Math.abs(a.box.y - b.box.y) < ROW_TOLERANCE ? a.box.x - b.box.x : a.box.y - b.box.y))
  if (inView.length === 0) return asItIs
  const all = union(inView.map((section) => section.box))
  const boxes = legible(all, area) ? [all] : inView.flatMap(({ box, children }) => sectionPages(box, children, area))
  return boxes.map((box) => ({ box, framed: true }))
}

/** The pages the stage shows for the leader's view (page units), in reading order. */
export function stagePages(editor: Editor, view: LeaderView): StagePage[] {
  const sections = editor
    .getCurrentPageShapes()
    .filter((shape) => sectionKindOf(shape as unknown as ShapeRecord) !== null)
    .flatMap((shape) => {
      const box = pageBounds(editor, shape)
      if (!box) return []
      const children = editor.getSortedChildIdsForParent(shape.id).flatMap((id) => {
        const child = editor.getShape(id)
        const bounds = child ? pageBounds(editor, child) : null
        return bounds ? [bounds] : []
      })
      return [{ box, children }]
    })
  return planStagePages(view, sections, editor.getViewportScreenBounds())
}

/** The camera that shows `page` on the stage: whole and centred, a framed one below the room for its titles. */
export function stageCamera(editor: Editor, page: StagePage): { x: number; y: number; z: number } {
  return page.framed ? cameraShowing(page.box, contentArea(editor.getViewportScreenBounds()), STAGE_MAX_ZOOM) : cameraFor(editor, page.box)
}
