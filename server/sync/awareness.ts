/**
 * The awareness (presence) states of one room, kept as the clients' own JSON text.
 *
 * Unlike `y-protocols/awareness` this never parses or re-stringifies a state: the server only
 * needs each client's clock to decide which message wins, and forwards the state bytes
 * unchanged. Changes are collected per event-loop turn so that one broadcast carries each
 * client's latest state once, however many messages it sent in that turn.
 *
 * Ordering rules are the same as y-protocols, so standard clients behave identically:
 * a state with a higher clock replaces the known one; a `null` state with the same clock
 * removes it; removal keeps the clock so that late, older messages cannot bring a state back.
 *
 * What y-protocols leaves open, this closes: a connection sets and removes only states of client
 * ids that belong to its device (sync/client-ids.ts), at most `MAX_CLIENTS_PER_CONNECTION` of
 * them, each state at most `MAX_STATE_BYTES` long and `MAX_STATE_DEPTH` deep (a deeply nested
 * state makes every y-protocols client's JSON.parse-based code throw). Refused entries are
 * dropped, never relayed; the rest of the message still counts. Entries for other devices' ids
 * are dropped without a word: honest providers send them too (they pass on what they heard, and
 * announce the removal of peers they timed out).
 */
import * as decoding from 'lib0/decoding'
import type { RefusalCode } from '../../shared/model/refusals'
import { ProtocolError, varUintLength, writeVarUint, encodeAwareness } from './protocol'

/** A page has one awareness client; a few allow for a phone page and a board open side by side. */
export const MAX_CLIENTS_PER_CONNECTION = 4
/** tldraw's presence with a cursor, a selection of a few dozen shapes and a profile fits easily. */
export const MAX_STATE_BYTES = 8 * 1024
export const MAX_STATE_DEPTH = 16

/** What an awareness message did: whether a broadcast is due, and why entries were refused. */
export interface AwarenessResult {
  changed: boolean
  refused: Extract<RefusalCode, 'presence-limit'> | null
  /** Client ids whose new state (not a removal) this message set. */
  published: number[]
}

/** Clients drop remote states not renewed within 30 s; providers renew every 15 s. */
export const AWARENESS_TIMEOUT_MS = 30_000
/** How long the clock of a departed client is remembered to reject its late messages. */
const FORGET_DEPARTED_MS = 5 * 60_000

const NULL_STATE = new TextEncoder().encode('null')
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d

interface ClientEntry {
  clock: number
  /** UTF-8 JSON text of the state; null once the client has left. */
  state: Uint8Array | null
  /** `Date.now()` of the last accepted message (or of the removal). */
  updatedAt: number
}

interface ReceivedEntry {
  clientId: number
  clock: number
  /** A view into the received frame; null for a removal. */
  state: Uint8Array | null
}

export class RoomAwareness {
  private readonly clients = new Map<number, ClientEntry>()
  private readonly changed = new Set<number>()

  /**
   * Applies an awareness update sent by a connection and records in `owned` which client ids
   * that connection speaks for (so they can be removed when it disconnects). `claim` says whether
   * the connection's device may use a client id (binding it to the device if nobody has it).
   * Throws `ProtocolError` when malformed; then nothing of the update is applied.
   */
  apply(update: Uint8Array, owned: Set<number>, now: number, claim: (clientId: number) => boolean): AwarenessResult {
    let refused: AwarenessResult['refused'] = null
    const published: number[] = []
    // Decode everything first so that a malformed update changes nothing.
    for (const { clientId, clock, state } of readEntries(update)) {
      if (state !== null && (state.length > MAX_STATE_BYTES || nestingDepth(state) > MAX_STATE_DEPTH)) {
        refused = 'presence-limit'
        continue
      }
      if (!owned.has(clientId)) {
        if (state !== null && owned.size >= MAX_CLIENTS_PER_CONNECTION) {
          refused = 'presence-limit'
          continue
        }
        if (!claim(clientId)) continue
      }
      const known = this.clients.get(clientId)
      const knownClock = known?.clock ?? 0
      const removesPresent = state === null && known?.state != null && knownClock === clock
      if (!(knownClock < clock || removesPresent)) continue
      if (state === null) {
        owned.delete(clientId)
        // A removal of a client we never saw present changes nothing for the other peers.
        if (known?.state != null) this.changed.add(clientId)
      } else {
        owned.add(clientId)
        this.changed.add(clientId)
        published.push(clientId)
      }
      // Copy: `state` is a view into the received frame, which must not be kept alive.
      this.clients.set(clientId, { clock, state: state && new Uint8Array(state), updatedAt: now })
    }
    return { changed: this.changed.size > 0, refused, published }
  }

