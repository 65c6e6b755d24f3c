import { isOurs, type ServerId } from '../servers/definitions'
import type { RunResult } from './result'
import { NOISE_LIMIT_PERCENT } from '../workloads/noise'
import { sustained } from '../workloads/w2-ramp'

/** One target of issue 6 and how our server did. */
export interface TargetCheck {
  target: string
  measured: string
  /** null when the run did not produce the figures (e.g. --quick, or a server left out). */
  met: boolean | null
  /** Some figure behind the verdict was measured while other work disturbed server or generator. */
  noisy?: boolean
}

const isNoisy = (...results: (RunResult | undefined)[]) => results.some((r) => r !== undefined && r.waitPercent > NOISE_LIMIT_PERCENT)

const find = (results: readonly RunResult[], workload: string, point: string, server: ServerId) =>
  results.find((r) => r.workload === workload && r.point === point && r.server === server)

const ratio = (a: number | null | undefined, b: number | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined || b === 0 ? null : a / b

const show = (value: number | null, digits = 2, unit = '') => (value === null ? 'n/a' : `${value.toFixed(digits)}${unit}`)

/** What `measured` costs on p99 against `base`, as a target met when the ratio is at most `limit`. */
function p99Cost(target: string, measured: RunResult | undefined, base: RunResult | undefined, limit: number): TargetCheck {
  const cost = ratio(measured?.latencyMs.p99, base?.latencyMs.p99)
  return {
    target,
    measured: `${show(measured?.latencyMs.p99 ?? null, 1, ' ms')} vs ${show(base?.latencyMs.p99 ?? null, 1, ' ms')} = ${cost === null ? 'n/a' : `${((cost - 1) * 100).toFixed(0)}%`}`,
    met: cost === null ? null : cost <= limit,
    noisy: isNoisy(measured, base),
  }
}

/** The highest W2 rate a server sustained (p99 under the limit, valid, correct); null when none. */
export function sustainedRate(results: readonly RunResult[], server: ServerId, p99LimitMs: number): number | null {
  const steps = results.filter((r) => r.workload === 'W2' && r.server === server && sustained(r, p99LimitMs))
  return steps.length === 0 ? null : Math.max(...steps.map((r) => Number(r.params.editsPerSecond)))
}

/** Whether a server's ramp ended on an invalid (generator-saturated) step: its rate is then a lower bound. */
function rampGeneratorBound(results: readonly RunResult[], server: ServerId): boolean {
  const steps = results.filter((r) => r.workload === 'W2' && r.server === server)
  return steps.length > 0 && !steps[steps.length - 1]!.valid
}

/** Evaluates every target of issue 6 that the results allow. */
export function checkTargets(results: readonly RunResult[], p99LimitMs: number): TargetCheck[] {
  const checks: TargetCheck[] = []

  const w1Ours = find(results, 'W1', 'N=100', 'ours')
  const w1Hocus = find(results, 'W1', 'N=100', 'hocuspocus')
  const p99Ratio = ratio(w1Ours?.latencyMs.p99, w1Hocus?.latencyMs.p99)
  const cpuRatio = ratio(w1Ours?.cpuMicrosPerDelivery, w1Hocus?.cpuMicrosPerDelivery)
  const w1Noisy = isNoisy(w1Ours, w1Hocus)
  checks.push({ target: 'W1@100 p99 ≤ 0.5× Hocuspocus', measured: `${show(p99Ratio)}×`, met: p99Ratio === null ? null : p99Ratio <= 0.5, noisy: w1Noisy })
  checks.push({ target: 'W1@100 CPU/msg ≤ 0.7× Hocuspocus', measured: `${show(cpuRatio)}×`, met: cpuRatio === null ? null : cpuRatio <= 0.7, noisy: w1Noisy })

  const ours = sustainedRate(results, 'ours', p99LimitMs)
  const hocus = sustainedRate(results, 'hocuspocus', p99LimitMs)
  const ywss = sustainedRate(results, 'y-websocket-server', p99LimitMs)
  const bound = (server: ServerId) => (rampGeneratorBound(results, server) ? ' (generator-bound: at least)' : '')
  const hasW2 = results.some((r) => r.workload === 'W2')
  const w2Noisy = isNoisy(...results.filter((r) => r.workload === 'W2'))
  const rateRatio = (other: number | null) => (ours === null || other === null ? null : ours / other)
  const vsHocus = rateRatio(hocus)
  const vsYwss = rateRatio(ywss)
  checks.push({
    target: 'W2 rate ≥ 1.5× Hocuspocus',
    measured: `ours ${show(ours, 0, '/s')}${bound('ours')} vs ${show(hocus, 0, '/s')}${bound('hocuspocus')} = ${show(vsHocus)}×`,
    met: hasW2 && vsHocus !== null ? vsHocus >= 1.5 : null,
    noisy: w2Noisy,
  })
  checks.push({
    target: 'W2 rate ≥ 3× @y/websocket-server',
    measured: `ours ${show(ours, 0, '/s')} vs ${show(ywss, 0, '/s')}${bound('y-websocket-server')} = ${show(vsYwss)}×`,
    met: hasW2 && vsYwss !== null ? vsYwss >= 3 : null,
    noisy: w2Noisy,
  })

  const w3 = results.find((r) => r.workload === 'W3' && r.server === 'ours')
  const w3Refs = results
    .filter((r) => r.workload === 'W3' && !isOurs(r.server))
    .map((r) => `${r.server} ${show(r.memory.perConnectionKb, 0, ' KB')}`)
    .join(', ')
  checks.push({
    target: 'W3 p99 < 20 ms',
    measured: `${show(w3?.latencyMs.p99 ?? null, 1, ' ms')}`,
    met: w3?.latencyMs.p99 == null ? null : w3.latencyMs.p99 < 20,
    noisy: isNoisy(w3),
  })
  checks.push({
    target: 'W3 ≤ 25 KB per idle connection',
    measured: `${show(w3?.memory.perConnectionKb ?? null, 1, ' KB')}${w3Refs ? ` (${w3Refs})` : ''}`,
    met: w3?.memory.perConnectionKb == null ? null : w3.memory.perConnectionKb <= 25,
  })

  const w4 = results.find((r) => r.workload === 'W4' && r.server === 'ours')
  checks.push({ target: 'W4 all joiners synced < 3 s', measured: show(w4?.syncMs ?? null, 0, ' ms'), met: w4?.syncMs == null ? null : w4.syncMs < 3000, noisy: isNoisy(w4) })
  checks.push({
    target: 'W4 other room p99 < 100 ms',
    measured: show(w4?.latencyMs.p99 ?? null, 1, ' ms'),
    met: w4?.latencyMs.p99 == null ? null : w4.latencyMs.p99 < 100,
    noisy: isNoisy(w4),
  })

  // Ours on PostgreSQL against ours on SQLite, when the run had both (`--servers=ours,ours-postgres`).
  const w1Postgres = find(results, 'W1', 'N=100', 'ours-postgres')
  checks.push(p99Cost('W1@100 PostgreSQL costs ≤ 25% p99 against SQLite', w1Postgres, w1Ours, 1.25))

  const off = find(results, 'W5', 'persistence off', 'ours')
  const on = find(results, 'W5', 'persistence on', 'ours')
  checks.push(p99Cost('W5 persistence costs ≤ 20% p99', on, off, 1.2))
  const stored = find(results, 'W5', 'stored size', 'ours')
  const storedRatio = typeof stored?.extra.storedToJsonRatio === 'number' ? stored.extra.storedToJsonRatio : null
  checks.push({
    target: 'W5 stored ≤ 3× final JSON',
    measured: stored
      ? `${stored.extra.storedBytes} B on disk / ${stored.extra.finalJsonBytes} B = ${show(storedRatio)}× ` +
        `(pages in use ${stored.extra.liveDatabaseBytes} B = ${show(typeof stored.extra.liveDatabaseToJsonRatio === 'number' ? stored.extra.liveDatabaseToJsonRatio : null)}×)`
      : 'n/a',
    met: storedRatio === null ? null : storedRatio <= 3,
  })
  return checks
}

/**
 * Ours against each reference server, per point that ran on both: p99 and CPU per delivery; ours
 * on PostgreSQL is compared with ours on SQLite.
 */
export function ratioLines(results: readonly RunResult[]): string[] {
  const lines: string[] = []
  for (const ours of results.filter((r) => isOurs(r.server))) {
    const parts = results
      .filter((r) => r.workload === ours.workload && r.point === ours.point)
      .filter((r) => (ours.server === 'ours' ? !isOurs(r.server) : r.server === 'ours'))
      .map(
        (ref) =>
          `vs ${ref.server}: p99 ${show(ratio(ours.latencyMs.p99, ref.latencyMs.p99))}×, CPU/deliv ${show(ratio(ours.cpuMicrosPerDelivery, ref.cpuMicrosPerDelivery))}×`,
      )
    const which = ours.server === 'ours' ? '' : ` (${ours.server})`
    if (parts.length > 0) lines.push(`${ours.workload} ${ours.point}${which}: ${parts.join('; ')}`)
  }
  return lines
}

/** The target checks as a Markdown table. */
export function targetsMarkdown(checks: readonly TargetCheck[]): string {
  const mark = (c: TargetCheck) => `${c.met === null ? 'n/a' : c.met ? 'met' : 'missed'}${c.noisy ? ' (noisy)' : ''}`
  return ['| target | measured | |', '| :-- | :-- | :-- |', ...checks.map((c) => `| ${c.target} | ${c.measured} | ${mark(c)} |`)].join('\n')
}

/** The target checks as terminal lines. */
export function targetsText(checks: readonly TargetCheck[]): string {
  const mark = (met: boolean | null) => (met === null ? ' n/a  ' : met ? ' met  ' : 'MISSED')
  return checks.map((c) => `${mark(c.met)}  ${c.target}: ${c.measured}${c.noisy ? '  (noisy: not conclusive)' : ''}`).join('\n')
}
