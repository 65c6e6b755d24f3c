import type * as Y from 'yjs'
import type { HistoryEntry, SerializedSchema, TLRecord, TLStore } from 'tldraw'
import { observeBoardSchema, readBoardSchema, writeBoardSchema, type StoredSchema } from '../../../shared/model/board-meta'
import { changedFieldPaths, type FieldPath } from '../../../shared/model/field-paths'
import { jsonEqual } from '../../../shared/model/json-equal'
import { RecordLog, type RecordLogChange } from '../../../shared/model/record-log'

/**
 * Keeps a tldraw store and a board's Y.Doc in step (no React, runs in Node as in the browser).
 *
 * Only records of document scope travel (shapes, pages, bindings, assets, the document); session
 * and presence records (instance, camera, pointer, page state, presence) stay in the store.
 * Local changes are written as record-log entries naming the fields they changed, so two people
 * editing different properties of one shape both keep their change (shared/model/record-log.ts).
 * Both directions are batched to one write per animation frame.
 */

/** The board can't be opened safely by this client. Nothing has been written to the doc. */
export class BoardSchemaError extends Error {
  /** The schema stored with the board, as found. */
  readonly storedSchema: unknown

  constructor(message: string, storedSchema: unknown) {
    super(message)
    this.name = new.target.name
    this.storedSchema = storedSchema
  }
}

/** The board was written by a newer version of the app (a tldraw schema this client doesn't know). */
export class NewerSchemaError extends BoardSchemaError {}

export interface BindingOptions {
  /**
   * Arranges for `flush` to run soon and returns a cancel function; called at most once per batch.
   * Default: the next animation frame, or a zero timeout where there are no frames (Node).
   */
  scheduleFlush?: (flush: () => void) => () => void
  /**
   * A newer client upgraded the board's schema while we were bound. The binding has stopped (it
   * neither writes nor reads any more); the page should say so and offer a reload.
   */
  onNewerSchema?: (error: NewerSchemaError) => void
  /**
   * Whether this session may write the board's schema (`board.schema`) and the records migrated
   * to it. Only the facilitator may: the server refuses it from anyone else, and it keeps every
   * board at the bundled schema itself (server/features/schema-upkeep.ts), so participants and
   * viewers never need to. Without it, an older board is migrated in the store only and nothing is
   * written back. Default true (the binding on its own, as in tests, owns its doc).
   */
  writeSchema?: boolean
}

export interface StoreDocBinding {
  /** Writes pending store changes to the doc, then applies pending doc changes to the store. */
  flush(): void
  /** Writes pending store changes, then stops syncing. */
  dispose(): void
}

/** How long a batch may wait when frames don't come (hidden tabs don't run animation frames). */
const FRAME_FALLBACK_MS = 100

function nextFrame(callback: () => void): () => void {
  if (typeof requestAnimationFrame !== 'function') {
    const timer = setTimeout(callback, 0)
    return () => clearTimeout(timer)
  }
  let done = false
  const once = () => {
    if (done) return
    done = true
    cancelAnimationFrame(frame)
    clearTimeout(timer)
    callback()
  }
  const frame = requestAnimationFrame(once)
  const timer = setTimeout(once, FRAME_FALLBACK_MS)
  return () => {
    done = true
    cancelAnimationFrame(frame)
    clearTimeout(timer)
  }
}

/**
 * `next` with every top-level field that equals `current`'s taken from `current`, or `current`
 * itself when nothing differs. A record read from the doc is made of new objects throughout, and
 * tldraw re-renders a shape's content whenever its `props` or `meta` is another object (it compares
 * them by identity): without this, every card a peer moved also re-rendered its content, where
 * only its position changed (found with the client benchmark, bench/browser/).
 */
function withUnchangedFieldsOf(current: TLRecord, next: TLRecord): TLRecord {
  const before = current as unknown as Record<string, unknown>
  const shared: Record<string, unknown> = {}
  let differs = false
  for (const [key, value] of Object.entries(next)) {
    const same = jsonEqual(before[key], value)
    shared[key] = same ? before[key] : value
    differs ||= !same
  }
  for (const key in before) differs ||= before[key] !== undefined && !(key in next)
  return differs ? (shared as unknown as TLRecord) : current
}

type SchemaRelation = 'current' | 'older' | 'newer' | 'unreadable'

