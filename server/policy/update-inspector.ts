/**
 * What a Yjs update would change in a document, found without applying it.
 *
 * The policy has to judge every update of a participant before the room applies it, on the hot
 * path. Applying it to a copy of the room's doc would cost a copy of the whole board per message,
 * and applying it to the room's doc cannot be taken back. Instead the update is decoded
 * (`Y.decodeUpdate`) and each new item is placed: its parent is written in the update (a top-level
 * type's name, or the id of a nested type) or, when the item has neighbours, it shares the parent
 * and map key of its left or right origin, which is either in the room's doc or earlier in the same
 * update. The delete set is looked up in the room's doc: deleting an item that is already deleted
 * changes nothing (every sync step 2 carries the sender's whole delete set), deleting a live one
 * touches that item's place. Work is proportional to the update, not to the board.
 *
 * For the record log the inserted entries are read from the update and the deleted ones from the
 * doc, so the policy knows which records change and what they become.
 *
 * Updates a client sends in quick succession reach the policy before the room has applied the
 * earlier ones (the room applies a turn's updates together), and a later one usually builds on an
 * earlier one. So the items of accepted but not yet applied updates are kept in `PendingItems`
 * and looked up like the doc's own.
 */
import * as Y from 'yjs'
import { RECORDS_ARRAY, type RecordLogEntry } from '../../shared/model/record-log'

/** Where an item sits: a top-level type, the map key below it (null in a sequence), and whether deeper. */
interface Place {
  root: string
  key: string | null
  /** Inside a value nested below the top-level type (a Y type inside a map entry or list item). */
  nested: boolean
}

/** One key of a top-level map written by the update. */
export interface MapWrite {
  /** True when the update sets a value (then `value` is it), false when it only deletes the key. */
  set: boolean
  value: unknown
  /** The change is inside a Y type nested under the key (then `value` is not known). */
  nested: boolean
}

export interface UpdateTouches {
  /** The update changes nothing this doc does not already have. */
  readonly empty: boolean
  /** Keys written in top-level maps, by map name. */
  readonly maps: ReadonlyMap<string, ReadonlyMap<string, MapWrite>>
  /** New entries of the record log (only well-formed ones; see `malformedRecords`). */
  readonly recordEntries: readonly RecordLogEntry[]
  /** Ids of records whose live entries the update deletes. */
  readonly recordDeletions: ReadonlySet<string>
  /** The update adds something to the record log that is not a record-log entry. */
  readonly malformedRecords: boolean
  /** Top-level types touched that are neither maps nor the record log. */
  readonly otherRoots: ReadonlySet<string>
  /** Some change could not be placed: it builds on items neither the doc nor the update holds. */
  readonly unresolved: boolean
}

type Struct = Y.Item | Y.GC | Y.Skip

/**
 * Items of updates the policy accepted that the room has not applied yet, with their places.
 * One per room doc; its owner calls `prune` after each transaction of the doc (policy-hooks.ts).
 */
export class PendingItems {
  private readonly byClient = new Map<number, Y.Item[]>()
  private readonly places = new Map<Y.Item, Place>()

  /** Drops the items `doc` has by now. */
  prune(doc: Y.Doc): void {
    for (const [client, items] of this.byClient) {
      const known = Y.getState(doc.store, client)
      let first = 0
      while (first < items.length && items[first]!.id.clock + items[first]!.length <= known) this.places.delete(items[first++]!)
      if (first === items.length) this.byClient.delete(client)
      else if (first > 0) this.byClient.set(client, items.slice(first))
    }
  }

  add(items: Iterable<[Y.Item, Place]>): void {
    for (const [item, place] of items) {
      let list = this.byClient.get(item.id.client)
      if (!list) this.byClient.set(item.id.client, (list = []))
      list.push(item)
      this.places.set(item, place)
    }
  }

  find(id: Y.ID): Y.Item | null {
    return findInList(this.byClient.get(id.client), id)
  }

  placeOf(item: Y.Item): Place | undefined {
    return this.places.get(item)
  }
}

