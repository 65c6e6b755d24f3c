/**
 * Reads a Yjs update a client sent exactly as Yjs will integrate it into the room's doc, before it
 * does, so that what the policy judges is what really happens.
 *
 * Yjs trusts the bytes it is given. Parts of an update that the doc already has are skipped, and a
 * struct whose first clocks the doc has is integrated from the first unknown clock on, right after
 * the same client's previous item, wherever its encoding says it belongs. Structs that depend on
 * something missing, and deletes of clocks not there yet, are parked and take effect later, when
 * someone else's update fills the gap. A reader that looks only at what an update declares can be
 * told one thing while Yjs does another. So this reader:
 *
 * - trims what the doc has and starts each client's structs exactly at the doc's clock for that
 *   client, in one block per client, and re-encodes that: the room applies `bytes`, never the
 *   client's own encoding (Yjs's integration and its decoder disagree about an update that lists
 *   one client in two blocks, so the bytes Yjs integrates must be ones this reader wrote);
 * - resolves every remaining item's parent the way Yjs does, through its left origin, else its
 *   right origin, else its parent, in the doc or earlier in the same update;
 * - refuses, failing closed, everything whose effect it cannot know exactly: clock gaps
 *   (`out-of-order`), GC and Skip structs, dependencies on unknown items, deletes of clocks that do
 *   not exist, a client's structs split over several blocks, empty structs and empty delete ranges,
 *   a struct the doc has in part whose declared place differs from where its new part lands
 *   (`unsupported`), undecodable bytes (`malformed`).
 *
 * It runs inside the room's turn transaction, right before the update is applied, so the doc
 * already holds every update applied earlier in the same turn: two updates of one turn are read
 * against each other as Yjs integrates them. Work is proportional to the update, not to the board.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { IncomingDeletion, IncomingItem, IncomingUpdate, Place } from '../hooks'

export type UpdateProblem = 'out-of-order' | 'unsupported' | 'malformed'

export interface UnreadableUpdate {
  readonly problem: UpdateProblem
  /** For the log line. */
  readonly detail: string
}

export function isUnreadable(value: IncomingUpdate | UnreadableUpdate): value is UnreadableUpdate {
  return 'problem' in value
}

type Struct = Y.Item | Y.GC | Y.Skip
/** Yjs's delete set (not exported under a name): ranges of deleted clocks per client. */
type DeleteSet = { clients: Map<number, { clock: number; len: number }[]> }
/** A new struct and where the room's doc ends for its client (it starts there after trimming). */
interface Run {
  client: number
  /** The doc's clock for the client: the first clock the update adds. */
  start: number
  structs: Y.Item[]
}

class Unreadable extends Error {
  constructor(
    readonly problem: UpdateProblem,
    detail: string,
  ) {
    super(detail)
  }
}

/** Not yet placed / being placed (a cycle). */
const PLACING = Symbol('placing')
/** Integrated as garbage. */
const DROPPED = null

export function readIncomingUpdate(doc: Y.Doc, update: Uint8Array): IncomingUpdate | UnreadableUpdate {
  let decoded: { structs: Struct[]; ds: DeleteSet }
  try {
    decoded = Y.decodeUpdate(update) as { structs: Struct[]; ds: DeleteSet }
  } catch {
    return { problem: 'malformed', detail: 'the update cannot be decoded' }
  }
  try {
    return new Reading(doc, update, decoded.structs, decoded.ds).result()
  } catch (error) {
    if (error instanceof Unreadable) return { problem: error.problem, detail: error.message }
    if (error instanceof RangeError) return { problem: 'unsupported', detail: 'the update nests too deeply' }
    throw error
  }
}

/** The ids an item names: its origins and the item its parent is. */
function referencesOf(item: Y.Item): Y.ID[] {
  const refs: Y.ID[] = []
  if (item.origin) refs.push(item.origin)
  if (item.rightOrigin) refs.push(item.rightOrigin)
  if (item.parent instanceof Y.ID) refs.push(item.parent)
  return refs
}

class Reading {
  private readonly store: Y.Doc['store']
  private readonly rootNames = new Map<unknown, string>()
  private readonly runs: Run[] = []
  /** New items per client, in clock order, for lookups by id. */
  private readonly newByClient = new Map<number, Y.Item[]>()
  private readonly places = new Map<Y.Item, Place | null | typeof PLACING>()
  /** Structs the doc has (wholly or in part) that name other clients' items. */
  private readonly knownReferrers: Y.Item[] = []

