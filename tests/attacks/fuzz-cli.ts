/**
 * `npm run fuzz -- --count N --seed S`: the differential fuzz run (differential-run.ts) for as
 * long as asked. Prints the seed first, every failure, and exits 1 if there was one.
 */
import { parseArgs } from 'node:util'
import { runFuzz } from './differential-run'
import { randomSeed } from './prng'

const { values } = parseArgs({
  options: { count: { type: 'string', default: '5000' }, seed: { type: 'string' }, 'max-failures': { type: 'string', default: '20' } },
})
const count = Number(values.count)
const seed = values.seed === undefined ? randomSeed() : Number(values.seed)
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- [--count N] [--seed S] [--max-failures F]')
  process.exit(2)
}
console.log(`fuzz: ${count} updates, seed ${seed}`)
const started = performance.now()
const result = await runFuzz({ count, seed, maxFailures: Number(values['max-failures']), progress: (done) => console.log(`  ${done} sent`) })
for (const failure of result.failures) console.log(`FAIL ${failure}`)
const seconds = ((performance.now() - started) / 1000).toFixed(1)
console.log(`fuzz: ${result.sent} sent, ${result.refused} refused, ${result.allowedRealistic} allowed realistic, ${result.failures.length} failures, ${seconds} s, seed ${seed}`)
process.exit(result.failures.length > 0 ? 1 : 0)
