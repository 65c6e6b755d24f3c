import { readFileSync, writeFileSync } from 'node:fs'

const README = new URL('../README.md', import.meta.url).pathname

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
