import { publishPartRun, writePartRun } from '../report/publish'
import type { HotSpot } from '../profile/hot-functions'
import { checkClientTargets, coldOpenMedianMs, type ClientResult } from './result'


const ms = (value: number | null) => (value === null ? 'n/a' : `${Math.round(value).toLocaleString('en-US')} ms`)
const kb = (bytes: number) => `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} KB`

/** The run's figures as [measure, value] rows, shared by the terminal table and the README. */
function rows(result: ClientResult): [string, string][] {
  const { scale, moves, bundle, zoomIn } = result
  const cold = result.coldOpens.map((open) => Math.round(open.openMs).toLocaleString('en-US')).join(' / ')
  const openTasks = [...result.coldOpens, result.warmOpen]
  const lag = moves.lagMs
  return [
    [`open, first visit (median of ${result.coldOpens.length})`, `${ms(coldOpenMedianMs(result))} (each: ${cold} ms)`],
    ['open, returning visitor (reload)', ms(result.warmOpen.openMs)],
    ['long tasks until open (longest)', `${Math.max(...openTasks.map((open) => open.longestTaskMs)).toFixed(0)} ms`],
    ['moves sent', `${moves.sentMoves.toLocaleString('en-US')} in ${scale.moveSeconds} s (${moves.sentPerSecond.toFixed(0)}/s in ${scale.moveTicksPerSecond} updates/s)`],
    ['send-to-render lag p50 / p95 / p99 / max', `${ms(lag.p50)} / ${ms(lag.p95)} / ${ms(lag.p99)} / ${ms(lag.max)}`],
    ['moves never rendered', String(moves.missingRenders)],
    ['tasks > 50 ms during moves (longest)', `${moves.longTasks} (${moves.longestTaskMs.toFixed(0)} ms)`],
    ['frames/s during moves (longest gap)', `${moves.framesPerSecond.toFixed(0)} (${ms(moves.longestFrameGapMs)})`],
    [
      `zoom in to ${zoomIn.zoomPercent} % (texts appear)`,
      `${zoomIn.cardsInView} cards in view show text after ${ms(zoomIn.textShownMs)}, all ${scale.cards.toLocaleString('en-US')} after ${ms(zoomIn.allTextMs)}; longest task ${ms(zoomIn.longestTaskMs)}`,
    ],
    ['JS gzip, all chunks', `${kb(bundle.totalGzipBytes)} (${kb(bundle.totalBytes)} raw, ${bundle.chunks.length} files)`],
    ['JS gzip, start page', `${kb(bundle.startPage.gzipBytes)} (${bundle.startPage.chunks.join(', ')})`],
    ['JS gzip, board route', `${kb(bundle.boardRoute.gzipBytes)} (${bundle.boardRoute.chunks.join(', ')})`],
    ['other load on the machine during moves', `${result.load.othersPercent.toFixed(0)} % of all cores (this benchmark: ${result.load.oursPercent.toFixed(0)} %)`],
  ]
}

function hotLine(spot: HotSpot): string {
  return `${(spot.share * 100).toFixed(1).padStart(5)}%  ${spot.selfMs.toFixed(0).padStart(6)} ms  ${spot.name}  ${spot.location}`
}

/** The run as terminal text: figures, targets, and what the profile showed. */
export function clientText(result: ClientResult): string {
  const table = rows(result)
  const width = Math.max(...table.map(([measure]) => measure.length))
  const { mainThread, cpu, moves } = result.profiled
  return [
    ...table.map(([measure, value]) => `${measure.padEnd(width)}  ${value}`),
    '',
    'Targets (issue 6)',
    ...checkClientTargets(result).map((check) => `${check.met ? ' met  ' : 'MISSED'}  ${check.target}: ${check.measured}`),
    '',
    `Profiled window (${result.scale.profileSeconds} s, lag p95 ${ms(moves.lagMs.p95)} with the profiler on): main thread CPU ${ms(mainThread.busyMs)} in ${ms(mainThread.windowMs)}, ${mainThread.tasks} tasks, longest ${ms(mainThread.longestTaskMs)}`,
    'main thread by trace event (self CPU time):',
    ...mainThread.byEvent.slice(0, 10).map((event) => `${(event.share * 100).toFixed(1).padStart(5)}%  ${event.selfMs.toFixed(0).padStart(6)} ms  ${event.name}`),
    'JavaScript by function (CPU profile, self time; "(program)" is the browser\'s own work):',
    ...cpu.functions.slice(0, 15).map(hotLine),
    'by package or file:',
    ...cpu.files.slice(0, 10).map(hotLine),
    `raw profile: ${result.profiled.files.cpuProfile}; trace (open in DevTools' performance panel): ${result.profiled.files.trace}`,
  ].join('\n')
}

/** The run as the README's results section. */
function clientMarkdown(result: ClientResult, chromium: string): string {
  const { machine } = result
  const { mainThread, cpu } = result.profiled
  const table = (head: string[], body: string[][]) =>
    [head, head.map((_, i) => (i === 0 ? ':--' : '--:')), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n')
  return [
    `Run of ${machine.date.slice(0, 10)} at commit \`${machine.commit}\` on ${machine.cores} × ${machine.cpuModel}, Node ${machine.node}, Chromium ${chromium}, Linux ${machine.kernel}.`,
    '',
    '| measure | value |',
    '| :-- | :-- |',
    ...rows(result).map(([measure, value]) => `| ${measure} | ${value} |`),
    '',
    '**Targets (issue 6)**',
    '',
    '| target | measured | |',
    '| :-- | :-- | :-- |',
    ...checkClientTargets(result).map((check) => `| ${check.target} | ${check.measured} | ${check.met ? 'met' : 'missed'} |`),
    '',
    `**Profile of the moves** (${result.scale.profileSeconds} s with the CPU profiler and a performance trace on; main thread CPU ${ms(mainThread.busyMs)} in ${ms(mainThread.windowMs)}, longest task ${ms(mainThread.longestTaskMs)})`,
    '',
    table(['main thread, by trace event (self CPU time)', 'ms', 'share'], mainThread.byEvent.slice(0, 8).map((e) => [e.name, e.selfMs.toFixed(0), `${(e.share * 100).toFixed(1)} %`])),
    '',
    table(['JavaScript, by package or file (self time)', 'ms', 'share'], cpu.files.slice(0, 8).map((s) => [s.name, s.selfMs.toFixed(0), `${(s.share * 100).toFixed(1)} %`])),
  ].join('\n')
}

/** Writes the run's JSON to results/runs/<stamp>/client.json; returns the path. */
export function writeClientRun(stamp: string, result: ClientResult): string {
  return writePartRun(stamp, 'client', result)
}

/** Makes a full run the latest: results/latest/client.json and the README's client section. */
export function publishClientRun(result: ClientResult, chromium: string): void {
  publishPartRun('client', result, clientMarkdown(result, chromium))
}
