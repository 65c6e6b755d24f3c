import { publishPartRun, writePartRun } from '../report/publish'
import { MOBILE_PAGES } from './pages'
import { checkMobileTargets, type MobileResult, type ServerRun } from './result'
import type { VisitMeasurement } from './visit'


const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`
const kb = (bytes: number) => `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} KB`

const visitCell = (visit: VisitMeasurement) =>
  `${ms(visit.usableMs)} (${kb(visit.transferredBytes)} in ${visit.requests.filter((request) => request.transferredBytes > 0).length} requests)`

/** [page, server, first visit, second visit] per page and server. */
function rows(result: MobileResult): string[][] {
  return MOBILE_PAGES.flatMap((page) =>
    result.servers.map((run) => {
      const measured = run.pages.find((candidate) => candidate.page === page.id)!
      return [page.title, run.name, visitCell(measured.first), visitCell(measured.second)]
    }),
  )
}

/** What the first visit of the phone page loaded until usable, largest first. */
function phoneRequests(run: ServerRun): string[][] {
  const phone = run.pages.find((page) => page.page === 'phone')!
  return [...phone.first.requests]
    .sort((a, b) => b.transferredBytes - a.transferredBytes)
    .map((request) => [
      request.path,
      request.type,
      kb(request.transferredBytes),
      request.contentEncoding ?? 'none',
      `${request.startMs}–${request.endMs} ms`,
    ])
}

const HEAD = ['page', 'server', 'first visit: usable after (transferred)', 'second visit, from the service worker']

function networkLine(result: MobileResult): string {
  const network = result.network
  return network === null
    ? 'network not throttled (quick run: correctness only)'
    : `network emulated by Chrome: ${network.latency} ms round trip, ${(network.downloadThroughput * 8) / 1000} kbit/s down, ${(network.uploadThroughput * 8) / 1000} kbit/s up`
}

/** The run as terminal text. */
export function mobileText(result: MobileResult): string {
  const table = [HEAD, ...rows(result)]
  const widths = HEAD.map((_, column) => Math.max(...table.map((row) => row[column]!.length)))
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')
  return [
    networkLine(result),
    ...table.map(line),
    '',
    'Targets (issue 12)',
    ...checkMobileTargets(result).map((check) => `${check.met ? ' met  ' : 'MISSED'}  ${check.target}: ${check.measured}`),
    ...result.servers.flatMap((run) => [
      '',
      `phone page, first visit, ${run.name}: what it loaded until usable`,
      ...phoneRequests(run).map((row) => `  ${row.join('  ')}`),
    ]),
  ].join('\n')
}

function markdown(result: MobileResult, chromium: string): string {
  const { machine } = result
  const table = (head: string[], body: string[][]) =>
    [head, head.map(() => ':--'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n')
  return [
    `Run of ${machine.date.slice(0, 10)} at commit \`${machine.commit}\` on ${machine.cores} × ${machine.cpuModel}, Node ${machine.node}, Chromium ${chromium}; ${networkLine(result)}.`,
    '',
    table(HEAD, rows(result)),
    '',
    '**Targets (issue 12)**',
    '',
    table(['target', 'measured', ''], checkMobileTargets(result).map((check) => [check.target, check.measured, check.met ? 'met' : 'missed'])),
    '',
    ...result.servers.flatMap((run) => [
      `**Phone page, first visit, ${run.name}**: what it loaded until usable`,
      '',
      table(['path', 'type', 'transferred', 'coding', 'asked–arrived'], phoneRequests(run)),
      '',
    ]),
  ].join('\n')
}

/** Writes the run's JSON to results/runs/<stamp>/mobile.json; returns the path. */
export function writeMobileRun(stamp: string, result: MobileResult): string {
  return writePartRun(stamp, 'mobile', result)
}

/** Makes a full run the latest: results/latest/mobile.json and the README's mobile section. */
export function publishMobileRun(result: MobileResult, chromium: string): void {
  publishPartRun('mobile', result, markdown(result, chromium))
}
