import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ProfileMarks } from '../servers/ipc'

/** The parts of a V8 .cpuprofile this summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  startTime: number
  samples: number[]
  timeDeltas: number[]
}

/** A function (or a file) and the time spent in it, excluding callees. */
export interface HotSpot {
  name: string
  location: string
  selfMs: number
  /** Share of the server's busy time (idle excluded). */
  share: number
}

/** Self time per function and per file over a set of profiles. */
export interface ProfileSummary {
  busyMs: number
  idleMs: number
  functions: HotSpot[]
  files: HotSpot[]
  /**
   * Worker threads (the WAL checkpointer, tsx's loader), kept out of the shares above: their
   * samples count time blocked in system calls too (the checkpointer's fsync), so they say little
   * about CPU and nothing about the event loop. Their hottest functions by sampled time.
   */
  workers?: { sampledMs: number; functions: HotSpot[] }
}

/**
 * Sums the self time of every function over the main threads' .cpuprofile files in `dir`
 * (one per server launch), counting only samples inside the measurement
 * windows (no start-up, set-up or forced GC) and leaving idle time out, so the
 * shares say where a loaded server's event loop spends its CPU. `--cpu-prof` also writes a
 * profile per worker thread; those are summed apart (`workers`).
 */
export function summarizeProfiles(dir: string, top = 25): ProfileSummary {
  const main = new SelfTimeTally()
  const workers = new SelfTimeTally()
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const tally = threadOf(file) === MAIN_THREAD ? main : workers
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile
    const windows = measuredWindows(dir, file)
    const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]))
    let time = profile.startTime
    profile.samples.forEach((id, i) => {
      const delta = profile.timeDeltas[i] ?? 0
      time += delta
      const frame = byId.get(id)
      if (frame === undefined || !windows.some(([start, end]) => time >= start && time < end)) return
      if (frame.functionName === '(idle)') {
        tally.addIdle(delta)
        return
      }
      const path = shortPath(frame.url)
      const location = path === '' ? '' : `${path}:${frame.lineNumber + 1}`
      tally.add(frame.functionName || '(anonymous)', location, path || frame.functionName, delta)
    })
  }
  const fromWorkers = workers.summary(5)
  return { ...main.summary(top), workers: { sampledMs: fromWorkers.busyMs, functions: fromWorkers.functions } }
}

/** Node's thread id of the main thread, in the profile's file name. */
const MAIN_THREAD = '0'

/** The thread id in a profile's file name (CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile). */
function threadOf(file: string): string | undefined {
  return file.split('.')[4]
}

/** Self time summed per function and per file (or package), ranked into a `ProfileSummary`. */
export class SelfTimeTally {
  private busy = 0
  private idle = 0
  private readonly functions = new Map<string, HotSpot>()
  private readonly files = new Map<string, HotSpot>()

  /** Counts `micros` of idle time. */
  addIdle(micros: number): void {
    this.idle += micros
  }

  /** Counts `micros` of self time of the function `name` at `location`, which belongs to `file`. */
  add(name: string, location: string, file: string, micros: number): void {
    this.busy += micros
    addTo(this.functions, `${name}@${location}`, name, location, micros)
    addTo(this.files, file, file, '', micros)
  }

  /** The `top` functions and files by self time, with their shares of the busy time. */
  summary(top: number): ProfileSummary {
    const { busy } = this
    const ranked = (spots: Map<string, HotSpot>) =>
      [...spots.values()]
        .sort((a, b) => b.selfMs - a.selfMs)
        .slice(0, top)
        .map((spot) => ({ ...spot, selfMs: spot.selfMs / 1000, share: busy === 0 ? 0 : spot.selfMs / busy }))
    return { busyMs: busy / 1000, idleMs: this.idle / 1000, functions: ranked(this.functions), files: ranked(this.files) }
  }
}

function addTo(spots: Map<string, HotSpot>, key: string, name: string, location: string, micros: number): void {
  const spot = spots.get(key) ?? { name, location, selfMs: 0, share: 0 }
  spot.selfMs += micros
  spots.set(key, spot)
}

/** The measurement windows of the process that wrote `file` (CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile). */
function measuredWindows(dir: string, file: string): [number, number][] {
  const pid = file.split('.')[3]
  const path = join(dir, `marks-${pid}.json`)
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ProfileMarks).windows : []
}

/** Paths relative to the repository or to node_modules, which is what one looks up. */
function shortPath(url: string): string {
  const path = url.replace(/^file:\/\//, '')
  const modules = path.lastIndexOf('node_modules/')
  if (modules !== -1) return path.slice(modules + 'node_modules/'.length)
  const repo = new URL('../../', import.meta.url).pathname
  return path.startsWith(repo) ? path.slice(repo.length) : path
}

/** The summary as terminal lines: the hottest functions, then the hottest files. */
export function profileText(summary: ProfileSummary): string {
  const line = (spot: HotSpot) =>
    `${(spot.share * 100).toFixed(1).padStart(5)}%  ${spot.selfMs.toFixed(0).padStart(7)} ms  ${spot.name}  ${spot.location}`
  return [
    `inside the measurement windows: busy ${(summary.busyMs / 1000).toFixed(1)} s, idle ${(summary.idleMs / 1000).toFixed(1)} s`,
    'functions (self time, share of busy time):',
    ...summary.functions.map(line),
    'files:',
    ...summary.files.slice(0, 12).map(line),
    ...(summary.workers === undefined
      ? []
      : [
          `worker threads, not counted above (sampled time, blocking system calls included): ${summary.workers.sampledMs.toFixed(0)} ms`,
          ...summary.workers.functions.map((spot) => `  ${spot.selfMs.toFixed(0).padStart(7)} ms  ${spot.name}  ${spot.location}`),
        ]),
  ].join('\n')
}
