import type * as Y from 'yjs'
import { withFieldsFrom, type FieldPath } from './field-paths'
import { jsonEqual } from './json-equal'

/**
 * The record log: how a board's records (tldraw shapes, pages, bindings, assets…) live in its
 * Y.Doc. See docs/data-model.md for the why; in short:
 *
 * - `doc.getArray('records')` holds entries `{ k, v, c }` (see `RecordLogEntry`).
 * - Writing a record adds one new entry and deletes every entry for that id the writer sees.
 * - The record is the fold of its live entries in array order: the first entry's `v` is the base,
 *   each later entry overwrites only the fields it lists in `c` (all of them when `c` is null).
 *
 * Concurrent writes to one id leave several live entries; every peer folds them the same way, so
 * all converge, edits to different fields both survive, and for the same field the entry later in
 * the array wins. Deleted entries are garbage collected by Yjs into ranges, so the stored size
 * follows the number of records, not the number of edits.
 */
export const RECORDS_ARRAY = 'records'

/** What the log needs of a record: its id. Everything else is opaque plain JSON. */
export interface LogRecord {
  id: string
}

/** One write in the record log. Never mutate an entry or its `v`: Yjs owns them. */
export interface RecordLogEntry<R extends LogRecord = LogRecord> {
  /** The id of the record written. */
  k: string
  /** The whole record as its writer saw it after the write. */
  v: R
  /** The field paths this write changed; null when it created the record or rewrote all of it. */
  c: FieldPath[] | null
}

/** The records one transaction on the log changed, as folded after it. */
export interface RecordLogChange<R extends LogRecord = LogRecord> {
  added: Map<string, R>
  updated: Map<string, R>
  /** Each removed record with the value it had just before. */
  removed: Map<string, R>
  /** The transaction's origin, so a writer can recognise (and skip) its own writes. */
  origin: unknown
  /** Whether the transaction was made on this doc (false for updates applied from elsewhere). */
  local: boolean
}

export type RecordLogListener<R extends LogRecord> = (change: RecordLogChange<R>) => void

function hasKey(value: unknown): value is { k: string } {
  return typeof value === 'object' && value !== null && typeof (value as { k?: unknown }).k === 'string'
}

/**
 * Whether a value from the array is a well-formed entry; anything else is ignored by readers (and
 * refused by the server's update policy from anyone who may write only content).
 */
export function isRecordLogEntry<R extends LogRecord = LogRecord>(value: unknown): value is RecordLogEntry<R> {
  if (!hasKey(value)) return false
  const { k, v, c } = value as { k: string; v?: unknown; c?: unknown }
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    (v as { id?: unknown }).id === k &&
    (c === null || (Array.isArray(c) && c.every((path) => typeof path === 'string')))
  )
}

/** Folds the live entries of one id (in array order) into the record, or undefined for none. */
function fold<R extends LogRecord>(entries: readonly RecordLogEntry<R>[] | undefined): R | undefined {
  if (!entries || entries.length === 0) return undefined
  let record = entries[0]!.v
  for (let i = 1; i < entries.length; i++) {
    const { v, c } = entries[i]!
    record = c === null ? v : withFieldsFrom(record, v, c)
  }
  return record
}

/** Groups well-formed entries by id, keeping array order within each id. */
function groupEntries<R extends LogRecord>(values: Iterable<unknown>): Map<string, RecordLogEntry<R>[]> {
  const groups = new Map<string, RecordLogEntry<R>[]>()
  for (const value of values) {
    if (!isRecordLogEntry<R>(value)) continue
    const group = groups.get(value.k)
    if (group) group.push(value)
    else groups.set(value.k, [value])
  }
  return groups
}

/**
 * Every record in a doc's log, folded, read once without keeping an index or an observer.
 * For a live view that follows changes use `RecordLog`.
 */
export function readRecords<R extends LogRecord = LogRecord>(doc: Y.Doc): Map<string, R> {
  const records = new Map<string, R>()
  for (const [id, entries] of readRecordEntries<R>(doc)) records.set(id, fold(entries)!)
  return records
}

/** Every record's live entries in array order, read once (as `RecordLog.entriesOf` gives them). */
export function readRecordEntries<R extends LogRecord = LogRecord>(doc: Y.Doc): Map<string, RecordLogEntry<R>[]> {
  return groupEntries<R>(doc.getArray(RECORDS_ARRAY).toArray())
}

/**
 * A live, indexed view of a doc's record log, and the way to write it.
 *
 * Reads are served from an index (id -> live entries in array order) kept up to date from the
 * array's events, whatever their origin. Writes scan the array itself, so they are right even
 * inside a larger transaction whose events have not been delivered yet.
 *
 * Create it outside of any transaction on the doc, and `dispose()` it when done: it observes the
 * array until then.
 */