  constructor(
    doc: Y.Doc,
    private readonly update: Uint8Array,
    structs: readonly Struct[],
    private readonly ds: DeleteSet,
  ) {
    this.store = doc.store
    for (const [name, type] of doc.share) this.rootNames.set(type, name)
    const blocks = this.collectRuns(structs)
    for (const item of this.knownReferrers) this.checkKnownReferences(item)
    // A block that goes on where the same client's previous one ended, or one without structs,
    // looks like no block of its own in the decoded structs; the count at the start tells.
    if (decoding.readVarUint(decoding.createDecoder(update)) !== blocks) {
      throw new Unreadable('unsupported', 'a client appears in more than one block, or a block has no structs')
    }
  }

  result(): IncomingUpdate {
    for (const run of this.runs) this.checkTrimmedPlace(run)
    const items: IncomingItem[] = []
    for (const run of this.runs) {
      for (const item of run.structs) items.push({ item, place: this.placeOf(item) })
    }
    const deletions = this.readDeletes()
    const clients = new Set(this.runs.map((run) => run.client))
    return {
      bytes: this.encode(),
      sentBytes: this.update.length,
      items,
      deletions,
      clients,
      empty: items.length === 0 && deletions.length === 0,
    }
  }

  /**
   * Groups the structs by client, trims what the doc has and refuses what cannot be judged.
   * Returns the number of client blocks found.
   */
  private collectRuns(structs: readonly Struct[]): number {
    const seen = new Set<number>()
    let current: { client: number; end: number; run: Run | null } | null = null
    for (const struct of structs) {
      const { client, clock } = struct.id
      if (current === null || current.client !== client || current.end !== clock) {
        // A new block. Yjs keeps only the last block of a client, this reader would see all.
        if (seen.has(client)) throw new Unreadable('unsupported', `client ${client} appears in more than one block`)
        seen.add(client)
        current = { client, end: clock, run: null }
      }
      current.end = clock + struct.length
      // Yjs integrates an empty item at the doc's clock without advancing it, so the next struct
      // gets the same id; no Yjs writes one.
      if (struct.length === 0) throw new Unreadable('unsupported', `an empty struct at ${client}:${clock}`)
      const known = Y.getState(this.store, client)
      if (struct instanceof Y.Item) {
        this.checkOwnReferences(struct)
        if (clock < known && referencesOf(struct).some((ref) => ref.client !== client)) this.knownReferrers.push(struct)
      }
      if (clock + struct.length <= known) continue // already in the doc
      if (!(struct instanceof Y.Item)) {
        throw new Unreadable('unsupported', `${struct instanceof Y.GC ? 'GC' : 'Skip'} struct for client ${client}`)
      }
      if (current.run === null) {
        if (clock > known) throw new Unreadable('out-of-order', `client ${client} skips clocks ${known}..${clock - 1}`)
        current.run = { client, start: known, structs: [] }
        this.runs.push(current.run)
        this.newByClient.set(client, current.run.structs)
      }
      current.run.structs.push(struct)
    }
    return seen.size
  }

  /**
   * Yjs takes an item's references to its own client as integrated before it (it never looks for
   * them): one to its own or a later clock makes Yjs fail halfway through the update.
   */
  private checkOwnReferences(item: Y.Item): void {
    for (const ref of referencesOf(item)) {
      if (ref.client === item.id.client && ref.clock >= item.id.clock) {
        throw new Unreadable('unsupported', `${item.id.client}:${item.id.clock} names its own client's later clock ${ref.clock}`)
      }
    }
  }

  /**
   * Yjs looks up the references of a struct the doc already has before it skips it: one to nothing
   * that exists parks the struct, and every later one of its client, until someone writes that id.
   */
  private checkKnownReferences(item: Y.Item): void {
    for (const ref of referencesOf(item)) {
      if (ref.client === item.id.client || ref.clock < Y.getState(this.store, ref.client) || this.newItem(ref)) continue
      throw new Unreadable('unsupported', `${item.id.client}:${item.id.clock}, which the doc has, depends on ${ref.client}:${ref.clock}, which nobody has`)
    }
  }

