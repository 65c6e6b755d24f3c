import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const BENCH_DIR = new URL('../', import.meta.url).pathname
const README = join(BENCH_DIR, 'README.md')
/** Every run's JSON files go here (not committed). */
export const RUNS_DIR = join(BENCH_DIR, 'results', 'runs')
/** The latest full run's JSON (committed). */
export const LATEST_DIR = join(BENCH_DIR, 'results', 'latest')

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

/**
 * Replaces what stands between `<!-- <name>:start -->` and `<!-- <name>:end -->` in
 * bench/README.md with `markdown`: the sections each part of the suite publishes its latest full run in.
 */
export function replaceReadmeSection(name: string, markdown: string): void {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const readme = readFileSync(README, 'utf8')
  const from = readme.indexOf(start)
  const to = readme.indexOf(end)
  if (from === -1 || to === -1) throw new Error(`bench/README.md lacks the ${start} … ${end} markers`)
  writeFileSync(README, `${readme.slice(0, from)}${start}\n${markdown}\n${readme.slice(to)}`)
}

/** Writes one part's result of a run to results/runs/<stamp>/<part>.json; returns the path. */
export function writePartRun(stamp: string, part: string, result: unknown): string {
  const path = join(RUNS_DIR, stamp, `${part}.json`)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, json(result))
  return path
}

/** Makes a part's full run the latest: results/latest/<part>.json and the README's `<part>-results` section. */
export function publishPartRun(part: string, result: unknown, markdown: string): void {
  mkdirSync(LATEST_DIR, { recursive: true })
  writeFileSync(join(LATEST_DIR, `${part}.json`), json(result))
  replaceReadmeSection(`${part}-results`, markdown)
}
