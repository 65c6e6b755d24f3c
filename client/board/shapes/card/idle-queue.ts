/**
 * A queue of deferred work items, run a batch per idle period of the browser, so that work
 * queued by thousands of components at once (cards getting their text) becomes a series of
 * short tasks between frames instead of one long one.
 */

/** Items run per idle period: each sets React state, and React commits them together. */
const BATCH = 60

/** Safari has no requestIdleCallback; a timeout still lets frames and input go first. */
const whenIdle: (callback: () => void) => void =
  typeof requestIdleCallback === 'function' ? (callback) => requestIdleCallback(callback) : (callback) => setTimeout(callback, 1)

const waiting = new Set<() => void>()
let scheduled = false

function runBatch(): void {
  let ran = 0
  for (const item of waiting) {
    waiting.delete(item)
    item()
    if (++ran === BATCH) break
  }
  scheduled = waiting.size > 0
  if (scheduled) whenIdle(runBatch)
}

/** Runs `item` in a coming idle period; returns the function that takes it off the queue. */
export function runWhenIdle(item: () => void): () => void {
  waiting.add(item)
  if (!scheduled) {
    scheduled = true
    whenIdle(runBatch)
  }
  return () => waiting.delete(item)
}
