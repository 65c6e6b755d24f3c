import { spawnSync } from 'node:child_process'
import { cpus } from 'node:os'

/** The core the server under test runs on. */
export const SERVER_CORE = 0
/** The core the load generator runs on. */
export const GENERATOR_CORE = 1

/**
 * Whether processes can be pinned: taskset exists and the machine has two cores. Counted with
 * os.cpus(), not availableParallelism(): the latter only sees the cores this (already pinned)
 * process may use.
 */
export const canPin = cpus().length >= 2 && spawnSync('taskset', ['-V']).status === 0

/** The command line that runs `command` pinned to `core` (unchanged when pinning is impossible). */
export function pinned(core: number, command: string, args: readonly string[]): [string, string[]] {
  return canPin ? ['taskset', ['-c', String(core), command, ...args]] : [command, [...args]]
}
