import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { LoopDelayMonitor } from '../metrics/loop-delay'
import { type ChildMessage, type ParentMessage, PROFILE_DIR_ENV, type ProfileMarks } from './ipc'

/** A server as an entry starts it. */
export interface StartedServer {
  /** http:// origin it listens on. */
  url: string
  /** Where clients open their sockets, when not at `url` (a cluster's forwarding server). */
  socketUrl?: string
  close(): Promise<void>
}

/**
 * The child side of a benchmarked server: starts it, reports where it listens,
 * runs a forced GC on request (the child runs with --expose-gc) and exits
 * cleanly on `stop`, so that a --cpu-prof profile gets written.
 */
export function runBenchChild(start: () => Promise<StartedServer>): void {
  // How long the server's event loop was blocked: separates server stalls from generator ones.
  const loopDelay = new LoopDelayMonitor()
  const send = (message: ChildMessage) => process.send?.(message)
  start().then(
    (server) => {
      process.on('message', (message: ParentMessage) => {
        if (message.type === 'gc') {
          collectGarbage()
          send({ type: 'memory', usage: process.memoryUsage() })
        } else if (message.type === 'stop') {
          server.close().finally(() => process.exit(0))
        } else if (message.type === 'window-start') {
          markWindow('window-start')
          loopDelay.start()
        } else {
          const { p99Ms, maxMs } = loopDelay.stop()
          markWindow('window-end')
          send({ type: 'window', loopDelayP99Ms: p99Ms, loopDelayMaxMs: maxMs })
        }
      })
      // The generator is gone (crashed or killed): don't linger.
      process.on('disconnect', () => process.exit(0))
      send({ type: 'ready', url: server.url, ...(server.socketUrl ? { socketUrl: server.socketUrl } : {}), pid: process.pid })
    },
    (error: unknown) => {
      send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
      process.exit(1)
    },
  )
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) throw new Error('server child must run with --expose-gc')
  // Twice: the first pass may only schedule finalizers whose memory the second frees.
  gc()
  gc()
}

const marks: ProfileMarks = { windows: [] }

/** Notes a window boundary for the profile summary (only when profiling). */
function markWindow(edge: 'window-start' | 'window-end'): void {
  const dir = process.env[PROFILE_DIR_ENV]
  if (dir === undefined) return
  // V8's profile timestamps use the same monotonic clock as hrtime, in µs.
  const now = Number(process.hrtime.bigint() / 1000n)
  if (edge === 'window-start') marks.windows.push([now, Number.MAX_SAFE_INTEGER])
  else {
    const open = marks.windows[marks.windows.length - 1]
    if (open !== undefined) open[1] = now
  }
  writeFileSync(join(dir, `marks-${process.pid}.json`), JSON.stringify(marks))
}
