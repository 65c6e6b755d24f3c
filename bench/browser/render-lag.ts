import type { SentMove } from './card-mover'
import type { ProbeState } from './page-probe'

/** The renders the page probe saw, as read back from the page. */
export type RenderLog = Pick<ProbeState, 'renderIds' | 'renderX' | 'renderY' | 'renderAt'>

/** Send-to-render lag of every move that was rendered, and how many never were. */
export interface RenderLag {
  lagsMs: number[]
  missing: number
}

/** Positions in the DOM are rounded to 4 decimals (tldraw's toDomPrecision). */
const SAME_PLACE = 0.01
/** Sends and renders are on two clocks; the offset between them is known to about this much. */
const CLOCK_SLACK_MS = 2

/**
 * Matches every sent move with the first render of its card at the moved-to position (each
 * position of a card names one move, see CardMover). `pageAheadMs` converts page times to ours.
 */
export function matchRenders(sent: readonly SentMove[], renders: RenderLog, pageAheadMs: number): RenderLag {
  const byCard = new Map<string, { x: number; y: number; at: number }[]>()
  renders.renderIds.forEach((id, i) => {
    const list = byCard.get(id) ?? []
    list.push({ x: renders.renderX[i]!, y: renders.renderY[i]!, at: renders.renderAt[i]! - pageAheadMs })
    byCard.set(id, list)
  })
  const lagsMs: number[] = []
  let missing = 0
  for (const move of sent) {
    const render = byCard
      .get(move.id)
      ?.find(
        (r) => Math.abs(r.x - move.pageX) < SAME_PLACE && Math.abs(r.y - move.pageY) < SAME_PLACE && r.at >= move.sentAt - CLOCK_SLACK_MS,
      )
    if (render) lagsMs.push(Math.max(0, render.at - move.sentAt))
    else missing++
  }
  return { lagsMs, missing }
}
