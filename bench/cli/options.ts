import { parseArgs } from 'node:util'
import type { WorkloadId } from '../report/result'
import { DEFAULT_SERVERS, SERVERS, type ServerId } from '../servers/definitions'

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
  /** Replaces W1's meeting sizes. */
  w1Clients: number[] | undefined
}

const WORKLOADS: WorkloadId[] = ['W1', 'W2', 'W3', 'W4', 'W5']

export const USAGE = `npm run bench -- [options]
  --quick                    every workload tiny, for correctness only (CI)
  --servers=ours,y-websocket-server,hocuspocus   (default; add ours-postgres for ours on PostgreSQL,
                             the machine's: TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test;
                             ours-cluster-direct, ours-cluster-forwarded for a forwarded connection's cost, on PostgreSQL and Redis)
  --workloads=W1,W2,W3,W4,W5
  --profile                  CPU-profile our server (--cpu-prof) and print its hot functions
  --ours-persistence=on|off  our server's persistence in W1–W4 (default on)
  --nice=N                   run generator and servers at niceness N (default -10 when root, else 0)
  --publish / --no-publish   update README.md and results/latest (default: full runs of everything)
  --note="…"                 a line to print above the README table (repeatable)
  --w2-rates=16,20,24        W2 steps to run instead of the full ramp
  --w1-clients=100           W1 meeting sizes to run instead of all`

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
      'w1-clients': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const servers = values.servers === undefined ? DEFAULT_SERVERS.map((s) => s.id) : list(values.servers, SERVERS.map((s) => s.id))
  const workloads = list(values.workloads, WORKLOADS)
  const defaults = servers.length === DEFAULT_SERVERS.length && DEFAULT_SERVERS.every((s) => servers.includes(s.id))
  const everything =
    defaults && workloads.length === WORKLOADS.length && values['w2-rates'] === undefined && values['w1-clients'] === undefined
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
    w1Clients: values['w1-clients']?.split(',').map(Number),
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