/** Binary search of an item list in clock order. */
function findInList(items: readonly Y.Item[] | undefined, id: Y.ID): Y.Item | null {
  if (!items) return null
  let low = 0
  let high = items.length - 1
  while (low <= high) {
    const middle = (low + high) >> 1
    const candidate = items[middle]!
    if (id.clock < candidate.id.clock) high = middle - 1
    else if (id.clock >= candidate.id.clock + candidate.length) low = middle + 1
    else return candidate
  }
  return null
}

function isEntry(value: unknown): value is RecordLogEntry {
  if (typeof value !== 'object' || value === null) return false
  const { k, v, c } = value as Partial<RecordLogEntry>
  return (
    typeof k === 'string' &&
    typeof v === 'object' &&
    v !== null &&
    (v as { id?: unknown }).id === k &&
    (c === null || (Array.isArray(c) && c.every((path) => typeof path === 'string')))
  )
}

class Inspection {
  private readonly store: Y.Doc['store']
  private readonly rootNames = new Map<unknown, string>()
  /** The update's items per client, in clock order (as encoded). */
  private readonly batch = new Map<number, Y.Item[]>()
  private readonly places = new Map<Y.Item, Place | null>()

  readonly maps = new Map<string, Map<string, MapWrite>>()
  readonly recordEntries: RecordLogEntry[] = []
  readonly recordDeletions = new Set<string>()
  readonly otherRoots = new Set<string>()
  malformedRecords = false
  unresolved = false
  changed = false

  constructor(
    doc: Y.Doc,
    private readonly pending: PendingItems,
  ) {
    this.store = doc.store
    for (const [name, type] of doc.share) this.rootNames.set(type, name)
  }

  /** The update's new items with their places (for `PendingItems` once the update is accepted). */
  *placedItems(): Iterable<[Y.Item, Place]> {
    for (const items of this.batch.values()) {
      for (const item of items) {
        const place = this.places.get(item)
        if (place) yield [item, place]
      }
    }
  }

  run(update: Uint8Array): void {
    const { structs, ds } = Y.decodeUpdate(update)
    const fresh: Y.Item[] = []
    for (const struct of structs as Struct[]) {
      if (!(struct instanceof Y.Item)) continue // GC and Skip structs carry no content
      let items = this.batch.get(struct.id.client)
      if (!items) this.batch.set(struct.id.client, (items = []))
      items.push(struct)
      if (struct.id.clock + struct.length > Y.getState(this.store, struct.id.client)) fresh.push(struct)
    }
    for (const item of fresh) this.inserted(item)
    for (const [client, ranges] of ds.clients) {
      for (const range of ranges) this.deleted(client, range.clock, range.clock + range.len)
    }
  }

  private inserted(item: Y.Item): void {
    const place = this.place(item)
    if (!place) {
      this.unresolved = true
      return
    }
    if (item.content instanceof Y.ContentDeleted) {
      // Written and deleted before it reached us: nothing of it will be visible, but it touched its place.
      this.touch(place, { set: false, value: undefined, nested: place.nested })
      this.changed = true
      return
    }
    this.changed = true
    if (place.root === RECORDS_ARRAY && place.key === null && !place.nested) {
      for (const value of item.content.getContent()) {
        if (isEntry(value)) this.recordEntries.push(value)
        else this.malformedRecords = true
      }
      return
    }
    const content = item.content.getContent()
    this.touch(place, { set: true, value: place.nested ? undefined : content[content.length - 1], nested: place.nested })
  }

  /** Looks up the items in `[from, to)` of `client`; live ones are what this update deletes. */
  private deleted(client: number, from: number, to: number): void {
    const known = Y.getState(this.store, client)
    let clock = from
    while (clock < to) {
      const id = Y.createID(client, clock)
      if (clock < known) {
        const struct = Y.getItem(this.store, id) as Y.Item | Y.GC
        const end = struct.id.clock + struct.length
        if (struct instanceof Y.Item && !struct.deleted) this.deletedItem(struct, Math.max(from, struct.id.clock), Math.min(to, end))
        clock = end
        continue
      }
      // Beyond the doc: an item of an update still waiting in the room, or of this very update
      // (new and deleted before it arrived, which changes nothing).
      const waiting = this.pending.find(id)
      if (!waiting) return
      this.deletedItem(waiting, Math.max(from, waiting.id.clock), Math.min(to, waiting.id.clock + waiting.length))
      clock = waiting.id.clock + waiting.length
    }
  }

