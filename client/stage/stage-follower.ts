/**
 * The stage's camera follows the leader's viewport smoothly: every animation frame it moves a
 * share of the remaining way to the camera that shows the current page of the leader's view
 * (stage-pages.ts), and snaps once it is within a fraction of a pixel. Presence arrives in steps
 * (every 50 ms at most); easing towards the latest step turns them into motion that is calm enough
 * to project, and turns the stage's pages the same way.
 */
import type { Editor } from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import { shownBy, viewportOf } from '../board/facilitation/leader-viewport'
import { PAGE_MS, stageCamera, stagePages, type LeaderView, type StagePage } from './stage-pages'

/** Share of the remaining distance covered per frame (about 95 % within 200 ms at 60 fps). */
const EASING = 0.25
const CLOSE_ENOUGH_PX = 0.5
/** How often the pages are worked out again while the leader's view holds still (cards come and go). */
const PAGES_REFRESH_MS = 1000

/** Which of how many pages the stage shows (`count` 1: one page, often the leader's view as it is). */
export interface StagePageNumber {
  index: number
  count: number
}

const viewKey = ({ box, shown }: LeaderView) => [box.x, box.y, box.w, box.h].map((n) => Math.round(n)).join(',') + (shown ? ' shown' : '')

/** What the leader shows: the box they showed on purpose while they still show it, else their view. */
function leaderView(awareness: Awareness, leader: number): LeaderView | null {
  const shown = shownBy(awareness, leader)
  if (shown) return { box: shown, shown: true }
  const view = viewportOf(awareness, leader)
  return view && { box: view, shown: false }
}

export function followLeader(editor: Editor, awareness: Awareness, leaderClientId: () => number | null, onPage: (page: StagePageNumber) => void): () => void {
  let frame = 0
  let key = ''
  let pages: StagePage[] = []
  let index = 0
  let turnedAt = 0
  let pagedAt = 0
  let told = ''
  const step = () => {
    frame = requestAnimationFrame(step)
    const leader = leaderClientId()
    const box = leader === null ? null : leaderView(awareness, leader)
    if (!box) return
    const now = performance.now()
    const nextKey = viewKey(box)
    if (nextKey !== key) {
      // The facilitator moved: start again from the first page of what they show now.
      key = nextKey
      pages = stagePages(editor, box)
      index = 0
      turnedAt = pagedAt = now
    } else if (now - pagedAt >= PAGES_REFRESH_MS) {
      pages = stagePages(editor, box)
      pagedAt = now
      if (index >= pages.length) index = 0
    }
    if (pages.length > 1 && now - turnedAt >= PAGE_MS) {
      index = (index + 1) % pages.length
      turnedAt = now
    }
    const page = { index, count: pages.length }
    if (`${page.index}/${page.count}` !== told) {
      told = `${page.index}/${page.count}`
      onPage(page)
    }
    const target = stageCamera(editor, pages[index]!)
    const current = editor.getCamera()
    // Distances in screen pixels, so "close enough" means the same at every zoom.
    const dx = (target.x - current.x) * current.z
    const dy = (target.y - current.y) * current.z
    const dz = ((target.z - current.z) / current.z) * editor.getViewportScreenBounds().w
    if (Math.abs(dx) < CLOSE_ENOUGH_PX && Math.abs(dy) < CLOSE_ENOUGH_PX && Math.abs(dz) < CLOSE_ENOUGH_PX) {
      if (dx !== 0 || dy !== 0 || dz !== 0) editor.setCamera(target, { immediate: true, force: true })
      return
    }
    const next = {
      x: current.x + (target.x - current.x) * EASING,
      y: current.y + (target.y - current.y) * EASING,
      z: current.z + (target.z - current.z) * EASING,
    }
    editor.setCamera(next, { immediate: true, force: true })
  }
  frame = requestAnimationFrame(step)
  return () => cancelAnimationFrame(frame)
}