  /**
   * A struct whose first clocks the doc has lands, from its first new clock on, after the same
   * client's previous item, whatever parent or origin its encoding declares (see `encode`). The room
   * and every other client get that; the sender's own doc put the whole struct where it declared.
   * An honest client never sends such a disagreement (a struct Yjs merged from consecutive items,
   * or resent, declares where its head is, and its tail follows the head): one that does would
   * keep a copy no one else has, so it is refused.
   */
  private checkTrimmedPlace(run: Run): void {
    const first = run.structs[0]!
    if (run.start === first.id.clock) return
    if (samePlace(this.placeOf(first), this.declaredPlaceOf(first))) return
    throw new Unreadable(
      'unsupported',
      `${run.client}:${first.id.clock}, which the doc has up to ${run.start - 1}, declares another place than the one its new part lands in`,
    )
  }

  /** Where an item would sit if Yjs placed it by its declared origin, not by its trimmed one. */
  private declaredPlaceOf(item: Y.Item): Place | null {
    const step = this.placingNeighbour(item, item.origin)
    if (step.kind === 'dropped') return DROPPED
    if (step.kind === 'root') return { root: step.root, key: item.parentSub, nested: false }
    const place = this.placeOf(step.item)
    return place !== DROPPED && step.kind === 'parent' ? { ...place, nested: true } : place
  }

  /** The new item holding `id`, if the update adds it. */
  private newItem(id: Y.ID): Y.Item | null {
    const items = this.newByClient.get(id.client)
    if (!items || id.clock < Y.getState(this.store, id.client)) return null
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

  /** The struct holding `id`, in the doc or new in the update; throws when neither has it. */
  private structAt(id: Y.ID): Y.Item | Y.GC {
    if (id.clock < Y.getState(this.store, id.client)) return Y.getItem(this.store, id) as Y.Item | Y.GC
    const item = this.newItem(id)
    if (!item) throw new Unreadable('unsupported', `depends on ${id.client}:${id.clock}, which nobody has`)
    return item
  }

  private isNew(item: Y.Item): boolean {
    return !(item.parent instanceof Y.AbstractType)
  }

  /**
   * Where an item will sit (null: integrated as garbage), as Yjs's `getMissing` and `integrate`
   * decide it. Followed iteratively: an update may chain thousands of items, each placed by the one
   * before it.
   */
  private placeOf(start: Y.Item): Place | null {
    const chain: { item: Y.Item; nests: boolean }[] = []
    let item = start
    let found: Place | null
    for (;;) {
      const known = this.places.get(item)
      if (known === PLACING) throw new Unreadable('unsupported', 'the update places items by each other in a cycle')
      if (known !== undefined) {
        found = known
        break
      }
      if (!this.isNew(item)) {
        found = this.placeInDoc(item)
        break
      }
      this.places.set(item, PLACING)
      const step = this.placingNeighbour(item)
      if (step.kind === 'dropped') {
        found = DROPPED
        chain.push({ item, nests: false })
        break
      }
      if (step.kind === 'root') {
        found = { root: step.root, key: item.parentSub, nested: false }
        chain.push({ item, nests: false })
        break
      }
      chain.push({ item, nests: step.kind === 'parent' })
      item = step.item
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const link = chain[i]!
      if (found !== DROPPED && link.nests) found = { ...found, nested: true }
      this.places.set(link.item, found)
    }
    return found
  }

  /**
   * What decides a new item's place: a neighbour or parent item, a root, or nothing (garbage).
   * `origin` is its left origin as Yjs integrates it: a trimmed first struct's is the client's own
   * previous item (see `encode`).
   */
  private placingNeighbour(
    item: Y.Item,
    origin = this.integratedOrigin(item),
  ): { kind: 'dropped' } | { kind: 'root'; root: string } | { kind: 'neighbour' | 'parent'; item: Y.Item } {
    const left = origin ? this.structAt(origin) : null
    const right = item.rightOrigin ? this.structAt(item.rightOrigin) : null
    if (left instanceof Y.GC || right instanceof Y.GC) return { kind: 'dropped' }
    if (left || right) {
      // A neighbour integrated as garbage makes this item garbage too. The left one is followed
      // (placeOf carries "dropped" down the chain); a right one that is not followed is looked at.
      if (left && right && this.isNew(right) && this.placeOf(right) === DROPPED) return { kind: 'dropped' }
      return { kind: 'neighbour', item: (left ?? right)! }
    }
    const parent = item.parent as unknown
    if (typeof parent === 'string') return { kind: 'root', root: parent }
    if (parent instanceof Y.ID) {
      const owner = this.structAt(parent)
      if (owner instanceof Y.GC || !(owner.content instanceof Y.ContentType)) return { kind: 'dropped' }
      return { kind: 'parent', item: owner }
    }
    throw new Unreadable('unsupported', 'an item without neighbours or parent')
  }

  /** The left origin Yjs integrates a new item with: for a trimmed first struct, its client's previous clock. */
  private integratedOrigin(item: Y.Item): Y.ID | null {
    const run = this.runs.find((candidate) => candidate.structs[0] === item)
    return run && run.start > item.id.clock ? Y.createID(item.id.client, run.start - 1) : item.origin
  }

  private placeInDoc(item: Y.Item): Place {
    let nested = false
    let current = item
    for (;;) {
      const parent = current.parent
      if (!(parent instanceof Y.AbstractType)) throw new Unreadable('unsupported', 'an item of the doc has no parent')
      if (parent._item === null) {
        const root = this.rootNames.get(parent)
        if (root === undefined) throw new Unreadable('unsupported', 'an item of the doc is in an unnamed type')
        return { root, key: current.parentSub, nested }
      }
      nested = true
      current = parent._item
    }
  }

  /** The live items the delete set removes; every deleted clock must exist (in the doc or the update). */
  private readDeletes(): IncomingDeletion[] {
    const deletions: IncomingDeletion[] = []
    for (const [client, ranges] of this.ds.clients) {
      const known = Y.getState(this.store, client)
      const items = this.newByClient.get(client)
      const last = items?.[items.length - 1]
      const end = last ? last.id.clock + last.length : known
      for (const { clock, len } of ranges) {
        // Parked by Yjs as a delete still to come when it starts at the client's end.
        if (len === 0) throw new Unreadable('unsupported', `an empty delete range at ${client}:${clock}`)
        const to = clock + len
        if (to > end) throw new Unreadable('unsupported', `deletes ${client}:${clock}..${to - 1}, which does not exist yet`)
        if (clock < known) this.deletedInDoc(client, clock, Math.min(to, known), deletions)
        for (const item of items ?? []) {
          const from = Math.max(clock, item.id.clock)
          const until = Math.min(to, item.id.clock + item.length)
          if (from < until) deletions.push({ item, from, to: until, place: this.placeOf(item), isNew: true })
        }
      }
    }
    return deletions
  }

  private deletedInDoc(client: number, from: number, to: number, deletions: IncomingDeletion[]): void {
    const structs = this.store.clients.get(client)!
    for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
      const struct = structs[i]!
      if (struct.id.clock >= to) break
      if (!(struct instanceof Y.Item) || struct.deleted) continue
      deletions.push({
        item: struct,
        from: Math.max(from, struct.id.clock),
        to: Math.min(to, struct.id.clock + struct.length),
        place: this.placeInDoc(struct),
        isNew: false,
      })
    }
  }