/** How the board's stored schema relates to the store's. */
function compareSchema(store: TLStore, stored: StoredSchema): SchemaRelation {
  const ours = store.schema.serialize()
  if (stored.schemaVersion > ours.schemaVersion) return 'newer'
  const sequences = (stored as { sequences?: unknown }).sequences
  if (stored.schemaVersion === 2) {
    if (typeof sequences !== 'object' || sequences === null) return 'unreadable'
    for (const [id, version] of Object.entries(sequences)) {
      if (typeof version !== 'number') return 'unreadable'
      // A sequence we don't have at all is a record type or migration track from a later version.
      const known = ours.sequences[id]
      if (known === undefined || version > known) return 'newer'
    }
  }
  const migrations = store.schema.getMigrationsSince(stored as SerializedSchema)
  if (!migrations.ok) return 'unreadable'
  return migrations.value.length > 0 ? 'older' : 'current'
}

function newerSchemaError(stored: StoredSchema): NewerSchemaError {
  return new NewerSchemaError('This board was saved by a newer version of the app.', stored)
}

/** The board's records in the store's schema: migrated when older, refused when not readable. */
function readBoardRecords(store: TLStore, log: RecordLog<TLRecord>): { records: TLRecord[]; migrated: boolean } {
  const stored = readBoardSchema(log.doc)
  const records = log.all()
  if (stored === null) {
    if (records.length === 0) return { records, migrated: false }
    throw new BoardSchemaError('This board has records but no readable schema.', stored)
  }
  const relation = compareSchema(store, stored)
  if (relation === 'newer') throw newerSchemaError(stored)
  if (relation === 'unreadable') throw new BoardSchemaError('The schema stored with this board is not readable.', stored)
  if (relation === 'current') return { records, migrated: false }
  const result = store.schema.migrateStoreSnapshot({
    schema: stored as SerializedSchema,
    store: Object.fromEntries(records.map((record) => [record.id, record])),
  })
  if (result.type === 'error') {
    throw new BoardSchemaError(`This board could not be migrated (${result.reason}).`, stored)
  }
  return { records: Object.values(result.value), migrated: true }
}

/**
 * Binds `store` to `doc` until `dispose()`.
 *
 * On bind, a doc with records is loaded into the store (its document records replace the store's;
 * an older schema is migrated and the migrated records and our schema written back), and an empty
 * doc receives the store's document records and our schema.
 *
 * @throws NewerSchemaError when the doc was written by a newer schema; BoardSchemaError when its
 *   schema is missing or unreadable or migration fails. In both cases the doc is left untouched.
 */