export class RecordLog<R extends LogRecord = LogRecord> {
  readonly doc: Y.Doc
  private readonly array: Y.Array<unknown>
  /** The array's values as of the last event, including malformed ones, so deltas line up. */
  private mirror: unknown[]
  private readonly live: Map<string, RecordLogEntry<R>[]>
  private readonly listeners = new Set<RecordLogListener<R>>()
  /**
   * The last entry this log wrote. New entries go right behind it while it is live: Yjs merges
   * deleted items only when they are neighbours in the array as well as consecutive writes of one
   * client, so keeping each writer's entries together keeps its deleted writes in one range even
   * while others write too. Appending instead would leave a range per frame whenever two people
   * edit at once. Readers don't care where an entry sits: they fold whatever order the array has.
   */
  private lastWritten: unknown = null

  constructor(doc: Y.Doc) {
    this.doc = doc
    this.array = doc.getArray(RECORDS_ARRAY)
    this.mirror = this.array.toArray()
    this.live = groupEntries<R>(this.mirror)
    this.array.observe(this.onArrayEvent)
  }

  /** Stops following the doc and drops all listeners. */
  dispose(): void {
    this.array.unobserve(this.onArrayEvent)
    this.listeners.clear()
  }

  /** Number of records in the log. */
  get size(): number {
    return this.live.size
  }

  has(id: string): boolean {
    return this.live.has(id)
  }

  /** The folded record, or undefined when the log has no live entry for `id`. */
  get(id: string): R | undefined {
    return fold(this.live.get(id))
  }

  /** Every record, folded. */
  all(): R[] {
    return [...this.live.values()].map((entries) => fold(entries)!)
  }

  /** The live entries of one id in array order (more than one only after concurrent writes). */
  entriesOf(id: string): readonly RecordLogEntry<R>[] {
    return this.live.get(id) ?? []
  }

  /**
   * Writes records in one transaction: per record one new entry, and every entry for its id that
   * is in the array now is deleted. With `changedFields` listing the paths a record's write
   * changed, the entry is the currently folded record with just those fields taken from `record`:
   * changes from others not yet seen by the caller are kept, and a concurrent writer of other
   * fields keeps its change too. Without (or with null for an id) the record replaces what was
   * there. An empty path list means nothing changed: that record is skipped.
   */
  put(
    records: readonly R[],
    changedFields?: ReadonlyMap<string, readonly FieldPath[] | null>,
    origin: unknown = null,
  ): void {
    const byId = new Map(records.map((record) => [record.id, record]))
    for (const [id, paths] of changedFields ?? []) {
      if (paths?.length === 0) byId.delete(id)
    }
    if (byId.size === 0) return
    this.doc.transact(() => {
      const { positions, entries, lastWrittenAt } = this.scan(new Set(byId.keys()))
      const fresh: RecordLogEntry<R>[] = []
      for (const [id, record] of byId) {
        const paths = changedFields?.get(id) ?? null
        const current = fold(entries.get(id))
        fresh.push(
          paths === null || current === undefined
            ? { k: id, v: record, c: null }
            : { k: id, v: withFieldsFrom(current, record, paths), c: [...paths] },
        )
      }
      // Right behind our previous entry when it is still there, else at the end (see lastWritten).
      const insertAt = lastWrittenAt === -1 ? this.array.length : lastWrittenAt + 1
      this.array.insert(insertAt, fresh)
      this.deleteAt(positions.map((position) => (position >= insertAt ? position + fresh.length : position)))
      this.lastWritten = fresh[fresh.length - 1]!
    }, origin)
  }

  /** Deletes every entry of these ids, in one transaction. */
  remove(ids: Iterable<string>, origin: unknown = null): void {
    const wanted = new Set(ids)
    if (wanted.size === 0) return
    this.doc.transact(() => this.deleteAt(this.scan(wanted).positions), origin)
  }

  /** Calls `listener` after every transaction that changed a record; returns the unsubscribe. */
  onChange(listener: RecordLogListener<R>): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Positions (ascending) of all entries whose id is wanted, malformed ones included so writers
   * clean them up, the well-formed ones grouped by id for folding, and where our last written
   * entry is (-1 when it is gone).
   */
  private scan(wanted: ReadonlySet<string>): {
    positions: number[]
    entries: Map<string, RecordLogEntry<R>[]>
    lastWrittenAt: number
  } {
    const positions: number[] = []
    const matching: unknown[] = []
    let lastWrittenAt = -1
    this.array.forEach((value, index) => {
      if (value === this.lastWritten) lastWrittenAt = index
      if (hasKey(value) && wanted.has(value.k)) {
        positions.push(index)
        matching.push(value)
      }
    })
    return { positions, entries: groupEntries<R>(matching), lastWrittenAt }
  }

