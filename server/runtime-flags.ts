/**
 * Node flags the server process runs with, chosen by the number of cores it may use.
 *
 * V8 collects garbage with helper threads (concurrent marking, parallel scavenges). A server that
 * may use only one core (pinned with taskset, or a one-CPU virtual machine) gains nothing from
 * them: they run on the same core as the event loop and preempt it in the middle of a turn, which
 * every room feels as a stall (measured under W3: p99 35-42 ms with helpers, 14-22 ms without).
 * With one core the collector therefore works on the main thread alone. V8 accepts this flag only
 * at start-up (setting it later aborts the process), so `server/main.ts` restarts itself with it.
 */
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'

/** V8's flag for a garbage collector without helper threads. */
export const SINGLE_THREADED_GC = '--single-threaded-gc'

/** The flags for a process that may use `cores` cores. */
export function runtimeFlags(cores = availableParallelism()): string[] {
  return cores === 1 ? [SINGLE_THREADED_GC] : []
}

/**
 * Runs this script again in a child process with `runtimeFlags()` when this process lacks some,
 * forwarding SIGTERM and SIGINT and exiting with the child's status. Returns whether it did (then
 * the caller must not start anything itself).
 */
export function relaunchWithRuntimeFlags(): boolean {
  const missing = runtimeFlags().filter((flag) => !process.execArgv.includes(flag))
  if (missing.length === 0) return false
  const child = spawn(process.execPath, [...missing, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' })
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)))
  return true
}