  /** The update as the room applies it: each client's new structs from the doc's clock on, and the delete set. */
  private encode(): Uint8Array {
    const encoder = new Y.UpdateEncoderV1()
    encoding.writeVarUint(encoder.restEncoder, this.runs.length)
    for (const run of this.runs) {
      encoding.writeVarUint(encoder.restEncoder, run.structs.length)
      encoder.writeClient(run.client)
      encoding.writeVarUint(encoder.restEncoder, run.start)
      run.structs.forEach((item, i) => item.write(encoder, i === 0 ? run.start - item.id.clock : 0))
    }
    encoding.writeVarUint(encoder.restEncoder, this.ds.clients.size)
    for (const [client, ranges] of this.ds.clients) {
      encoding.writeVarUint(encoder.restEncoder, client)
      encoding.writeVarUint(encoder.restEncoder, ranges.length)
      for (const { clock, len } of ranges) {
        encoder.writeDsClock(clock)
        encoder.writeDsLen(len)
      }
    }
    return encoder.toUint8Array()
  }
}

/** Whether two places (null: garbage) are the same. */
function samePlace(a: Place | null, b: Place | null): boolean {
  if (a === null || b === null) return a === b
  return a.root === b.root && (a.key ?? null) === (b.key ?? null) && a.nested === b.nested
}
