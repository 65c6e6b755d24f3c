import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer } from '../../server/app'
import { createLogger } from '../../server/log'
import { launchBrowser } from '../../tests/helpers/browser'
import { spreadOverAllCores } from '../browser/all-cores'
import { buildClient } from '../browser/build-client'
import { seedBigBoard } from '../browser/seed'
import { describeMachine } from '../report/machine'
import { startOtherCheckout } from './other-checkout'
import { MOBILE_PAGES } from './pages'
import { mobileText, publishMobileRun, writeMobileRun } from './report'
import type { MobileResult, ServerRun } from './result'
import { SLOW_MOBILE, throttleServiceWorkers } from './slow-network'
import { measurePage } from './visit'

export interface MobileRunOptions {
  quick: boolean
  /** Update bench/README.md's mobile section and results/latest/mobile.json. */
  publish: boolean
  stamp: string
  /** A built client to serve instead of building one. */
  distDir?: string
  /** Another built checkout (main, say) measured in the same run for comparison. */
  compareDir?: string
  log(message: string): void
}

/** A meeting's board as phones open it: the question map, its purpose and a few cards per section. */
const CARDS = 25
/** Far above any page on the slow profile (main's board took 48 s). */
const TIMEOUT_MS = 180_000

/**
 * Phones on mobile data (issue 12): headless Chromium on Chrome's emulation of a slow mobile
 * network opens the phone page, the start page and the board, each as a first-time visitor and
 * again from the service worker's cache, against our server (in this process, serving a fresh
 * production build) and optionally another checkout's. Resolves false on a correctness problem
 * (a request to another host); a page that never becomes usable throws. No timing decides the
 * outcome. A quick run does not throttle.
 */
export async function runMobileBenchmark(options: MobileRunOptions): Promise<boolean> {
  const { log } = options
  const network = options.quick ? null : SLOW_MOBILE
  log(`mobile benchmark (${options.quick ? 'quick: not throttled' : 'slow mobile network'}); this process may use cores ${spreadOverAllCores()}`)
  const distDir = options.distDir ?? buildClient()
  const dataDir = mkdtempSync(join(tmpdir(), 'gatherboard-mobile-bench-data-'))
  const ours = await startServer({ port: 0, host: '127.0.0.1', dataDir, staticDir: distDir, logger: createLogger({ level: 'warn' }) })
  const other = options.compareDir === undefined ? null : await startOtherCheckout(options.compareDir)
  const browser = await launchBrowser()
  const stopThrottlingWorkers = network === null ? null : await throttleServiceWorkers(browser, network)
  const problems: string[] = []
  try {
    const servers = [{ name: 'this checkout', origin: ours.url }]
    if (other !== null) servers.push({ name: options.compareDir!, origin: other.origin })
    const boards = await Promise.all(servers.map((server) => seedBigBoard(server.origin, CARDS)))
    const runs: ServerRun[] = servers.map((server) => ({ name: server.name, pages: [] }))
    // Page by page, each server in turn, so that a noisy minute on this shared machine hits both.
    for (const page of MOBILE_PAGES) {
      for (const [i, server] of servers.entries()) {
        const measured = await measurePage(browser, server.origin, page, boards[i]!, network, TIMEOUT_MS)
        runs[i]!.pages.push(measured)
        log(`${page.id}, ${server.name}: usable after ${measured.first.usableMs.toFixed(0)} ms, from the service worker ${measured.second.usableMs.toFixed(0)} ms`)
        if (measured.foreignRequests.length > 0) problems.push(`${page.id}: requests to other hosts: ${measured.foreignRequests.join(', ')}`)
      }
    }
    const result: MobileResult = { quick: options.quick, machine: describeMachine(), network, servers: runs, correctness: { ok: problems.length === 0, problems } }
    log(`mobile results written to ${writeMobileRun(options.stamp, result)}`)
    console.log(`\nPhones on mobile data (${options.quick ? 'quick run: correctness only' : 'full run'})\n\n${mobileText(result)}\n`)
    if (options.publish && !options.quick) {
      publishMobileRun(result, browser.version())
      log('bench/README.md (mobile section) and results/latest/mobile.json updated')
    }
    for (const problem of problems) console.error(`mobile correctness: ${problem}`)
    return result.correctness.ok
  } finally {
    await stopThrottlingWorkers?.()
    await browser.close()
    await other?.stop()
    await ours.close()
    rmSync(dataDir, { recursive: true, force: true })
    if (options.distDir === undefined) rmSync(distDir, { recursive: true, force: true })
  }
}
