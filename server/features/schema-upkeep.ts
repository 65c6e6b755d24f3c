/**
 * Keeps every board's stored tldraw schema (`board.schema`) at the bundled version, so that every
 * client this server hands out can open every board, whatever was stored before:
 *
 * - missing (a board made before the server wrote it): the bundled schema is written;
 * - older (the server was upgraded): the records are migrated here, once, with tldraw's own
 *   migrations, and written back through the record log together with the bundled schema;
 * - not acceptable (newer, unknown sequences, malformed: nobody's tldraw writes that, so someone
 *   vandalised it): the bundled schema is written back and a warning logged. Otherwise every
 *   client would refuse the board as "saved by a newer version".
 *
 * It runs when a room loads (`createSchemaHooks`) and when a snapshot is restored
 * (named-snapshots/board-snapshots.ts), which makes restore a repair as well.
 */
import type * as Y from 'yjs'
import { readBoardSchema, writeBoardSchema } from '../../shared/model/board-meta'
import { jsonEqual } from '../../shared/model/json-equal'
import { readRecords, replaceAllRecords, type LogRecord } from '../../shared/model/record-log'
import { BUNDLED_BOARD_SCHEMA, recordsInBundledSchema } from '../../shared/model/tldraw-schema'
import type { ServerHooks } from '../hooks'
import type { Logger } from '../log'
import type { ServerFeature } from './feature'

/** Marks the document changes the schema upkeep makes. */
const SCHEMA_ORIGIN = Symbol('schema upkeep')

/**
 * Makes the doc's records exactly `records` (already in the bundled schema) and its stored schema
 * the bundled one, in one transaction, writing only what differs. Call it outside a transaction
 * or first thing inside one.
 */
export function writeInBundledSchema(doc: Y.Doc, records: readonly LogRecord[], origin: unknown = SCHEMA_ORIGIN): void {
  doc.transact(() => {
    replaceAllRecords(doc, records, origin)
    if (!jsonEqual(readBoardSchema(doc), BUNDLED_BOARD_SCHEMA)) writeBoardSchema(doc, BUNDLED_BOARD_SCHEMA, origin)
  }, origin)
}

/** Brings the board's own records and schema to the bundled schema; logs what it did. */
export function upgradeBoardDoc(boardId: string, doc: Y.Doc, logger: Logger): void {
  const stored = readBoardSchema(doc)
  const records = [...readRecords(doc).values()]
  const result = recordsInBundledSchema(stored, records)
  if (!result.ok) {
    // Left as it is: clients refuse it too, and restoring a snapshot repairs it.
    logger.error('board.schema_migration_failed', { board: boardId, reason: result.reason })
    return
  }
  writeInBundledSchema(doc, result.records)
  if (result.from === 'older') logger.info('board.schema_migrated', { board: boardId, records: records.length })
  if (result.from === 'missing-or-unacceptable' && stored !== null) {
    logger.warn('board.schema_repaired', { board: boardId, reason: 'the stored schema is not one this tldraw wrote' })
  }
}

/** Upgrades each board's document as its room loads, before anyone is joined. */
export function schemaUpkeepFeature(logger: Logger): ServerFeature {
  return { hooks: createSchemaHooks(logger) }
}

function createSchemaHooks(logger: Logger): Required<Pick<ServerHooks, 'onLoadDocument'>> {
  return {
    onLoadDocument: ({ boardId, doc }) => {
      upgradeBoardDoc(boardId, doc, logger)
    },
  }
}