  private deletedItem(item: Y.Item, from: number, to: number): void {
    const place = this.place(item)
    if (!place) {
      this.unresolved = true
      return
    }
    this.changed = true
    if (place.root === RECORDS_ARRAY && place.key === null && !place.nested) {
      const values = item.content.getContent().slice(from - item.id.clock, to - item.id.clock)
      for (const value of values) {
        if (isEntry(value)) this.recordDeletions.add(value.k)
      }
      return
    }
    this.touch(place, { set: false, value: undefined, nested: place.nested })
  }

  private touch(place: Place, write: MapWrite): void {
    if (place.key === null) {
      this.otherRoots.add(place.root)
      return
    }
    let keys = this.maps.get(place.root)
    if (!keys) this.maps.set(place.root, (keys = new Map()))
    const previous = keys.get(place.key)
    // A set wins over the deletion of the value it replaces, whatever the order they were found in.
    if (!previous || write.set || !previous.set) keys.set(place.key, write)
  }

  /** Where an item sits, whether it is in the doc or in the update; null when that cannot be known. */
  private place(item: Y.Item): Place | null {
    const waiting = this.pending.placeOf(item)
    if (waiting) return waiting
    if (this.places.has(item)) return this.places.get(item)!
    this.places.set(item, null) // a cycle (a damaged update) resolves to "unknown"
    let place: Place | null
    try {
      place = this.isIntegrated(item) ? this.placeIntegrated(item) : this.placeDecoded(item)
    } catch (error) {
      if (!(error instanceof RangeError)) throw error
      place = null // a chain of neighbours too long to follow: treat as unknown
    }
    this.places.set(item, place)
    return place
  }

  private isIntegrated(item: Y.Item): boolean {
    return item.parent instanceof Y.AbstractType
  }

  private placeIntegrated(item: Y.Item): Place | null {
    let nested = false
    let current = item
    for (;;) {
      const parent = current.parent
      if (!(parent instanceof Y.AbstractType)) return null
      if (parent._item === null) {
        const root = this.rootNames.get(parent)
        return root === undefined ? null : { root, key: current.parentSub, nested }
      }
      nested = true
      current = parent._item
    }
  }

  private placeDecoded(item: Y.Item): Place | null {
    const parent = item.parent as unknown
    if (typeof parent === 'string') return { root: parent, key: item.parentSub, nested: false }
    if (parent instanceof Y.ID) {
      const owner = this.find(parent)
      const place = owner && this.place(owner)
      return place && { ...place, nested: true }
    }
    const neighbour = item.origin ?? item.rightOrigin
    const next = neighbour && this.find(neighbour)
    return next ? this.place(next) : null
  }

  /** The item holding `id`: in the doc when its clock is known there, else waiting, else in the update. */
  private find(id: Y.ID): Y.Item | null {
    if (id.clock < Y.getState(this.store, id.client)) {
      const struct = Y.getItem(this.store, id) as Y.Item | Y.GC
      return struct instanceof Y.Item ? struct : null
    }
    return this.pending.find(id) ?? findInList(this.batch.get(id.client), id)
  }
}

/** An inspected update: what it touches, and how to remember it once the policy lets it through. */
export interface Inspected {
  readonly touches: UpdateTouches
  /** Keeps the update's items in `pending`, so the next updates building on them can be placed. */
  accept(): void
}

/**
 * Decodes `update` against `doc` (which it does not change) and says what it would touch.
 * Throws when the update cannot be decoded.
 */
export function inspectUpdate(doc: Y.Doc, update: Uint8Array, pending: PendingItems): Inspected {
  const inspection = new Inspection(doc, pending)
  inspection.run(update)
  return {
    touches: {
      empty: !inspection.changed && !inspection.unresolved,
      maps: inspection.maps,
      recordEntries: inspection.recordEntries,
      recordDeletions: inspection.recordDeletions,
      malformedRecords: inspection.malformedRecords,
      otherRoots: inspection.otherRoots,
      unresolved: inspection.unresolved,
    },
    accept: () => pending.add(inspection.placedItems()),
  }
}
