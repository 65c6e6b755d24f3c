/**
 * The smallest type a view shows on screen, whatever the zoom: the board opens with the whole map
 * in view, where cards' own sizes (set in page units) come out a few pixels high, and the stage
 * must be read across a park. Below that zoom the card's type grows in page units instead.
 */
export interface LegibleType {
  /** Smallest on-screen size of a card's text, in CSS pixels. */
  text: number
  /** Smallest on-screen size of the author line. */
  byline: number
  /** How many times its own size type may grow (a zoomed-out stage shows blocks of colour rather than a few giant letters). */
  maxGrowth: number
}

/** Page sizes change in steps of this many units, so zooming re-lays cards out only now and then. */
const STEP = 4

/** The page size that shows at least `screenPx` at `zoom`, rounded up to a step; at least `own`, at most `own * maxGrowth`. */
export function legiblePageSize(own: number, screenPx: number, zoom: number, maxGrowth: number): number {
  if (!(zoom > 0)) return own
  return Math.min(own * maxGrowth, Math.max(own, Math.ceil(screenPx / zoom / STEP) * STEP))
}
