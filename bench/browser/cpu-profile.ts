import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import type { CDPSession, Page } from 'playwright-core'
import { SourceMapConsumer } from 'source-map-js'
import { type ProfileSummary, SelfTimeTally } from '../profile/hot-functions'

/** The parts of a V8 .cpuprofile this summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}

/** A running CPU profile of a page's main thread (the DevTools protocol's sampling profiler). */
export class PageProfiler {
  private constructor(private readonly session: CDPSession) {}

  /** Starts sampling every `intervalUs` microseconds. */
  static async start(page: Page, intervalUs = 250): Promise<PageProfiler> {
    const session = await page.context().newCDPSession(page)
    await session.send('Profiler.enable')
    await session.send('Profiler.setSamplingInterval', { interval: intervalUs })
    await session.send('Profiler.start')
    return new PageProfiler(session)
  }

  async stop(): Promise<CpuProfile> {
    const { profile } = await this.session.send('Profiler.stop')
    await this.session.detach()
    return profile as unknown as CpuProfile
  }
}

const repoRoot = resolve(new URL('../../', import.meta.url).pathname)

/** Where a source file comes from: the npm package, or the path in this repository. */
function sourceOwner(source: string): string {
  const modules = source.lastIndexOf('node_modules/')
  if (modules === -1) return source.startsWith(repoRoot) ? relative(repoRoot, source) : source
  const parts = source.slice(modules + 'node_modules/'.length).split('/')
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!
}

function shortSource(source: string): string {
  const modules = source.lastIndexOf('node_modules/')
  if (modules !== -1) return source.slice(modules + 'node_modules/'.length)
  return source.startsWith(repoRoot) ? relative(repoRoot, source) : source
}

/** Maps positions in the built chunks back to the sources, through the build's source maps. */
class SourceMaps {
  private readonly consumers = new Map<string, SourceMapConsumer | null>()

  constructor(private readonly distDir: string) {}

  locate(url: string, line: number, column: number): { source: string; line: number; name: string | null } | null {
    // Top-level code of a module has no line (-1).
    if (!url.includes('/assets/') || line < 0) return null
    const file = basename(new URL(url).pathname)
    let consumer = this.consumers.get(file)
    if (consumer === undefined) {
      const path = join(this.distDir, 'assets', `${file}.map`)
      consumer = existsSync(path) ? new SourceMapConsumer(JSON.parse(readFileSync(path, 'utf8'))) : null
      this.consumers.set(file, consumer)
    }
    const found = consumer?.originalPositionFor({ line: line + 1, column })
    if (!found?.source) return null
    return { source: resolve(dirname(join(this.distDir, 'assets', file)), found.source), line: found.line, name: found.name ?? null }
  }
}

/**
 * Self time per function and per package (or per file of ours) in a page's CPU profile, named
 * through the build's source maps, idle time left out.
 */
export function summarizePageProfile(profile: CpuProfile, distDir: string, top = 25): ProfileSummary {
  const maps = new SourceMaps(distDir)
  const where = new Map<number, { fn: string; fnLocation: string; owner: string }>()
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame
    const mapped = maps.locate(url, lineNumber, columnNumber)
    if (mapped) {
      where.set(node.id, {
        fn: mapped.name ?? (functionName || '(anonymous)'),
        fnLocation: `${shortSource(mapped.source)}:${mapped.line}`,
        owner: sourceOwner(mapped.source),
      })
    } else {
      const name = functionName || '(anonymous)'
      where.set(node.id, { fn: name, fnLocation: url ? `${url}:${lineNumber + 1}` : '', owner: url ? new URL(url).pathname : name })
    }
  }
  const tally = new SelfTimeTally()
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0
    const node = where.get(id)
    if (!node) return
    if (node.fn === '(idle)') tally.addIdle(delta)
    else tally.add(node.fn, node.fnLocation, node.owner, delta)
  })
  return tally.summary(top)
}
