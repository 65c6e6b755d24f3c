import type { Browser, Page } from 'playwright-core'

/** Chrome's performance-panel categories: tasks, script, style, layout, paint, GC. */
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'toplevel', 'blink.user_timing']

interface TraceEvent {
  pid: number
  tid: number
  ph: string
  name: string
  ts: number
  dur?: number
  /** Thread (CPU) time, where Chrome records it: unlike `dur`, not inflated while other work holds the core. */
  tdur?: number
  args?: { name?: string }
}

/**
 * Where the page's main thread spent a traced window, by trace event, excluding nested events.
 * Times are the thread's CPU time, so other work on a shared machine does not inflate them.
 */
export interface MainThreadBreakdown {
  /** Wall time of the window, and the main thread's CPU time in tasks during it. */
  windowMs: number
  busyMs: number
  tasks: number
  longestTaskMs: number
  /** Self CPU time per event name (FunctionCall, UpdateLayoutTree, Layout, Paint, MinorGC…), largest first. */
  byEvent: { name: string; selfMs: number; share: number }[]
}

/** Starts a Chrome performance trace of `page` (Playwright's tracing of Chromium). */
export async function startTrace(browser: Browser, page: Page): Promise<void> {
  await browser.startTracing(page, { categories: CATEGORIES, screenshots: false })
}

/** Stops the trace; returns its JSON (for the DevTools performance panel) and the main thread's breakdown. */
export async function stopTrace(browser: Browser): Promise<{ json: Buffer; breakdown: MainThreadBreakdown }> {
  const json = await browser.stopTracing()
  const { traceEvents } = JSON.parse(json.toString('utf8')) as { traceEvents: TraceEvent[] }
  return { json, breakdown: breakdownOf(traceEvents) }
}

/** The renderer main thread that ran the most, which is the page's (the trace may hold others). */
function pageMainThread(events: readonly TraceEvent[]): string | null {
  const mains = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  )
  const busy = new Map<string, number>()
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`
    if (e.ph === 'X' && e.name === 'RunTask' && mains.has(key)) busy.set(key, (busy.get(key) ?? 0) + (e.dur ?? 0))
  }
  return [...busy.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null
}

function breakdownOf(events: readonly TraceEvent[], top = 15): MainThreadBreakdown {
  const thread = pageMainThread(events)
  const complete = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined && `${e.pid}:${e.tid}` === thread)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)
  const cpu = (e: TraceEvent) => e.tdur ?? e.dur!
  // Nesting is by wall time; each event's CPU time, less its children's, is its self time.
  const self = new Map<string, number>()
  const stack: { end: number; name: string }[] = []
  for (const event of complete) {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= event.ts) stack.pop()
    const parent = stack[stack.length - 1]
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - cpu(event))
    self.set(event.name, (self.get(event.name) ?? 0) + cpu(event))
    stack.push({ end: event.ts + event.dur!, name: event.name })
  }
  const tasks = complete.filter((e) => e.name === 'RunTask')
  const busy = tasks.reduce((sum, task) => sum + cpu(task), 0)
  const first = complete[0]?.ts ?? 0
  const last = complete.reduce((end, e) => Math.max(end, e.ts + e.dur!), first)
  return {
    windowMs: (last - first) / 1000,
    busyMs: busy / 1000,
    tasks: tasks.length,
    // A long task is what a person feels: wall time.
    longestTaskMs: tasks.reduce((longest, task) => Math.max(longest, task.dur!), 0) / 1000,
    byEvent: [...self.entries()]
      .filter(([, micros]) => micros > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, selfMs: micros / 1000, share: busy === 0 ? 0 : micros / busy })),
  }
}
