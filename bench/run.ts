/**
 * The benchmark suite (issue 6): drives our server and the two reference Yjs
 * servers with identical workloads, one server at a time, the server pinned to
 * one core and this generator to the other. `npm run bench -- --help`.
 */
import { mkdirSync, mkdtempSync } from 'node:fs'
import { getPriority, setPriority } from 'node:os'
import { join } from 'node:path'
import { takeClientOptions } from './browser/cli'
import { runClientBenchmark } from './browser/run-client'
import { takeMobileOptions } from './mobile/cli'
import { runMobileBenchmark } from './mobile/run-mobile'
import { parseOptions } from './cli/options'
import { processCores } from './metrics/proc'
import { ensureGeneratorPinned } from './cli/pin'
import { profileText, summarizeProfiles } from './profile/hot-functions'
import { describeMachine } from './report/machine'
import { publishLatest, RUNS_DIR, writeRunFile } from './report/output'
import type { RunResult, WorkloadId } from './report/result'
import { failureDetail, terminalTable } from './report/table'
import { checkTargets, ratioLines, targetsText } from './report/targets'
import { FULL, QUICK } from './scale'
import { canPin, SERVER_CORE } from './servers/cores'
import { isOurs, serverById } from './servers/definitions'
import type { SuiteContext } from './workloads/context'
import { runMeeting } from './workloads/w1-meeting'
import { runRamp } from './workloads/w2-ramp'
import { runManyMeetings } from './workloads/w3-many-meetings'
import { runJoinStorm } from './workloads/w4-join-storm'
import { runPersistence } from './workloads/w5-persistence'

const WORKLOADS: Record<WorkloadId, (context: SuiteContext) => Promise<RunResult[]>> = {
  W1: runMeeting,
  W2: runRamp,
  W3: runManyMeetings,
  W4: runJoinStorm,
  W5: runPersistence,
}

async function main(): Promise<number> {
  ensureGeneratorPinned()
  const client = takeClientOptions(process.argv.slice(2))
  const mobile = takeMobileOptions(client.rest)
  const options = parseOptions(mobile.rest)
  const base = options.quick ? QUICK : FULL
  const scale = {
    ...base,
    ...(options.w2Rates === undefined ? {} : { w2Rates: options.w2Rates }),
    ...(options.w1Clients === undefined ? {} : { w1Clients: options.w1Clients }),
  }
  const machine = describeMachine()
  const stamp = machine.date.replace(/[:.]/g, '-')
  const started = Date.now()
  const log = (message: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`)
  // A higher priority than the other work on this shared machine keeps it from taking the
  // servers' core mid-window; every server gets the same, and children inherit it.
  try {
    setPriority(options.nice)
    log(`running at niceness ${getPriority()}`)
  } catch {
    log(`could not set niceness ${options.nice}; running at ${getPriority()}`)
  }
  if (canPin) log(`generator pinned to core ${processCores('self')}, servers to core ${SERVER_CORE}`)
  else log('WARNING: cannot pin (needs taskset and two cores): server and generator share cores')
  mkdirSync(RUNS_DIR, { recursive: true })
  const runClient = () => runClientBenchmark({ quick: scale.quick, publish: options.publish, stamp, distDir: client.distDir, log })
  const runMobile = () =>
    runMobileBenchmark({ quick: scale.quick, publish: options.publish, stamp, distDir: client.distDir, compareDir: mobile.compareDir, log })
  if (client.mode === 'only' || mobile.mode === 'only') {
    const clientOk = client.mode !== 'only' || (await runClient())
    const mobileOk = mobile.mode !== 'only' || (await runMobile())
    return clientOk && mobileOk ? 0 : 1
  }
  const cpuProfileDir = options.profile ? mkdtempSync(join(RUNS_DIR, `${stamp}-profile-`)) : undefined
  const context: SuiteContext = {
    servers: options.servers.map(serverById),
    scale,
    oursPersistence: options.oursPersistence,
    cpuProfileDir,
    log,
  }

  const files = []
  for (const workload of options.workloads) {
    // One profile directory per workload, so each gets its own hot list.
    const profileDir = cpuProfileDir === undefined ? undefined : join(cpuProfileDir, workload)
    if (profileDir !== undefined) mkdirSync(profileDir)
    const results = await WORKLOADS[workload]({ ...context, cpuProfileDir: profileDir })
    const file = { workload, quick: scale.quick, machine, options: { ...options, scale }, results }
    files.push(file)
    log(`${workload} written to ${writeRunFile(stamp, file)}`)
    if (results.length > 0) console.log(`\n${terminalTable(results)}\n`)
  }

  const all = files.flatMap((file) => file.results)
  console.log(`\nAll results (${scale.quick ? 'quick' : 'full'} run, ${((Date.now() - started) / 60000).toFixed(1)} min)\n`)
  console.log(terminalTable(all))
  if (scale.quick) {
    console.log('\n(quick run: correctness only; targets and ratios need a full run)')
  } else {
    console.log(`\nTargets\n${targetsText(checkTargets(all, scale.w2P99LimitMs))}`)
    const ratios = ratioLines(all)
    if (ratios.length > 0) console.log(`\nOurs against the reference servers (below 1 is better for us)\n${ratios.join('\n')}`)
  }
  if (cpuProfileDir !== undefined) {
    for (const workload of options.workloads) {
      const dir = join(cpuProfileDir, workload)
      console.log(`\nProfile of our server under ${workload} (${dir})\n${profileText(summarizeProfiles(dir))}`)
    }
  }
  if (options.publish) {
    publishLatest(files, machine, scale.w2P99LimitMs, options.notes)
    log('bench/README.md and bench/results/latest updated')
  }

  // Quick runs (CI) fail on any correctness failure, and on falling behind at their tiny load;
  // full runs fail only on our own correctness: an overloaded reference server is a result.
  const failed = (r: RunResult) => !r.correctness.ok || (scale.quick && !r.correctness.settled)
  const failures = all.filter((r) => failed(r) && (scale.quick || isOurs(r.server)))
  for (const failure of all.filter(failed)) console.error(`correctness: ${failureDetail(failure)}`)
  const clientOk = client.mode === 'off' || (await runClient())
  const mobileOk = mobile.mode === 'off' || (await runMobile())
  return failures.length > 0 || !clientOk || !mobileOk ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
