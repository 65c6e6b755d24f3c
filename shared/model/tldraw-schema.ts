/**
 * The tldraw store schema of the bundled tldraw, with our own shapes, computed without the editor,
 * React or the DOM (only `@tldraw/tlschema`), so the server knows exactly which schema versions the
 * clients it serves understand. The client's store is built from the same definitions
 * (client/board/tldraw/board-schema.ts; tests/model/tldraw-schema.test.ts proves the two serialize alike).
 *
 * The server uses it to keep every board's stored schema (`board.schema`, shared/model/board-meta.ts)
 * at this version: it writes it when missing, migrates older boards and repairs vandalised ones
 * (server/features/schema-upkeep.ts), and the update policy lets only a facilitator write the
 * key, only with a value `isAcceptableBoardSchema` accepts.
 */
import { createTLSchema, defaultBindingSchemas, defaultShapeSchemas, type TLRecord } from '@tldraw/tlschema'
import { customShapeSchemas } from './custom-shape-props'
import { jsonEqual } from './json-equal'
import type { LogRecord } from './record-log'

/** tldraw's store schema as the bundled client builds it: tldraw's shapes and bindings plus ours. */
export const boardStoreSchema = createTLSchema({
  shapes: { ...defaultShapeSchemas, ...customShapeSchemas },
  bindings: defaultBindingSchemas,
})

/** tldraw's serialized schema format 2, the one tldraw 5 writes. */
export type SerializedSchemaV2 = ReturnType<typeof boardStoreSchema.serialize>

/** The serialized form of `boardStoreSchema`, as the board's `schema` key holds it. */
export const BUNDLED_BOARD_SCHEMA: SerializedSchemaV2 = boardStoreSchema.serialize()

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Whether `value` is a serialized schema the bundled tldraw can read: the format tldraw 5 writes
 * (`{ schemaVersion: 2, sequences }` and nothing else), every sequence one the bundled tldraw has,
 * at a whole version from 0 up to the bundled one, and a path of migrations from it to the
 * bundled schema. A newer sequence, an unknown one or another format is refused: a board stored
 * with it would be refused by every client as "saved by a newer version". Sequences it lacks are
 * fine (tldraw migrates them from their start).
 */
export function isAcceptableBoardSchema(value: unknown): value is SerializedSchemaV2 {
  if (!isPlainObject(value) || value.schemaVersion !== BUNDLED_BOARD_SCHEMA.schemaVersion) return false
  if (Object.keys(value).some((key) => key !== 'schemaVersion' && key !== 'sequences')) return false
  const { sequences } = value
  if (!isPlainObject(sequences)) return false
  for (const [id, version] of Object.entries(sequences)) {
    const bundled = Object.hasOwn(BUNDLED_BOARD_SCHEMA.sequences, id) ? BUNDLED_BOARD_SCHEMA.sequences[id] : undefined
    if (bundled === undefined || !Number.isInteger(version) || (version as number) < 0 || (version as number) > bundled) return false
  }
  return boardStoreSchema.getMigrationsSince(value as unknown as SerializedSchemaV2).ok
}

/** How a stored schema relates to the bundled one. */
export type StoredSchemaState = 'current' | 'older' | 'missing-or-unacceptable'

export type BundledRecords =
  | { ok: true; from: StoredSchemaState; records: LogRecord[] }
  | { ok: false; reason: string }

/**
 * The board's records, stored under `schema`, in the bundled schema:
 * - `current` (equal to the bundled schema): as they are;
 * - `older` (acceptable, not equal): migrated with tldraw's own migrations (records the migrations
 *   drop are missing from the result); fails when a migration does;
 * - `missing-or-unacceptable` (absent, malformed, newer, unknown sequences): as they are. Such a
 *   value says nothing true about the records (nobody's tldraw writes it; someone wrote it by
 *   hand), and the records were written by clients of a tldraw that could open the board, so they
 *   are taken to be in the bundled schema; the binding validates every record it reads anyway.
 */
export function recordsInBundledSchema(schema: unknown, records: readonly LogRecord[]): BundledRecords {
  if (jsonEqual(schema, BUNDLED_BOARD_SCHEMA)) return { ok: true, from: 'current', records: [...records] }
  if (!isAcceptableBoardSchema(schema)) return { ok: true, from: 'missing-or-unacceptable', records: [...records] }
  const result = boardStoreSchema.migrateStoreSnapshot({
    schema,
    store: Object.fromEntries(records.map((record) => [record.id, record as unknown as TLRecord])),
  })
  if (result.type === 'error') return { ok: false, reason: result.reason }
  return { ok: true, from: 'older', records: Object.values(result.value) as unknown as LogRecord[] }
}
