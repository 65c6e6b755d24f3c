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
}

/**
 * Sums the self time of every function over all .cpuprofile files in `dir`
 * (one per server launch), counting only samples inside the measurement
 * windows (no start-up, set-up or forced GC) and leaving idle time out, so the
 * shares say where a loaded server spends its CPU.
 */
export function summarizeProfiles(dir: string, top = 25): ProfileSummary {
  const functions = new Map<string, HotSpot>()
  const files = new Map<string, HotSpot>()
  let busy = 0
  let idle = 0
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
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
        idle += delta
        return
      }
      busy += delta
      const path = shortPath(frame.url)
      const location = path === '' ? '' : `${path}:${frame.lineNumber + 1}`
      add(functions, `${frame.functionName}@${location}`, frame.functionName || '(anonymous)', location, delta)
      add(files, path || frame.functionName, path || frame.functionName, '', delta)
    })
  }
  const ranked = (spots: Map<string, HotSpot>) =>
    [...spots.values()]
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top)
      .map((spot) => ({ ...spot, selfMs: spot.selfMs / 1000, share: busy === 0 ? 0 : spot.selfMs / busy }))
  return { busyMs: busy / 1000, idleMs: idle / 1000, functions: ranked(functions), files: ranked(files) }
}

function add(spots: Map<string, HotSpot>, key: string, name: string, location: string, micros: number): void {
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
  ].join('\n')
}
