import { parseArgs } from 'node:util'
import type { WorkloadId } from '../report/result'
import { CLUSTER_VARIANTS, SERVERS, type ServerId } from '../servers/definitions'

/** What `npm run bench -- …` asked for. */
export interface BenchOptions {
  quick: boolean
  servers: ServerId[]
  workloads: WorkloadId[]
  /** Write CPU profiles of our server and print its hot functions. */
  profile: boolean
  oursPersistence: boolean
  /** Niceness for the generator and (inherited) the servers; negative needs root. */
  nice: number
  /** Update bench/README.md and results/latest (full runs of every workload only, unless forced). */
  publish: boolean
  notes: string[]
  /** Replaces the W2 ramp's steps (per-client edits per second). */
  w2Rates: number[] | undefined
}

const WORKLOADS: WorkloadId[] = ['W1', 'W2', 'W3', 'W4', 'W5']

export const USAGE = `npm run bench -- [options]
  --quick                    every workload tiny, for correctness only (CI)
  --servers=ours,y-websocket-server,hocuspocus   (also ours-cluster-direct, ours-cluster-forwarded: PostgreSQL and Redis)
  --workloads=W1,W2,W3,W4,W5
  --profile                  CPU-profile our server (--cpu-prof) and print its hot functions
  --ours-persistence=on|off  our server's persistence in W1–W4 (default on)
  --nice=N                   run generator and servers at niceness N (default -10 when root, else 0)
  --publish / --no-publish   update README.md and results/latest (default: full runs of everything)
  --note="…"                 a line to print above the README table (repeatable)
  --w2-rates=16,20,24        W2 steps to run instead of the full ramp`

/** Parses the command line. */
export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      servers: { type: 'string' },
      workloads: { type: 'string' },
      profile: { type: 'boolean', default: false },
      'ours-persistence': { type: 'string', default: 'on' },
      nice: { type: 'string' },
      publish: { type: 'boolean' },
      'no-publish': { type: 'boolean' },
      note: { type: 'string', multiple: true },
      'w2-rates': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const servers = list(values.servers, SERVERS.map((s) => s.id), CLUSTER_VARIANTS.map((s) => s.id))
  const workloads = list(values.workloads, WORKLOADS)
  const everything = servers.length === SERVERS.length && SERVERS.every((s) => servers.includes(s.id)) && workloads.length === WORKLOADS.length && values['w2-rates'] === undefined
  return {
    quick: values.quick,
    servers,
    workloads,
    profile: values.profile,
    oursPersistence: values['ours-persistence'] !== 'off',
    nice: values.nice === undefined ? (process.getuid?.() === 0 ? -10 : 0) : Number(values.nice),
    publish: values['no-publish'] ? false : (values.publish ?? (everything && !values.quick && !values.profile)),
    notes: values.note ?? [],
    w2Rates: values['w2-rates']?.split(',').map(Number),
  }
}

/** The picked items, or `byDefault` when none are; `alsoAllowed` are run only when picked. */
function list<T extends string>(value: string | undefined, byDefault: readonly T[], alsoAllowed: readonly T[] = []): T[] {
  if (value === undefined) return [...byDefault]
  const allowed = [...byDefault, ...alsoAllowed]
  const picked = value.split(',').map((item) => item.trim()) as T[]
  const unknown = picked.filter((item) => !allowed.includes(item))
  if (unknown.length > 0) throw new Error(`unknown ${unknown.join(', ')}; expected ${allowed.join(', ')}`)
  return picked
}
