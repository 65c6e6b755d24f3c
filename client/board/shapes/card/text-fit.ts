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
 * culled (tldraw hides shapes outside the viewport with `display: none`). How many lines fit is
 * shared/model/card-layout.ts's `cardLayout`.
 */

/** The class that clips a card's text box (board/board.css). */
export const OVERFLOWING_TEXT_CLASS = 'gb-card__text--overflowing'

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
