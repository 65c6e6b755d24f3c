import * as decoding from 'lib0/decoding'
import type { UpdateMeta } from './update-meta-cache'

/** Struct kinds of the Yjs v1 update format, by the low five bits of a struct's info byte. */
const GC = 0
const DELETED = 1
const ANY = 8
const SKIP = 10
/** Info bits: the struct has a left origin, a right origin, a parent sub key. */
const HAS_ORIGIN = 0x80
const HAS_RIGHT_ORIGIN = 0x40
const HAS_PARENT_SUB = 0x20

/**
 * The clock range each client's structs cover in a v1 update (what
 * `Y.parseUpdateMeta` returns), found by stepping over the structs instead of
 * decoding them: record values are skipped by their lengths, never turned into
 * strings and objects. Observers of a busy room receive several hundred
 * merged updates a second each, differently batched per connection, so this
 * is the part of tracking state vectors that is paid per frame. Returns null
 * for struct kinds a record log does not produce (text, types, subdocuments),
 * for which the caller uses `Y.parseUpdateMeta`.
 */
export function clockRanges(update: Uint8Array): UpdateMeta | null {
  const decoder = decoding.createDecoder(update)
  const from = new Map<number, number>()
  const to = new Map<number, number>()
  const clients = decoding.readVarUint(decoder)
  for (let c = 0; c < clients; c++) {
    const structs = decoding.readVarUint(decoder)
    const client = decoding.readVarUint(decoder)
    const start = decoding.readVarUint(decoder)
    let clock = start
    for (let s = 0; s < structs; s++) {
      const length = structLength(decoder)
      if (length === null) return null
      clock += length
    }
    if (structs === 0) continue
    from.set(client, start)
    to.set(client, clock)
  }
  return { from, to }
}

/** Steps over one struct and returns its clock length; null for a kind this walker does not know. */
function structLength(decoder: decoding.Decoder): number | null {
  const info = decoding.readUint8(decoder)
  const kind = info & 0x1f
  if (kind === GC || kind === SKIP) return decoding.readVarUint(decoder)
  if (kind !== DELETED && kind !== ANY) return null
  if (info & HAS_ORIGIN) skipVarUints(decoder, 2)
  if (info & HAS_RIGHT_ORIGIN) skipVarUints(decoder, 2)
  if ((info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0) {
    // No origins: the parent is named, by a root type's key or by the id of the item holding it.
    if (decoding.readVarUint(decoder) === 1) skipVarBytes(decoder)
    else skipVarUints(decoder, 2)
    if (info & HAS_PARENT_SUB) skipVarBytes(decoder)
  }
  const length = decoding.readVarUint(decoder)
  if (kind === ANY) for (let i = 0; i < length; i++) if (!skipAny(decoder)) return null
  return length
}

/** Steps over one lib0 `writeAny` value; false for a tag it does not know. */
function skipAny(decoder: decoding.Decoder): boolean {
  switch (decoding.readUint8(decoder)) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return true
    case 125: // integer
      skipVarUints(decoder, 1)
      return true
    case 124: // float32
      decoder.pos += 4
      return true
    case 123: // float64
    case 122: // bigint
      decoder.pos += 8
      return true
    case 119: // string
    case 116: // Uint8Array
      skipVarBytes(decoder)
      return true
    case 118: {
      // object: key strings and values
      const entries = decoding.readVarUint(decoder)
      for (let i = 0; i < entries; i++) {
        skipVarBytes(decoder)
        if (!skipAny(decoder)) return false
      }
      return true
    }
    case 117: {
      // array
      const items = decoding.readVarUint(decoder)
      for (let i = 0; i < items; i++) if (!skipAny(decoder)) return false
      return true
    }
    default:
      return false
  }
}

/** Steps over `count` variable-length integers (signed or unsigned: both end on a byte below 0x80). */
function skipVarUints(decoder: decoding.Decoder, count: number): void {
  for (let i = 0; i < count; i++) while (decoding.readUint8(decoder) & 0x80);
}

function skipVarBytes(decoder: decoding.Decoder): void {
  const length = decoding.readVarUint(decoder)
  decoder.pos += length
}
