/**
 * What the benchmark injects into the board page (`page.addInitScript`, before any of the app's
 * code): observers that watch the page from outside, so the app carries no test hooks.
 *
 * - **Open**: a requestAnimationFrame loop counts the cards' content elements (`.gb-card`, which
 *   CardView renders inside each card shape). The board counts as open at the first frame in which
 *   every expected card is in the DOM and none is culled (tldraw hides culled shapes with
 *   `display: none`); the time is taken in a task queued from that frame, i.e. after it was painted.
 * - **Renders**: while watching, a MutationObserver sees tldraw set each card container's
 *   `transform` (its page position); a task queued from the observer stamps the batch, again after
 *   the frame that shows it was painted.
 * - **Long tasks**: a PerformanceObserver of type `longtask` (main-thread tasks over 50 ms).
 * - **Frames**: animation frame times while watching, for the frame rate and the longest gap.
 *
 * Times are `performance.timeOrigin + performance.now()` (ms since the epoch, sub-ms), comparable
 * with the Node process after the clock offset is measured (`clock-offset.ts`).
 */

/** The probe's state on `window.__benchProbe`. */
export interface ProbeState {
  /** Page time (ms since navigation start) when every expected card was rendered, else null. */
  openedAt: number | null
  longTasks: { start: number; duration: number }[]
  /** Per render: the card's id, its page position as set in the DOM, and when (epoch ms). */
  renderIds: string[]
  renderX: number[]
  renderY: number[]
  renderAt: number[]
  /** Animation frame times (epoch ms) while watching. */
  frames: number[]
  watch(on: boolean): void
}

/** The init script. Self-contained: Playwright sends its source to the page. */
export function installProbe(expectedCards: number): void {
  const now = () => performance.timeOrigin + performance.now()
  const state: ProbeState = {
    openedAt: null,
    longTasks: [],
    renderIds: [],
    renderX: [],
    renderY: [],
    renderAt: [],
    frames: [],
    watch: () => {},
  }
  ;(window as unknown as { __benchProbe: ProbeState }).__benchProbe = state

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.longTasks.push({ start: entry.startTime, duration: entry.duration })
  }).observe({ type: 'longtask', buffered: true })

  const cards = document.getElementsByClassName('gb-card')
  const allShown = () => {
    if (cards.length < expectedCards) return false
    for (const card of cards) {
      const container = card.closest<HTMLElement>('.tl-shape')
      if (!container || container.style.display === 'none') return false
    }
    return true
  }
  const waitForOpen = () => {
    if (allShown()) setTimeout(() => (state.openedAt = performance.now()), 0)
    else requestAnimationFrame(waitForOpen)
  }
  requestAnimationFrame(waitForOpen)

  const lastTransform = new Map<string, string>()
  let pending: { id: string; x: number; y: number }[] = []
  const stamp = () => {
    const at = now()
    for (const render of pending) {
      state.renderIds.push(render.id)
      state.renderX.push(render.x)
      state.renderY.push(render.y)
      state.renderAt.push(at)
    }
    pending = []
  }
  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      const target = mutation.target as HTMLElement
      const id = target.dataset.shapeId
      if (!id || target.dataset.shapeType !== 'gb-card' || target.classList.contains('tl-shape-background')) continue
      const transform = target.style.transform
      if (lastTransform.get(id) === transform) continue
      lastTransform.set(id, transform)
      // Mat.toCssString: matrix(a, b, c, d, e, f) with e, f the page position.
      const parts = /matrix\(([^)]*)\)/.exec(transform)?.[1]?.split(',').map(Number)
      if (!parts || parts.length !== 6) continue
      if (pending.length === 0) setTimeout(stamp, 0)
      pending.push({ id, x: parts[4]!, y: parts[5]! })
    }
  })
  let watching = false
  const frame = () => {
    if (!watching) return
    state.frames.push(now())
    requestAnimationFrame(frame)
  }
  state.watch = (on) => {
    if (on === watching) return
    watching = on
    if (on) {
      for (const card of cards) {
        const container = card.closest<HTMLElement>('.tl-shape')
        if (container?.dataset.shapeId) lastTransform.set(container.dataset.shapeId, container.style.transform)
      }
      observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['style'] })
      requestAnimationFrame(frame)
    } else {
      observer.disconnect()
    }
  }
}

/**
 * The probe as init-script source. tsx compiles this file with esbuild's `keepNames`, which wraps
 * functions in a `__name` helper the page does not have; the shim makes it a no-op there.
 */
export function probeScript(expectedCards: number): string {
  return `(() => { const __name = (fn) => fn; (${installProbe.toString()})(${JSON.stringify(expectedCards)}) })()`
}