  /** The client's present state as its JSON text, or null when it is not present. */
  stateOf(clientId: number): Uint8Array | null {
    return this.clients.get(clientId)?.state ?? null
  }

  /** Marks the given clients as gone (their connection closed). Returns whether anything changed. */
  remove(clientIds: Iterable<number>, now: number): boolean {
    let removed = false
    for (const clientId of clientIds) {
      const entry = this.clients.get(clientId)
      if (entry?.state == null) continue
      entry.state = null
      entry.updatedAt = now
      this.changed.add(clientId)
      removed = true
    }
    return removed
  }

  /**
   * Removes states not renewed within `AWARENESS_TIMEOUT_MS` (their client vanished without a
   * goodbye) and forgets long-departed clients. Returns whether a removal awaits broadcast.
   */
  expire(now: number): boolean {
    let removed = false
    for (const [clientId, entry] of this.clients) {
      const age = now - entry.updatedAt
      if (entry.state !== null && age >= AWARENESS_TIMEOUT_MS) {
        entry.state = null
        entry.updatedAt = now
        this.changed.add(clientId)
        removed = true
      } else if (entry.state === null && age >= FORGET_DEPARTED_MS) {
        this.clients.delete(clientId)
      }
    }
    return removed
  }

  /** Whether changes are waiting for `takeChanges`. */
  get hasChanges(): boolean {
    return this.changed.size > 0
  }

  /** The awareness frame of every client changed since the last call, or null if none. */
  takeChanges(): Uint8Array | null {
    if (this.changed.size === 0) return null
    const frame = this.encode(this.changed)
    this.changed.clear()
    return frame
  }

  /** The awareness frame of every present client (answer to a query), or null if nobody is present. */
  encodePresent(): Uint8Array | null {
    const present: number[] = []
    for (const [clientId, entry] of this.clients) if (entry.state !== null) present.push(clientId)
    return present.length === 0 ? null : this.encode(present)
  }

  private encode(clientIds: Iterable<number>): Uint8Array {
    let length = 0
    let count = 0
    for (const clientId of clientIds) {
      const entry = this.clients.get(clientId)!
      const state = entry.state ?? NULL_STATE
      length += varUintLength(clientId) + varUintLength(entry.clock) + varUintLength(state.length) + state.length
      count++
    }
    const update = Buffer.allocUnsafe(varUintLength(count) + length)
    let offset = writeVarUint(update, 0, count)
    for (const clientId of clientIds) {
      const entry = this.clients.get(clientId)!
      const state = entry.state ?? NULL_STATE
      offset = writeVarUint(update, offset, clientId)
      offset = writeVarUint(update, offset, entry.clock)
      offset = writeVarUint(update, offset, state.length)
      update.set(state, offset)
      offset += state.length
    }
    return encodeAwareness(update)
  }
}

/** Decodes every entry of an awareness update; throws `ProtocolError` when malformed. */
function readEntries(update: Uint8Array): ReceivedEntry[] {
  const decoder = decoding.createDecoder(update)
  const entries: ReceivedEntry[] = []
  try {
    const declared = decoding.readVarUint(decoder)
    for (let i = 0; i < declared; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      entries.push({ clientId, clock, state: readState(decoding.readVarUint8Array(decoder)) })
    }
  } catch (error) {
    if (error instanceof ProtocolError) throw error
    throw new ProtocolError('truncated awareness update')
  }
  if (decoder.pos !== update.length) throw new ProtocolError('unexpected bytes after the awareness update')
  return entries
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

/** How deeply objects and arrays nest in JSON text (strings skipped), without parsing it. */
function nestingDepth(json: Uint8Array): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < json.length; i++) {
    const byte = json[i]!
    if (inString) {
      if (byte === BACKSLASH) i++
      else if (byte === QUOTE) inString = false
    } else if (byte === QUOTE) inString = true
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) deepest = Math.max(deepest, ++depth)
    else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--
  }
  return deepest
}

/**
 * Providers send `JSON.stringify` of an object or `null`. Anything else would make every
 * receiving client's `JSON.parse` throw, losing the whole batched message, so it is refused
 * here with a cheap shape check instead of parsing each state on the hot path.
 */
function readState(json: Uint8Array): Uint8Array | null {
  if (json.length === NULL_STATE.length && json.every((byte, i) => byte === NULL_STATE[i])) return null
  if (json.length >= 2 && json[0] === OPEN_BRACE && json[json.length - 1] === CLOSE_BRACE) return json
  throw new ProtocolError('awareness state is neither a JSON object nor null')
}