  /** Deletes the array items at ascending `positions`, back to front, a run of neighbours at a time. */
  private deleteAt(positions: readonly number[]): void {
    let end = positions.length - 1
    while (end >= 0) {
      let start = end
      while (start > 0 && positions[start - 1] === positions[start]! - 1) start--
      this.array.delete(positions[start]!, end - start + 1)
      end = start - 1
    }
  }

  private readonly onArrayEvent = (event: Y.YArrayEvent<unknown>, transaction: Y.Transaction): void => {
    const inserted: RecordLogEntry<R>[] = []
    const deleted: RecordLogEntry<R>[] = []
    const next: unknown[] = []
    let position = 0
    for (const op of event.changes.delta) {
      if (op.retain !== undefined) {
        for (const end = position + op.retain; position < end; position++) next.push(this.mirror[position])
      } else if (op.insert !== undefined) {
        for (const value of op.insert as unknown[]) {
          next.push(value)
          if (isRecordLogEntry<R>(value)) inserted.push(value)
        }
      } else if (op.delete !== undefined) {
        for (const end = position + op.delete; position < end; position++) {
          const value = this.mirror[position]
          if (isRecordLogEntry<R>(value)) deleted.push(value)
        }
      }
    }
    for (; position < this.mirror.length; position++) next.push(this.mirror[position])
    this.mirror = next

    const before = new Map<string, R | undefined>()
    for (const entry of [...deleted, ...inserted]) {
      if (!before.has(entry.k)) before.set(entry.k, this.get(entry.k))
    }
    this.updateIndex(deleted, inserted)
    if (this.listeners.size > 0) this.emit(before, transaction)
  }

  private updateIndex(deleted: readonly RecordLogEntry<R>[], inserted: readonly RecordLogEntry<R>[]): void {
    for (const entry of deleted) {
      const entries = this.live.get(entry.k)
      if (!entries) continue
      const index = entries.indexOf(entry)
      if (index !== -1) entries.splice(index, 1)
      if (entries.length === 0) this.live.delete(entry.k)
    }
    // A new entry usually is the only live one for its id. When it is not, a concurrent insert may
    // sit anywhere among the others, so those ids are re-read from the array in order.
    const reorder = new Set<string>()
    for (const entry of inserted) {
      const entries = this.live.get(entry.k)
      if (entries) {
        entries.push(entry)
        reorder.add(entry.k)
      } else {
        this.live.set(entry.k, [entry])
      }
    }
    if (reorder.size === 0) return
    for (const id of reorder) this.live.set(id, [])
    for (const value of this.mirror) {
      if (hasKey(value) && reorder.has(value.k) && isRecordLogEntry<R>(value)) this.live.get(value.k)!.push(value)
    }
  }

  private emit(before: ReadonlyMap<string, R | undefined>, transaction: Y.Transaction): void {
    const change: RecordLogChange<R> = {
      added: new Map(),
      updated: new Map(),
      removed: new Map(),
      origin: transaction.origin,
      local: transaction.local,
    }
    for (const [id, previous] of before) {
      const current = this.get(id)
      if (previous === undefined && current !== undefined) change.added.set(id, current)
      else if (previous !== undefined && current === undefined) change.removed.set(id, previous)
      else if (previous !== undefined && current !== undefined && !jsonEqual(previous, current)) {
        change.updated.set(id, current)
      }
    }
    if (change.added.size + change.updated.size + change.removed.size === 0) return
    for (const listener of this.listeners) listener(change)
  }
}

/**
 * Makes the doc's records exactly `target` as one change through the record log, writing only
 * what differs: records that differ are put whole, records not in `target` are removed. The
 * server restores snapshots and migrates boards to the bundled schema this way, so every client
 * receives it like any other edit and offline copies merge with it.
 *
 * Call it outside a transaction, or inside one before anything in it touched the log (the log
 * view made here reads the array as it is).
 */
export function replaceAllRecords(doc: Y.Doc, target: readonly LogRecord[], origin: unknown = null): void {
  const log = new RecordLog(doc)
  try {
    const current = new Map(log.all().map((record) => [record.id, record]))
    const wanted = new Set(target.map((record) => record.id))
    doc.transact(() => {
      log.put(
        target.filter((record) => !jsonEqual(record, current.get(record.id))),
        undefined,
        origin,
      )
      log.remove(
        [...current.keys()].filter((id) => !wanted.has(id)),
        origin,
      )
    }, origin)
  } finally {
    log.dispose()
  }
}
