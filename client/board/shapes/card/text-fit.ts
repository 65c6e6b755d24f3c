/**
 * Clips a card's text only when it does not fit the card, and then after its last whole line,
 * with an ellipsis (board.css): a line cut in half reads as a different word, or as nothing. The
 * whole text shows when the card is selected (CardFullText.tsx).
 *
 * A clip costs more than it looks: Chrome keeps each one as a node of its paint property trees,
 * and on every frame in which anything on the canvas changes it re-layerizes the paint chunks of
 * every visible shape. On a board with 2,000 cards in view, the two clips each card had (card and
 * text) made that step (`Layerize` in Chrome's performance trace) the largest single cost of a
 * frame while someone moved cards; most texts fit their card and need no clip at all.
 *
 * One ResizeObserver watches every card's text box. It reports after layout and before paint, for
 * all boxes of a frame at once, when a box first gets a size and again when it is shown after being
 * culled (tldraw hides shapes outside the viewport with `display: none`).
 */

/** The class that clips a card's text box (board/board.css). */
export const OVERFLOWING_TEXT_CLASS = 'gb-card__text--overflowing'

/** The card's padding above and below its content (board.css `.gb-card`), in page units. */
const CARD_PADDING_Y = 14 + 10
/** The author line's room above it (`.gb-card .gb-byline`). */
const BYLINE_GAP = 4
/** Line heights of the text and of the author line (board.css). */
const TEXT_LINE_HEIGHT = 1.2
const BYLINE_LINE_HEIGHT = 1.25

/**
 * How many whole lines of text fit above the author line of a card `cardHeight` high, with text of
 * `textSize` and `bylineLines` lines of author line of `bylineSize` (page units; none for no author line).
 * The clip (board.css) uses it, on the canvas and in exports, which are drawn before any layout
 * could be measured.
 */
function linesThatFit(cardHeight: number, textSize: number, bylineSize: number, bylineLines: number): number {
  const byline = bylineLines > 0 ? BYLINE_GAP + bylineLines * bylineSize * BYLINE_LINE_HEIGHT : 0
  return Math.max(0, Math.floor((cardHeight - CARD_PADDING_Y - byline) / (textSize * TEXT_LINE_HEIGHT)))
}

/**
 * How a card of `cardHeight` lays out its text and author line (`bylineLines` of them: two for a
 * commitment's who and when): the text keeps at least one whole line, so when it would not, the
 * author line gives up its lines, the commitment's first (the text is what the card is about).
 */
export function cardLayout(cardHeight: number, textSize: number, bylineSize: number, bylineLines: number): { textLines: number; bylineLines: number } {
  let shown = bylineLines
  while (shown > 0 && linesThatFit(cardHeight, textSize, bylineSize, shown) < 1) shown--
  return { textLines: Math.max(1, linesThatFit(cardHeight, textSize, bylineSize, shown)), bylineLines: shown }
}

let observer: ResizeObserver | null = null

function clipOverflowing(entries: readonly ResizeObserverEntry[]): void {
  // Every size is read before any class is set, so the browser lays out once, not once per card.
  // A box without client rects is not displayed (a culled card): it keeps what it had.
  const verdicts = entries.map(({ target }) => {
    const box = target as HTMLElement
    return { box, overflowing: box.getClientRects().length === 0 ? null : box.scrollHeight > box.clientHeight }
  })
  for (const { box, overflowing } of verdicts) {
    if (overflowing !== null) box.classList.toggle(OVERFLOWING_TEXT_CLASS, overflowing)
  }
}

/**
 * Keeps `box` clipped exactly while its text overflows it; returns the function that stops.
 * Call again after the text changed: the box keeps its size, so only a fresh observation (which
 * the observer reports at once) checks it.
 */
export function clipTextWhenOverflowing(box: HTMLElement): () => void {
  observer ??= new ResizeObserver(clipOverflowing)
  observer.observe(box)
  return () => observer?.unobserve(box)
}
