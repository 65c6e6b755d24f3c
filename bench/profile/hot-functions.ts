import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The parts of a V8 .cpuprofile this summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[]
  samples: number[]
  timeDeltas: number[]
}

/** A function and the time spent in it (self time, excluding callees). */
export interface HotFunction {
  name: string
  location: string
  selfMs: number
  share: number
}

/**
 * The functions with the most self time over all .cpuprofile files in `dir`
 * (one per server launch), heaviest first. Idle and GC are kept: they say
 * whether the server was busy at all and how much garbage it made.
 */
export function hotFunctions(dir: string, top = 25): HotFunction[] {
  const selfMicros = new Map<string, { name: string; location: string; micros: number }>()
  let total = 0
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile
    const byId = new Map(profile.nodes.map((node) => [node.id, node]))
    profile.samples.forEach((id, i) => {
      const node = byId.get(id)
      const delta = profile.timeDeltas[i] ?? 0
      if (node === undefined) return
      const { functionName, url, lineNumber } = node.callFrame
      const location = url === '' ? '' : `${shortPath(url)}:${lineNumber + 1}`
      const key = `${functionName}@${location}`
      const entry = selfMicros.get(key) ?? { name: functionName || '(anonymous)', location, micros: 0 }
      entry.micros += delta
      selfMicros.set(key, entry)
      total += delta
    })
  }
  return [...selfMicros.values()]
    .sort((a, b) => b.micros - a.micros)
    .slice(0, top)
    .map((entry) => ({ name: entry.name, location: entry.location, selfMs: entry.micros / 1000, share: entry.micros / total }))
}

/** Paths relative to the repository or to node_modules, which is what one looks up. */
function shortPath(url: string): string {
  const path = url.replace(/^file:\/\//, '')
  const modules = path.lastIndexOf('node_modules/')
  if (modules !== -1) return path.slice(modules + 'node_modules/'.length)
  const repo = new URL('../../', import.meta.url).pathname
  return path.startsWith(repo) ? path.slice(repo.length) : path
}

/** The hot functions as terminal lines. */
export function hotFunctionsText(functions: readonly HotFunction[]): string {
  return functions
    .map((f) => `${(f.share * 100).toFixed(1).padStart(5)}%  ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.name}  ${f.location}`)
    .join('\n')
}
