/**
 * The board as a `.tldr` file, the part both ends write: tldraw's own file format (so tldraw itself
 * opens it), `{ tldrawFileFormatVersion, schema, records }`, with the meeting's metadata in the
 * document record's `meta.gatherboard`. The board page writes it from its editor
 * (client/board/export/tldr-file.ts, which also reads files back); the whole-board export
 * archive writes it from the stored document (server/features/minutes/board-archive.ts).
 */
import type { Meeting } from './meeting'

export const TLDR_EXTENSION = '.tldr'
export const TLDR_MIME_TYPE = 'application/vnd.tldraw+json'
/** The version of tldraw's file format these files have. */
const TLDRAW_FILE_FORMAT_VERSION = 1

/** Where in the document record's meta our metadata lives. */
export const BOARD_FILE_META_KEY = 'gatherboard'
const BOARD_FILE_META_VERSION = 1

/** What is carried over from the meeting; whether it is archived belongs to the server. */
export type MeetingMetadata = Omit<Meeting, 'archivedAt'>

type FileRecord = { typeName: string; meta?: Record<string, unknown> }

/** The records with the meeting's metadata put into the document record (the others as they are). */
export function withMeetingMetadata<R extends FileRecord>(records: readonly R[], meeting: Meeting): R[] {
  const { archivedAt: _archiveIsTheServers, ...metadata } = meeting
  return records.map((record) =>
    record.typeName === 'document'
      ? { ...record, meta: { ...record.meta, [BOARD_FILE_META_KEY]: { version: BOARD_FILE_META_VERSION, meeting: metadata } } }
      : record,
  )
}

/** The text of a `.tldr` file of `records` (in `schema`, tldraw's serialized store schema). */
export function boardFileText(records: readonly FileRecord[], schema: unknown, meeting: Meeting): string {
  return JSON.stringify({ tldrawFileFormatVersion: TLDRAW_FILE_FORMAT_VERSION, schema, records: withMeetingMetadata(records, meeting) })
}