export function bindStoreToDoc(store: TLStore, doc: Y.Doc, options: BindingOptions = {}): StoreDocBinding {
  const scheduleFlush = options.scheduleFlush ?? nextFrame
  const documentTypes = store.scopedTypes.document
  const isDocumentRecord = (record: TLRecord) => documentTypes.has(record.typeName)
  /** Marks our own transactions, to skip their echo. */
  const origin = { binding: 'tldraw-store' }
  const log = new RecordLog<TLRecord>(doc)

  let loaded: { records: TLRecord[]; migrated: boolean }
  try {
    loaded = readBoardRecords(store, log)
  } catch (error) {
    log.dispose()
    throw error
  }

  /** Per id: the record before the first unsent change (null: it was created) and now (null: removed). */
  const pendingLocal = new Map<string, { before: TLRecord | null; after: TLRecord | null }>()
  /** Ids the doc changed that the store has not caught up with. */
  const pendingRemote = new Set<string>()
  let cancelScheduled: (() => void) | null = null
  let stopped = false

  const schedule = () => {
    if (cancelScheduled || stopped) return
    cancelScheduled = scheduleFlush(() => {
      cancelScheduled = null
      flush()
    })
  }

  const noteLocal = (id: string, before: TLRecord | null, after: TLRecord | null) => {
    const pending = pendingLocal.get(id)
    if (pending) pending.after = after
    else pendingLocal.set(id, { before, after })
  }

  const onStoreChange = ({ changes }: HistoryEntry<TLRecord>) => {
    for (const record of Object.values(changes.added)) noteLocal(record.id, null, record)
    for (const [before, after] of Object.values(changes.updated)) noteLocal(after.id, before, after)
    for (const record of Object.values(changes.removed)) noteLocal(record.id, record, null)
    schedule()
  }

  const onLogChange = (change: RecordLogChange<TLRecord>) => {
    if (change.origin === origin) return
    for (const id of change.added.keys()) pendingRemote.add(id)
    for (const id of change.updated.keys()) pendingRemote.add(id)
    for (const id of change.removed.keys()) pendingRemote.add(id)
    schedule()
  }

  const writeLocal = () => {
    const puts: TLRecord[] = []
    const changedFields = new Map<string, FieldPath[] | null>()
    const removals: string[] = []
    for (const [id, { before, after }] of pendingLocal) {
      if (after === null) {
        if (before !== null) removals.push(id)
      } else if (before === null) {
        puts.push(after)
        changedFields.set(id, null)
      } else {
        const paths = changedFieldPaths(before, after)
        if (paths.length === 0) continue
        puts.push(after)
        changedFields.set(id, paths)
      }
    }
    pendingLocal.clear()
    if (puts.length === 0 && removals.length === 0) return
    doc.transact(() => {
      log.put(puts, changedFields, origin)
      log.remove(removals, origin)
    }, origin)
  }

  /** Puts records that pass the store's validation; a malformed record from a peer is skipped. */
  const putValid = (records: readonly TLRecord[]) => {
    const valid = records.filter((record) => {
      try {
        store.schema.validateRecord(store, record, 'updateRecord', store.get(record.id) ?? null)
        return true
      } catch (error) {
        console.warn(`gatherboard: skipped an invalid record from the board (${record.id})`, error)
        return false
      }
    })
    if (valid.length > 0) store.put(valid)
  }

  const applyRemote = () => {
    if (pendingRemote.size === 0) return
    const puts: TLRecord[] = []
    const removals: TLRecord['id'][] = []
    for (const id of pendingRemote) {
      const record = log.get(id)
      const current = store.get(id as TLRecord['id'])
      if (record === undefined) {
        if (current && isDocumentRecord(current)) removals.push(current.id)
      } else if (isDocumentRecord(record)) {
        const next = current === undefined ? record : withUnchangedFieldsOf(current, record)
        if (next !== current) puts.push(next)
      }
    }
    pendingRemote.clear()
    if (puts.length === 0 && removals.length === 0) return
    store.mergeRemoteChanges(() => {
      if (removals.length > 0) store.remove(removals)
      putValid(puts)
    })
  }

  function flush() {
    if (stopped) return
    cancelScheduled?.()
    cancelScheduled = null
    // In the browser tldraw hands changes to listeners on its next frame; take them now, so local
    // edits are written before remote ones are applied and folded on top of them.
    store._flushHistory()
    writeLocal()
    applyRemote()
  }

  const stopListeningToStore = store.listen(onStoreChange, { source: 'user', scope: 'document' })
  const stopListeningToLog = log.onChange(onLogChange)

  const stop = () => {
    stopped = true
    cancelScheduled?.()
    cancelScheduled = null
    stopListeningToStore()
    stopListeningToLog()
    stopObservingSchema()
    log.dispose()
  }

  const stopObservingSchema = observeBoardSchema(
    doc,
    (schema) => {
      if (schema === null || compareSchema(store, schema) !== 'newer') return
      stop()
      options.onNewerSchema?.(newerSchemaError(schema))
    },
    origin,
  )

  const ourSchema = store.schema.serialize()
  const writeSchema = options.writeSchema ?? true
  const boardRecords = loaded.records.filter(isDocumentRecord)
  const docWasEmpty = log.size === 0
  doc.transact(() => {
    if (docWasEmpty) {
      log.put(store.allRecords().filter(isDocumentRecord), undefined, origin)
    } else if (loaded.migrated && writeSchema) {
      const before = new Map(log.all().map((record) => [record.id, record]))
      const rewritten = boardRecords.filter((record) => !jsonEqual(record, before.get(record.id)))
      const kept = new Set(boardRecords.map((record) => record.id))
      log.put(rewritten, undefined, origin)
      log.remove([...before.keys()].filter((id) => !kept.has(id)), origin)
    }
    if (writeSchema && !jsonEqual(readBoardSchema(doc), ourSchema)) writeBoardSchema(doc, ourSchema, origin)
  }, origin)

  if (boardRecords.length > 0) {
    const ids = new Set<string>(boardRecords.map((record) => record.id))
    // Corrections tldraw makes after the merge (e.g. a missing page) count as ours and are written.
    store.mergeRemoteChanges(() => {
      const stale = store.allRecords().filter((record) => isDocumentRecord(record) && !ids.has(record.id))
      if (stale.length > 0) store.remove(stale.map((record) => record.id))
      putValid(boardRecords)
    })
  }

  return {
    flush,
    dispose() {
      flush()
      if (!stopped) stop()
    },
  }
}
