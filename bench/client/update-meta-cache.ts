import * as Y from 'yjs'
import { clockRanges } from './update-clock-ranges'

/** Which clock range of each Yjs client an update covers (from Y.parseUpdateMeta). */
export interface UpdateMeta {
  from: Map<number, number>
  to: Map<number, number>
}

/** Updates up to this size are keyed by a digest of their bytes; larger ones are compared directly. */
const SMALL_UPDATE = 64 * 1024
/** Bytes of the update's start (first client, first clock, first struct) and end (delete set) in the key. */
const KEY_HEAD = 64
const KEY_TAIL = 24
/** Once this many updates are cached, the older generation is dropped. */
const GENERATION_SIZE = 4096

/**
 * Every observer in a room receives the same bytes for the same change, so the
 * clock ranges of an update are computed once per room and shared: observers
 * can then track their state vector for the cost of a lookup instead of each
 * applying every update to a Y.Doc of its own.
 */
export class UpdateMetaCache {
  private current = new Map<string, UpdateMeta>()
  private previous = new Map<string, UpdateMeta>()
  private readonly large: { bytes: Buffer; meta: UpdateMeta }[] = []

  /** The clock ranges `update` covers. */
  metaOf(update: Uint8Array): UpdateMeta {
    const bytes = Buffer.from(update.buffer, update.byteOffset, update.byteLength)
    return bytes.length > SMALL_UPDATE ? this.largeMeta(bytes) : this.smallMeta(bytes)
  }

  private smallMeta(bytes: Buffer): UpdateMeta {
    // Every update a server broadcasts adds structs no earlier one had, so its first client and
    // clock (at the start) with its length and delete set (at the end) tell it apart; copying
    // all of a large merged update into a key string cost the generator more than anything else.
    const key =
      bytes.length <= KEY_HEAD + KEY_TAIL
        ? bytes.toString('latin1')
        : `${bytes.length}:${bytes.toString('latin1', 0, KEY_HEAD)}${bytes.toString('latin1', bytes.length - KEY_TAIL)}`
    let meta = this.current.get(key)
    if (meta !== undefined) return meta
    meta = this.previous.get(key) ?? parseMeta(bytes)
    if (this.current.size >= GENERATION_SIZE) {
      this.previous = this.current
      this.current = new Map()
    }
    this.current.set(key, meta)
    return meta
  }

  private largeMeta(bytes: Buffer): UpdateMeta {
    const known = this.large.find((entry) => entry.bytes.equals(bytes))
    if (known !== undefined) return known.meta
    const meta = parseMeta(bytes)
    // Large updates are initial syncs of big boards; a couple of versions suffice.
    if (this.large.length >= 4) this.large.shift()
    this.large.push({ bytes: Buffer.from(bytes), meta })
    return meta
  }
}

function parseMeta(update: Uint8Array): UpdateMeta {
  return clockRanges(update) ?? Y.parseUpdateMeta(update)
}

/**
 * A state vector assembled from received update metas. An update whose range
 * for some client starts beyond what was received before means an update in
 * between never arrived: that is counted as a gap.
 */
export class TrackedStateVector {
  readonly clocks = new Map<number, number>()
  gaps = 0

  /** Accounts for one received update. */
  add(meta: UpdateMeta): void {
    for (const [client, from] of meta.from) {
      const have = this.clocks.get(client) ?? 0
      if (from > have) this.gaps++
      const to = meta.to.get(client) ?? from
      if (to > have) this.clocks.set(client, to)
    }
  }
}
