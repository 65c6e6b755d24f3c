import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer } from '../../server/app'
import { createLogger } from '../../server/log'
import { launchBrowser } from '../../tests/helpers/browser'
import { summarizePageProfile, PageProfiler } from './cpu-profile'
import { describeMachine } from '../report/machine'
import { RUNS_DIR } from '../report/output'
import { spreadOverAllCores } from './all-cores'
import { buildClient } from './build-client'
import { measureBundle } from './bundle'
import { CardMover } from './card-mover'
import { measureMoves, type MovesMeasurement } from './live-moves'
import { startLoadMeter } from './machine-load'
import { startTrace, stopTrace } from './main-thread-trace'
import { openCold, reopen, type OpenMeasurement } from './open-board'
import { clientText, publishClientRun, writeClientRun } from './report'
import type { ClientResult } from './result'
import { CLIENT_FULL, CLIENT_QUICK } from './scale'
import { seedBigBoard } from './seed'
import { connectPeer } from './sync-peer'
import { measureZoomIn } from './zoom-in'

export interface ClientRunOptions {
  quick: boolean
  /** Update bench/README.md's client section and results/latest/client.json. */
  publish: boolean
  /** Names this run's folder in results/runs/. */
  stamp: string
  /** A built client to serve instead of building one. */
  distDir?: string
  log(message: string): void
}

/**
 * The client on big boards (issue 6): our server in this process with a board of thousands of
 * cards, headless Chromium opening it, a headless peer moving cards, and the production bundle's
 * size. Prints the figures, writes results/runs/<stamp>/client.json; resolves false when a
 * correctness check failed (a move never rendered, the board never opened, a foreign request,
 * tldraw on the start page). No timing thresholds decide the outcome.
 */
export async function runClientBenchmark(options: ClientRunOptions): Promise<boolean> {
  const scale = options.quick ? CLIENT_QUICK : CLIENT_FULL
  const { log } = options
  log(`client benchmark (${scale.quick ? 'quick' : 'full'}): ${scale.cards} cards; this process may use cores ${spreadOverAllCores()}`)
  const runDir = join(RUNS_DIR, options.stamp)
  mkdirSync(runDir, { recursive: true })
  const distDir = options.distDir ?? buildClient()
  const dataDir = mkdtempSync(join(tmpdir(), 'gatherboard-client-bench-data-'))
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, staticDir: distDir, logger: createLogger({ level: 'warn' }) })
  const browser = await launchBrowser()
  const problems: string[] = []
  try {
    const seedStart = performance.now()
    const board = await seedBigBoard(server.url, scale.cards)
    const seedMs = performance.now() - seedStart
    log(`board ${board.id} holds ${scale.cards} cards (seeded in ${seedMs.toFixed(0)} ms); opening it`)
    const openOptions = { viewport: scale.viewport, timeoutMs: scale.openTimeoutMs }

    const coldOpens: OpenMeasurement[] = []
    for (let i = 0; i < scale.coldOpens - 1; i++) {
      const visit = await openCold(browser, server.url, board.links.participant, scale.cards, openOptions)
      coldOpens.push(visit.measurement)
      if (visit.foreignRequests.length > 0) problems.push(`requests to other hosts: ${visit.foreignRequests.join(', ')}`)
      await visit.context.close()
    }
    const visit = await openCold(browser, server.url, board.links.participant, scale.cards, openOptions)
    coldOpens.push(visit.measurement)
    log(`first visits open in ${coldOpens.map((open) => open.openMs.toFixed(0)).join(', ')} ms; joining and reloading`)
    await visit.page.getByLabel(/display name/i).fill('Benchmark')
    await visit.page.getByRole('dialog').getByRole('button', { name: /join the board/i }).click()
    const warmOpen = await reopen(visit.page, scale.openTimeoutMs)

    const peer = await connectPeer(server.url, board.id, board.tokens.participant)
    const mover = new CardMover(peer, board.cards)
    const rate = { movesPerSecond: scale.movesPerSecond, ticksPerSecond: scale.moveTicksPerSecond, settleMs: scale.settleMs }
    log(`returning visit opens in ${warmOpen.openMs.toFixed(0)} ms; a peer moves ${scale.movesPerSecond} cards/s for ${scale.moveSeconds} s`)
    const meter = startLoadMeter()
    const moves = await measureMoves(visit.page, mover, { ...rate, seconds: scale.moveSeconds })
    const load = meter.stop()

    log(`profiling ${scale.profileSeconds} s more of moves (CPU profile and performance trace)`)
    // The profiler first, so that its start-up is not in the trace.
    const profiler = await PageProfiler.start(visit.page)
    await startTrace(browser, visit.page)
    const profiledMoves = await measureMoves(visit.page, mover, { ...rate, seconds: scale.profileSeconds })
    const trace = await stopTrace(browser)
    const cpuProfile = await profiler.stop()
    const files = { cpuProfile: join(runDir, 'client-moves.cpuprofile'), trace: join(runDir, 'client-moves-trace.json') }
    writeFileSync(files.cpuProfile, JSON.stringify(cpuProfile))
    writeFileSync(files.trace, trace.json)
    mover.dispose()
    peer.close()
    log('zooming in until the cards are readable')
    const zoomIn = await measureZoomIn(visit.page, scale.cards)
    if (visit.foreignRequests.length > 0) problems.push(`requests to other hosts: ${visit.foreignRequests.join(', ')}`)
    await visit.context.close()

    log('measuring the bundle')
    const bundle = await measureBundle(browser, distDir, server.url, board.links.participant)

    for (const [name, window] of [['moves', moves], ['profiled moves', profiledMoves]] as [string, MovesMeasurement][]) {
      if (window.missingRenders > 0) problems.push(`${name}: ${window.missingRenders} of ${window.sentMoves} moves never rendered`)
    }
    if (!bundle.boardSplitFromStart) problems.push('the start page loads tldraw, or the board route does not')
    const result: ClientResult = {
      quick: scale.quick,
      machine: describeMachine(),
      scale,
      seedMs,
      coldOpens,
      warmOpen,
      moves,
      profiled: { moves: profiledMoves, cpu: summarizePageProfile(cpuProfile, distDir), mainThread: trace.breakdown, files },
      zoomIn,
      bundle,
      load,
      correctness: { ok: problems.length === 0, problems },
    }
    log(`client results written to ${writeClientRun(options.stamp, result)}`)
    console.log(`\nClient on big boards (${scale.quick ? 'quick run: correctness only' : 'full run'})\n\n${clientText(result)}\n`)
    if (options.publish) {
      publishClientRun(result, browser.version())
      log('bench/README.md (client section) and results/latest/client.json updated')
    }
    for (const problem of problems) console.error(`client correctness: ${problem}`)
    return result.correctness.ok
  } finally {
    await browser.close()
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
    if (options.distDir === undefined) rmSync(distDir, { recursive: true, force: true })
  }
}
