/**
 * The differential fuzz test of the update policy (see differential-run.ts): a modest run in
 * `npm test`; `npm run fuzz -- --count N --seed S` runs longer (fuzz-cli.ts). A failure message
 * starts with the seed that reproduces it.
 */
import { expect, it } from 'vitest'
import { randomSeed } from './prng'
import { runFuzz } from './differential-run'

const COUNT = 300

it(`the server refuses every forbidden change and takes every allowed one (${COUNT} generated updates)`, async () => {
  const seed = Number(process.env.FUZZ_SEED ?? randomSeed())
  const result = await runFuzz({ count: COUNT, seed })
  expect(result.failures, `seed ${seed}`).toEqual([])
  expect(result.sent).toBe(COUNT)
  // The generator makes both kinds, or the run proves little.
  expect(result.refused).toBeGreaterThan(COUNT / 4)
  expect(result.allowedRealistic).toBeGreaterThan(COUNT / 50)
}, 120_000)
