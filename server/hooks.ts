/**
 * Policy hooks: where the features (server/features: roles by link, the update policy, the
 * archive, the schema upkeep…) decide what the transport does, without touching the sync code.
 * Every hook is optional; leaving all of them out gives the open default: anyone who can reach a
 * board may edit it. Hooks see narrow views of a room and a connection, declared here and
 * implemented by the transport's classes, so this contract depends on no transport code.
 *
 * Lifecycle of a connection to `/sync/:boardId`:
 *   1. the board must exist (else close 4404)
 *   2. `onAuthenticate` returns the connection's identity, or refuses (close 4403)
 *   3. on the room's first connection the stored document is loaded, then `onLoadDocument` runs
 *   4. every incoming document update is read as Yjs will integrate it (sync/incoming-update.ts),
 *      checked against the connection's quotas and client ids, and then passes `beforeApplyUpdate`
 *   5. presence states it publishes (awareness) are passed to `onPresence`, throttled
 *   6. whenever the room has stored its document compacted (compaction, idle, unload),
 *      `onStoreDocument` runs
 */
import type { IncomingMessage } from 'node:http'
import type * as Y from 'yjs'
import type { RefusalReason } from '../shared/model/refusals'
import type { BoardMetadata } from './storage/board-storage'

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

/**
 * What a hook sees of a room: its board and its live document. The transport's room
 * (sync/room.ts) is one; hooks get no more of it than this.
 */
export interface RoomView {
  readonly boardId: string
  /** The live document. Changes made to it from server code are stored and broadcast too. */
  readonly doc: Y.Doc
}

/** What a hook sees of a connection (sync/connection.ts is one). */
export interface ConnectionView {
  /** A process-unique number for log lines. */
  readonly id: number
  /** Who is on the other end, as `onAuthenticate` decided. */
  readonly identity: ConnectionIdentity
}

/** A connection a feature may end: renewing a link ends those that used the old one. */
export interface BoardConnection extends ConnectionView {
  /** Closes the connection with a close code (shared/protocol/close-codes.ts) and a reason. */
  close(code: number, reason: string): void
}

/** The open connections of each board, as its room knows them (sync/rooms.ts is one). */
export interface BoardSessions {
  /**
   * Closes the board's authenticated connections whose identity has `role` (those in its room and
   * those waiting for it to load; with several servers, on all of them). Returns how many this server closed.
   */
  closeRole(boardId: string, role: string, code: number, reason: string): number
  /**
   * For a board that is being deleted: closes all its connections with `code` and `reason` and
   * drops its room without storing anything more of it (a room still loading is dropped once
   * loaded). Resolves when the room can write nothing any more (its write on the way has settled).
   */
  closeBoard(boardId: string, code: number, reason: string): Promise<void>
  /**
   * Folds the loaded room's update log into its compacted document now, so that what its changes
   * removed is gone from storage too (removing names). False when no room has the board loaded.
   */
  compactBoard(boardId: string): Promise<boolean>
}

/** Where an item sits: a top-level type, the map key below it (null in a sequence), and whether deeper. */
export interface Place {
  readonly root: string
  readonly key: string | null
  /** Inside a Y type nested below the top-level type. */
  readonly nested: boolean
}

/** A new item of an update. */
export interface IncomingItem {
  readonly item: Y.Item
  /** Null when Yjs will integrate it as garbage (its neighbour or parent is collected): no visible effect. */
  readonly place: Place | null
}

/** Part of a live item (in the doc, or new in this update) that the update deletes. */
export interface IncomingDeletion {
  readonly item: Y.Item
  /** Clock range `[from, to)` of the item that is deleted. */
  readonly from: number
  readonly to: number
  readonly place: Place | null
  /** The item is new in this update (written and deleted before it reached us). */
  readonly isNew: boolean
}

/** An update as it will be integrated, read by the transport (sync/incoming-update.ts). */
export interface IncomingUpdate {
  /** What the room applies: the part the doc lacks, encoded by the transport's reader. */
  readonly bytes: Uint8Array
  /** Size of the update as the client sent it. */
  readonly sentBytes: number
  readonly items: readonly IncomingItem[]
  readonly deletions: readonly IncomingDeletion[]
  /** Client ids of the new structs. */
  readonly clients: ReadonlySet<number>
  /** Nothing in it changes the doc. */
  readonly empty: boolean
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
  /**
   * Resolves once every change made to `doc` so far is stored (the room stores changes in its
   * next turn); rejects when storing them failed. For server code that answers only after its
   * change is durable.
   */
  stored(): Promise<void>
}

export interface StoreDocumentContext {
  readonly boardId: string
  readonly board: BoardMetadata
  readonly doc: Y.Doc
  /** Why the room compacted its document. */
  readonly reason: 'compaction' | 'idle' | 'unload' | 'requested'
}

export interface PresenceContext {
  readonly connection: ConnectionView
  readonly room: RoomView
  /** The awareness client id the state is for (one of the connection's device). */
  readonly clientId: number
  /** The state as the client published it (a JSON object; validate every field). */
  readonly state: Readonly<Record<string, unknown>>
}

export interface BeforeApplyUpdateContext {
  readonly connection: ConnectionView
  readonly room: RoomView
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
  /** Runs after the room's document was stored compacted. Errors are logged. */
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
