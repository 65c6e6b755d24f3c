import { NOISE_LIMIT_PERCENT } from '../workloads/noise'
import type { RunResult } from './result'

/** One column of the results table. */
interface Column {
  title: string
  cell(result: RunResult): string
}

const fixed = (value: number | null, digits = 1) => (value === null || !Number.isFinite(value) ? '–' : value.toFixed(digits))
const whole = (value: number | null) => (value === null || !Number.isFinite(value) ? '–' : Math.round(value).toLocaleString('en-US'))

const columns: Column[] = [
  { title: 'W', cell: (r) => r.workload },
  { title: 'point', cell: (r) => r.point },
  { title: 'server', cell: (r) => r.server },
  { title: 'p50 ms', cell: (r) => fixed(r.latencyMs.p50) },
  { title: 'p99 ms', cell: (r) => fixed(r.latencyMs.p99) },
  { title: 'max ms', cell: (r) => fixed(r.latencyMs.max) },
  { title: 'deliv/s', cell: (r) => whole(r.deliveredPerSecond) },
  { title: 'srv CPU %', cell: (r) => fixed(r.serverCpuPercent, 0) },
  { title: 'µs/deliv', cell: (r) => fixed(r.cpuMicrosPerDelivery, 2) },
  { title: 'RSS MB', cell: (r) => fixed(r.memory.rssMb, 0) },
  { title: 'KB/conn', cell: (r) => fixed(r.memory.perConnectionKb, 0) },
  { title: 'KB/room', cell: (r) => fixed(r.memory.perRoomKb, 0) },
  { title: 'sync ms', cell: (r) => whole(r.syncMs) },
  { title: 'srv lag ms', cell: (r) => fixed(typeof r.extra.serverLoopDelayP99Ms === 'number' ? r.extra.serverLoopDelayP99Ms : null) },
  { title: 'gen CPU %', cell: (r) => fixed(r.generatorCpuPercent, 0) },
  { title: 'wait %', cell: (r) => fixed(r.waitPercent, 0) },
  { title: 'check', cell: verdict },
]

/**
 * "TIMED OUT" (abandoned at its time limit), "FAIL" (lost or diverged), "SLOW" (caught up only after the settle timeout), "INVALID"
 * (generator saturated), "NOISY" (other work kept server or generator off its core) or "ok".
 */
export function verdict(result: RunResult): string {
  if (result.correctness.timedOut) return 'TIMED OUT'
  if (!result.correctness.settled) return 'SLOW'
  if (!result.correctness.ok) return 'FAIL'
  if (!result.valid) return 'INVALID'
  return result.waitPercent > NOISE_LIMIT_PERCENT ? 'NOISY' : 'ok'
}

function rows(results: readonly RunResult[]): string[][] {
  return results.map((result) => columns.map((column) => column.cell(result)))
}

/** The results as an aligned plain-text table for the terminal. */
export function terminalTable(results: readonly RunResult[]): string {
  const body = rows(results)
  const titles = columns.map((column) => column.title)
  const widths = titles.map((title, i) => Math.max(title.length, ...body.map((row) => row[i]!.length)))
  const line = (cells: string[]) => cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
  return [line(titles), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n')
}

/** The results as a Markdown table. */
export function markdownTable(results: readonly RunResult[]): string {
  const titles = columns.map((column) => column.title)
  const align = columns.map((_, i) => (i < 3 ? ':--' : '--:'))
  return [titles, align, ...rows(results)].map((cells) => `| ${cells.join(' | ')} |`).join('\n')
}

/** A failure's details, one line, for the terminal. */
export function failureDetail(result: RunResult): string {
  const c = result.correctness
  return (
    `${result.workload} ${result.point} ${result.server}: settled=${c.settled} missing=${c.missingEdits} gaps=${c.gaps} ` +
    `svMismatch=${c.stateVectorMismatches} missingOnServer=${c.writesMissingOnServer} verifier=${c.verifierComplete} ` +
    `closes=[${c.unexpectedCloses.join(',')}] ${c.problems.join('; ')}`
  )
}
