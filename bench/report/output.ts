import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Machine } from './machine'
import { LATEST_DIR, replaceReadmeSection, RUNS_DIR, writePartRun } from './publish'
import type { RunResult, WorkloadId } from './result'
import { markdownTable } from './table'
import { checkTargets, ratioLines, targetsMarkdown } from './targets'

export { RUNS_DIR }

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
  return writePartRun(stamp, file.workload, file)
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
