import { spawnSync } from 'node:child_process'
import { cpus } from 'node:os'
import { processCores } from '../metrics/proc'

/**
 * Lets this process (all its threads) and what it starts from now on run on every core again.
 * The suite pins itself to the generator's core for the server workloads; the client benchmark
 * measures a browser on this machine as a person would run it, so Chromium must not inherit that.
 * Returns the cores this process may use afterwards.
 */
export function spreadOverAllCores(): string {
  const all = `0-${cpus().length - 1}`
  if (processCores('self') !== all) spawnSync('taskset', ['-a', '-p', '-c', all, String(process.pid)], { stdio: 'ignore' })
  return processCores('self')
}
