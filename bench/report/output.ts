import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Machine } from './machine'
import { replaceReadmeSection } from './readme-section'
import type { RunResult, WorkloadId } from './result'
import { markdownTable } from './table'
import { checkTargets, ratioLines, targetsMarkdown } from './targets'

const benchDir = new URL('../', import.meta.url).pathname
/** Every run's JSON files go here (not committed). */
export const RUNS_DIR = join(benchDir, 'results', 'runs')
/** The latest full run's JSON, one file per workload (committed). */
const LATEST_DIR = join(benchDir, 'results', 'latest')

/** What is written for one workload of one run. */
interface WorkloadFile {
  workload: WorkloadId
  quick: boolean
  machine: Machine
  options: Record<string, unknown>
  results: RunResult[]
}

/** Writes a workload's results of this run to results/runs/<stamp>/<W>.json; returns the path. */
export function writeRunFile(stamp: string, file: WorkloadFile): string {
  const dir = join(RUNS_DIR, stamp)
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${file.workload}.json`)
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`)
  return path
}

/** Makes a full run the latest: copies its JSON to results/latest and rewrites the README's results section. */
export function publishLatest(files: readonly WorkloadFile[], machine: Machine, p99LimitMs: number, notes: string[]): void {
  mkdirSync(LATEST_DIR, { recursive: true })
  for (const file of files) writeFileSync(join(LATEST_DIR, `${file.workload}.json`), `${JSON.stringify(file, null, 2)}\n`)
  const results = files.flatMap((file) => file.results)
  const section = [
    `Run of ${machine.date.slice(0, 10)} at commit \`${machine.commit}\` on ${machine.cores} × ${machine.cpuModel}, Node ${machine.node}, Linux ${machine.kernel}.`,
    '',
    ...notes.map((note) => `> ${note}`),
    notes.length > 0 ? '' : null,
    markdownTable(results),
    '',
    '**Targets (issue 6)**',
    '',
    targetsMarkdown(checkTargets(results, p99LimitMs)),
    '',
    '**Ours against the reference servers** (below 1 is better for us)',
    '',
    ...ratioLines(results).map((line) => `- ${line}`),
  ]
    .filter((line) => line !== null)
    .join('\n')
  replaceReadmeSection('results', section)
}
