import * as Y from 'yjs'
import { BenchClient, type ClientRole, type ClientRoom } from '../client/bench-client'
import { framingFor } from '../client/framing'
import { RoomLedger } from '../client/ledger'
import { UpdateMetaCache } from '../client/update-meta-cache'
import type { Measurement } from '../metrics/measurement'
import type { RunningServer } from '../servers/launch'
import { forEachLimited, waitFor } from '../util/wait'

/** What a room's end-of-run check found. */
export interface RoomCheck {
  members: number
  /** (observer, sender) pairs where the observer never got the sender's last edit. */
  missingEdits: number
  /** Intermediate edits an observer never saw because a later one superseded them in the same message. */
  skippedEdits: number
  /** Updates that arrived with a clock range beyond what the observer had: something in between was lost. */
  gaps: number
  /** Observers whose state vector differs from the server's (passive members' are not tracked). */
  stateVectorMismatches: number
  /** Writes by members that the server's state does not contain. */
  writesMissingOnServer: number
  /** Whether a fresh client got a complete, applicable state (no pending structs). */
  verifierComplete: boolean
  /** Close codes of sockets the server closed during the run (any member's). */
  unexpectedCloses: number[]
}

/** One board on the server under test and the benchmark clients in it. */
export class Room {
  readonly clients: BenchClient[] = []
  private readonly context: ClientRoom

  private constructor(
    readonly server: RunningServer,
    readonly name: string,
    measurement: Measurement,
  ) {
    this.context = {
      url: server.socketUrl(name),
      documentName: name,
      framing: framingFor(server.definition.protocol),
      ledger: new RoomLedger(measurement),
      metaCache: new UpdateMetaCache(),
    }
  }

  /** Creates a room on `server`; its observers report into `measurement`. */
  static async open(server: RunningServer, measurement: Measurement): Promise<Room> {
    return new Room(server, await server.createRoom(), measurement)
  }

  /** A room that already exists on `server` (e.g. after a restart). */
  static existing(server: RunningServer, name: string, measurement: Measurement): Room {
    return new Room(server, name, measurement)
  }

  get ledger(): RoomLedger {
    return this.context.ledger
  }

  /** The members that read what they receive (all but the passive ones). */
  get observers(): BenchClient[] {
    return this.clients.filter((client) => !client.passive)
  }

  /** A client for this room that is not connected yet. */
  newClient(role: ClientRole = {}): BenchClient {
    const client = new BenchClient(this.context, role)
    this.clients.push(client)
    return client
  }

  /** Connects `count` new clients in `role`, `concurrency` at a time; resolves with the ms until all were synced. */
  async join(count: number, role: ClientRole = {}, concurrency = 25): Promise<number> {
    const started = performance.now()
    const joining = Array.from({ length: count }, () => this.newClient(role))
    await forEachLimited(joining, concurrency, (client) => client.connect())
    return performance.now() - started
  }

  /** Whether every observer has received every write of every member. */
  converged(): boolean {
    const expected = this.writtenState()
    return this.observers.every((client) => covers(this.stateOf(client), expected))
  }

  /** Waits until every edit reached every observer and all members converged. */
  settle(timeoutMs: number): Promise<boolean> {
    return waitFor(() => this.ledger.outstanding() === 0 && this.converged(), timeoutMs, 100)
  }

  /** The board as a freshly joined client gets it from the server; null when it could not sync. */
  async snapshot(): Promise<Y.Doc | null> {
    const mirror = new Y.Doc()
    const verifier = new BenchClient(this.context, { mirror })
    try {
      await verifier.connect()
      return mirror
    } catch {
      return null
    } finally {
      verifier.close()
    }
  }

  /**
   * Compares every observer with what a freshly joined client gets from the server, which
   * must hold every member's writes (passive members' included).
   */
  async check(): Promise<RoomCheck> {
    const members = [...this.clients]
    const observers = this.observers
    const mirror = await this.snapshot()
    const serverState = mirror === null ? new Map<number, number>() : Y.decodeStateVector(Y.encodeStateVector(mirror))
    const verifierComplete = mirror !== null && mirror.store.pendingStructs === null && mirror.store.pendingDs === null
    const written = this.writtenState()
    let writesMissingOnServer = 0
    for (const [client, clock] of written) if ((serverState.get(client) ?? 0) !== clock) writesMissingOnServer++
    return {
      members: members.length,
      missingEdits: this.ledger.outstanding(),
      skippedEdits: this.ledger.skipped,
      gaps: observers.reduce((sum, client) => sum + client.received.gaps, 0),
      stateVectorMismatches: observers.filter((client) => !sameState(this.stateOf(client), serverState)).length,
      writesMissingOnServer,
      verifierComplete,
      unexpectedCloses: members.flatMap((client) => (client.unexpectedClose === null ? [] : [client.unexpectedClose])),
    }
  }

  /** Closes every client. */
  close(): void {
    for (const client of this.clients) client.close()
  }

  /** The clock of each member's own writes. */
  private writtenState(): Map<number, number> {
    const state = new Map<number, number>()
    for (const client of this.clients) {
      const clock = Y.getState(client.doc.store, client.doc.clientID)
      if (clock > 0) state.set(client.doc.clientID, clock)
    }
    return state
  }

  /** A member's state vector: what it received plus what it wrote itself. */
  private stateOf(client: BenchClient): Map<number, number> {
    const state = new Map(client.received.clocks)
    const own = Y.getState(client.doc.store, client.doc.clientID)
    if (own > (state.get(client.doc.clientID) ?? 0)) state.set(client.doc.clientID, own)
    return state
  }
}

function covers(state: Map<number, number>, expected: Map<number, number>): boolean {
  for (const [client, clock] of expected) if ((state.get(client) ?? 0) < clock) return false
  return true
}

function sameState(a: Map<number, number>, b: Map<number, number>): boolean {
  return covers(a, b) && covers(b, a)
}
