import { spawnSync } from 'node:child_process'
import { canPin, GENERATOR_CORE, pinned } from '../servers/cores'

const PINNED_FLAG = 'GATHERBOARD_BENCH_PINNED'

/**
 * Makes sure the generator runs on its own core: if this process is not pinned
 * yet, runs it again under `taskset -c 1` and exits with that run's status.
 */
export function ensureGeneratorPinned(): void {
  if (!canPin || process.env[PINNED_FLAG] === '1') return
  const [command, args] = pinned(GENERATOR_CORE, process.execPath, [...process.execArgv, ...process.argv.slice(1)])
  const run = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, [PINNED_FLAG]: '1' } })
  process.exit(run.status ?? 1)
}
