/**
 * The server's Prometheus metrics (`GET /metrics`, metrics-api.ts), with prom-client. One
 * registry per server, so that servers started side by side in one process (tests, benchmarks,
 * an embedder's) count each on their own.
 *
 * Counters only count; Prometheus computes rates from them (`rate(gatherboard_updates_applied_total[1m])`).
 * No label carries a board id, an address or anything else about a person or a meeting: the
 * labels are fixed sets (storage operations, refusal codes, lease changes), so the exposition stays
 * small and says nothing about who uses the service.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { REFUSAL_CODES, type RefusalCode } from '../../shared/model/refusals'

/** The storage contract's calls that are timed (storage/board-storage.ts). */
export type StorageOperation = 'append' | 'load' | 'compact'

/** What happened to a room lease of this server (cluster/lease.ts). */
export type LeaseChange = 'acquired' | 'renewed' | 'lost' | 'released'

/** What the gauges read when Prometheus scrapes. */
export interface MetricSources {
  /** Rooms loaded or loading now. */
  rooms(): number
  /** Open sync connections now (a forwarded client's channel on a link counts as one). */
  connections(): number
  /** Server links open now (docs/cluster.md): from other servers into this one's rooms, and out to other owners. */
  serverLinks?(): { in: number; out: number }
}

/** Storage latencies from half a millisecond (SQLite) to seconds (a database that is struggling). */
const STORAGE_SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/**
 * Node's process metrics (CPU, memory, event-loop delay, GC), once per process: they describe the
 * process, not a server in it, and each collection installs observers that are never removed.
 */
let processMetrics: Registry | null = null

function processRegistry(): Registry {
  if (processMetrics === null) {
    processMetrics = new Registry()
    collectDefaultMetrics({ register: processMetrics })
  }
  return processMetrics
}

export class ServerMetrics {
  /** This server's metrics (the process's are added to the exposition). */
  readonly registry = new Registry()
  private readonly applied: Counter
  private readonly refused: Counter<'reason'>
  private readonly leases: Counter<'change'>
  private readonly storageSeconds: Histogram<'operation'>
  private readonly storageFailures: Counter<'operation'>

  constructor(sources: MetricSources) {
    const registers = [this.registry]
    processRegistry()
    new Gauge({
      name: 'gatherboard_rooms_open',
      help: 'Rooms loaded (or loading) on this server.',
      registers,
      collect() {
        this.set(sources.rooms())
      },
    })
    new Gauge({
      name: 'gatherboard_connections_open',
      help: 'Open sync (WebSocket) connections on this server.',
      registers,
      collect() {
        this.set(sources.connections())
      },
    })
    new Gauge({
      name: 'gatherboard_server_links_open',
      help: "Server links open: 'in' from servers forwarding clients to this server's rooms, 'out' to the owners of rooms this server forwards to.",
      labelNames: ['direction'],
      registers,
      collect() {
        const links = sources.serverLinks?.() ?? { in: 0, out: 0 }
        this.set({ direction: 'in' }, links.in)
        this.set({ direction: 'out' }, links.out)
      },
    })
    this.applied = new Counter({
      name: 'gatherboard_updates_applied_total',
      help: "Document updates from clients applied to a room's document.",
      registers,
    })
    this.refused = new Counter({
      name: 'gatherboard_updates_refused_total',
      help: 'Document updates (and presence states) refused, by refusal code.',
      labelNames: ['reason'],
      registers,
    })
    this.leases = new Counter({
      name: 'gatherboard_lease_changes_total',
      help: 'Room lease changes of this server: acquired, renewed, lost, released.',
      labelNames: ['change'],
      registers,
    })
    this.storageSeconds = new Histogram({
      name: 'gatherboard_storage_seconds',
      help: "Duration of the storage's document calls (append a turn, load a board, compact a log), failed ones included.",
      labelNames: ['operation'],
      buckets: STORAGE_SECONDS_BUCKETS,
      registers,
    })
    this.storageFailures = new Counter({
      name: 'gatherboard_storage_failures_total',
      help: "The storage's document calls that failed (the database unreachable, a write refused).",
      labelNames: ['operation'],
      registers,
    })
    // Every series exists from the start at 0, so a rate over the first scrape is defined.
    this.applied.inc(0)
    for (const reason of [...REFUSAL_CODES, 'other']) this.refused.inc({ reason }, 0)
    for (const change of ['acquired', 'renewed', 'lost', 'released'] satisfies LeaseChange[]) this.leases.inc({ change }, 0)
    for (const operation of ['append', 'load', 'compact'] satisfies StorageOperation[]) {
      this.storageSeconds.zero({ operation })
      this.storageFailures.inc({ operation }, 0)
    }
  }

  /** `count` client updates were applied to a room's document. */
  updatesApplied(count: number): void {
    if (count > 0) this.applied.inc(count)
  }

  /** An update (or presence state) was refused, with the refusal's code or the reason text that starts with it. */
  updateRefused(reason: RefusalCode | string): void {
    const code = reason.split(':', 1)[0]!
    this.refused.inc({ reason: (REFUSAL_CODES as readonly string[]).includes(code) ? code : 'other' })
  }

  /** A room lease of this server changed (for the ownership of rooms, cluster/). */
  leaseChanged(change: LeaseChange): void {
    this.leases.inc({ change })
  }

  /** Runs a storage call and records how long it took, and whether it failed. */
  async timeStorage<T>(operation: StorageOperation, call: () => Promise<T>): Promise<T> {
    const end = this.storageSeconds.startTimer({ operation })
    try {
      return await call()
    } catch (error) {
      this.storageFailures.inc({ operation })
      throw error
    } finally {
      end()
    }
  }

  /** The exposition text Prometheus scrapes: this server's metrics and the process's. */
  exposition(): Promise<string> {
    return Registry.merge([processRegistry(), this.registry]).metrics()
  }

  /** Its content type. */
  get contentType(): string {
    return this.registry.contentType
  }
}
