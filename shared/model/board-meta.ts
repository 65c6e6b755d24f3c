import type * as Y from 'yjs'

/**
 * Per-document settings of a board: `doc.getMap('board')`, one key per setting.
 *
 * - `schema`: tldraw's serialized store schema (`store.schema.serialize()`) the records in the
 *   record log are written in. Readers older than it must not write; newer ones migrate the
 *   records and then store their own schema (see client/sync/tldraw/binding.ts).
 */
export const BOARD_MAP = 'board'

export const SCHEMA_KEY = 'schema'

/**
 * tldraw's serialized schema as plain JSON. Only its shape is checked here; what the versions
 * mean is tldraw's business, so this module needs no tldraw import (the server reads it too).
 */
export interface StoredSchema {
  schemaVersion: number
}

export function boardMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(BOARD_MAP)
}

function isStoredSchema(value: unknown): value is StoredSchema {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { schemaVersion?: unknown }).schemaVersion === 'number'
  )
}

/** The schema the board's records are written in; null when absent or not a schema at all. */
export function readBoardSchema(doc: Y.Doc): StoredSchema | null {
  const value = boardMap(doc).get(SCHEMA_KEY)
  return isStoredSchema(value) ? value : null
}

/** Stores the schema the board's records are written in. */
export function writeBoardSchema(doc: Y.Doc, schema: StoredSchema, origin: unknown = null): void {
  doc.transact(() => boardMap(doc).set(SCHEMA_KEY, schema), origin)
}

/**
 * Calls `listener` with the new schema whenever the stored schema changes (from any origin but
 * the one given as `ignoreOrigin`). Returns the unsubscribe.
 */
export function observeBoardSchema(
  doc: Y.Doc,
  listener: (schema: StoredSchema | null) => void,
  ignoreOrigin?: unknown,
): () => void {
  const map = boardMap(doc)
  const onEvent = (event: Y.YMapEvent<unknown>) => {
    if (!event.keysChanged.has(SCHEMA_KEY)) return
    if (ignoreOrigin !== undefined && event.transaction.origin === ignoreOrigin) return
    listener(readBoardSchema(doc))
  }
  map.observe(onEvent)
  return () => map.unobserve(onEvent)
}
