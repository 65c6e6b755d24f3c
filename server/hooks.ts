/**
 * Policy hooks: where the features (roles by link, the update policy, the archive, the schema
 * upkeep) decide what the transport does, without touching the sync code. Every hook is optional;
 * leaving all of them out gives the open default: anyone who can reach a board may edit it.
 *
 * Lifecycle of a connection to `/sync/:boardId`:
 *   1. the board must exist (else close 4404)
 *   2. `onAuthenticate` returns the connection's identity, or refuses (close 4403)
 *   3. on the room's first connection the stored document is loaded, then `onLoadDocument` runs
 *   4. every incoming document update is read as Yjs will integrate it (sync/incoming-update.ts),
 *      checked against the connection's quotas and client ids, and then passes `beforeApplyUpdate`
 *   5. presence states it publishes (awareness) are passed to `onPresence`, throttled
 *   6. whenever the room writes a snapshot (compaction, idle, unload), `onStoreDocument` runs
 */
import type { IncomingMessage } from 'node:http'
import type * as Y from 'yjs'
import type { RefusalReason } from '../shared/model/refusals'
import type { BoardMetadata } from './storage/board-storage'
import type { Connection } from './sync/connection'
import type { IncomingUpdate } from './sync/incoming-update'
import type { Room } from './sync/room'

/**
 * What a connection may add to a board, enforced by the transport before any hook sees an update.
 * Refusals carry the codes `update-too-large`, `too-fast` and `board-full`.
 */
export interface WriteQuotas {
  /** Largest update, in bytes as sent. */
  readonly maxUpdateBytes: number
  /** Most new structs in one update. */
  readonly maxUpdateStructs: number
  /** Sustained bytes per second one device may send as document updates... */
  readonly bytesPerSecond: number
  /** ...and in a burst. */
  readonly burstBytes: number
  /** No new content once the board's stored document is this large. */
  readonly maxBoardBytes: number
}

/** Who is on the other end of a connection, and what they may do. Read it as `connection.identity`. */
export interface ConnectionIdentity {
  /** What the connection may do. The default policy gives everyone 'editor'. */
  readonly role: string
  /** A stable id of the person, when a hook knows one. */
  readonly userId?: string
  /**
   * The device the connection speaks for (Yjs client ids belong to devices, see
   * sync/client-ids.ts). Without one the connection counts as a device of its own.
   */
  readonly device?: string
  /** Limits on what the connection may write; none: unlimited. */
  readonly quotas?: WriteQuotas
  /** Anything else a hook wants to remember about the connection. */
  readonly data?: Readonly<Record<string, unknown>>
}

/** Returned by a hook to say no; `refuse` is a short reason for the log and the client. */
export interface Refusal {
  readonly refuse: string
}

/**
 * A refused document update. Its reason starts with one of the codes our client knows and explains
 * (shared/model/refusals.ts: make it with `refusalReason`).
 */
export interface UpdateRefusal extends Refusal {
  readonly refuse: RefusalReason
}

export interface AuthenticateContext {
  readonly boardId: string
  readonly board: BoardMetadata
  /** The HTTP upgrade request (headers, URL with query parameters). */
  readonly request: IncomingMessage
}

export interface LoadDocumentContext {
  readonly boardId: string
  readonly board: BoardMetadata
  /** The room's document, already filled from storage. Changes made here are stored and broadcast. */
  readonly doc: Y.Doc
}

export interface StoreDocumentContext {
  readonly boardId: string
  readonly board: BoardMetadata
  readonly doc: Y.Doc
  /** Why the snapshot was written. */
  readonly reason: 'compaction' | 'idle' | 'unload'
}

export interface PresenceContext {
  readonly connection: Connection
  readonly room: Room
  /** The awareness client id the state is for (one of the connection's device). */
  readonly clientId: number
  /** The state as the client published it (a JSON object; validate every field). */
  readonly state: Readonly<Record<string, unknown>>
}

export interface BeforeApplyUpdateContext {
  readonly connection: Connection
  readonly room: Room
  /** The update as Yjs will integrate it: its new items with their places, and what it deletes. */
  readonly update: IncomingUpdate
}

export interface ServerHooks {
  /**
   * Decides who the connection is. Return a `Refusal` or throw to reject it (close 4403).
   * Default: `{ role: 'editor' }`.
   */
  onAuthenticate?(context: AuthenticateContext): ConnectionIdentity | Refusal | Promise<ConnectionIdentity | Refusal>
  /** Runs once per room load, before any client is joined. Throwing fails the load (close 1011). */
  onLoadDocument?(context: LoadDocumentContext): void | Promise<void>
  /** Runs after the room's state was written as a snapshot. Errors are logged. */
  onStoreDocument?(context: StoreDocumentContext): void | Promise<void>
  /**
   * Runs synchronously for every document update a client sends (sync step 2 included) that
   * changes something, on the hot path: keep it cheap. It runs inside the room's turn
   * transaction, right before the update is applied, so the doc holds every update applied before
   * it. A refused update is not applied, not stored and not broadcast; the connection stays open
   * and receives one auth "permission denied" message with the reason (the standard provider
   * logs it as a warning). Its local copy keeps the change, so clients should not let a refused
   * role edit in the first place.
   */
  beforeApplyUpdate?(context: BeforeApplyUpdateContext): true | UpdateRefusal
  /**
   * Runs when a connection publishes a presence (awareness) state the room accepted: at once for a
   * client id's first state, then at most about once a second per client id with its latest state
   * (cursors move far more often than anything a hook looks at changes). Not for removals. Changes
   * made to `room.doc` here are the server's own (its client id), stored and broadcast. Errors are
   * logged.
   */
  onPresence?(context: PresenceContext): void
}

export const DEFAULT_IDENTITY: ConnectionIdentity = Object.freeze({ role: 'editor' })

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && typeof (value as Refusal).refuse === 'string'
}
