/**
 * The board as a `.tldr` file: tldraw's own file format (so tldraw itself opens it), with the
 * meeting's metadata in the document record's `meta.gatherboard`; and reading such a file back,
 * refusing anything broken or foreign with a reason.
 */
import { MigrationFailureReason, parseTldrawJsonFile, serializeTldrawJson, type Editor, type TLRecord, type TLSchema } from 'tldraw'
import { BOARD_FILE_META_KEY as META_KEY, withMeetingMetadata, type MeetingMetadata } from '../../../shared/model/board-file'
import { normalizeMeeting, type Meeting } from '../../../shared/model/meeting'

export { TLDR_EXTENSION, TLDR_MIME_TYPE } from '../../../shared/model/board-file'
export type { MeetingMetadata }

/** Bigger files are refused before parsing (a board with many photos stays well below). */
export const MAX_TLDR_BYTES = 50 * 1024 * 1024

export type TldrReadError = 'tooLarge' | 'notATldrawFile' | 'oldTldrawFile' | 'newerTldrawFile' | 'unreadableRecords'

export type TldrReadResult =
  | { ok: true; records: TLRecord[]; meeting: Partial<MeetingMetadata> }
  | { ok: false; error: TldrReadError }

/** The board (all its records, pictures inlined by tldraw) as the text of a `.tldr` file. */
export async function serializeBoardFile(editor: Editor, meeting: Meeting): Promise<string> {
  const file = JSON.parse(await serializeTldrawJson(editor)) as { records: { typeName: string; meta?: Record<string, unknown> }[] }
  return JSON.stringify({ ...file, records: withMeetingMetadata(file.records, meeting) })
}

/** The meeting metadata of a file, bounded like a typed one; anything malformed is left out. */
function readMeetingMetadata(meta: unknown): Partial<MeetingMetadata> {
  const ours = (meta as Record<string, unknown> | undefined)?.[META_KEY] as { meeting?: Record<string, unknown> } | undefined
  const meeting = ours?.meeting
  if (!meeting || typeof meeting !== 'object') return {}
  const text = (key: keyof MeetingMetadata) => (typeof meeting[key] === 'string' ? (meeting[key] as string) : undefined)
  const cities = Array.isArray(meeting.cities) ? meeting.cities.filter((city): city is string => typeof city === 'string') : undefined
  const { archivedAt: _ignored, ...normalized } = normalizeMeeting({
    title: text('title'),
    purpose: text('purpose'),
    startsAt: text('startsAt'),
    place: text('place'),
    cities,
  })
  const laidOutAt = typeof meeting.laidOutAt === 'number' ? { laidOutAt: meeting.laidOutAt } : {}
  return { ...Object.fromEntries(Object.entries(normalized).filter(([, value]) => value !== undefined)), ...laidOutAt }
}

/**
 * Reads a `.tldr` file into records of `schema` (migrated from older tldraw versions), keeping only
 * the board's document records. Our metadata is taken out of the document record: it belongs in
 * the board's meeting.
 */
export function readBoardFile(text: string, schema: TLSchema, documentTypes: ReadonlySet<string>): TldrReadResult {
  if (text.length > MAX_TLDR_BYTES) return { ok: false, error: 'tooLarge' }
  const parsed = parseTldrawJsonFile({ json: text, schema })
  if (!parsed.ok) {
    switch (parsed.error.type) {
      case 'notATldrawFile':
        return { ok: false, error: 'notATldrawFile' }
      case 'v1File':
        return { ok: false, error: 'oldTldrawFile' }
      case 'fileFormatVersionTooNew':
        return { ok: false, error: 'newerTldrawFile' }
      case 'migrationFailed':
        return {
          ok: false,
          error: parsed.error.reason === MigrationFailureReason.TargetVersionTooNew ? 'newerTldrawFile' : 'unreadableRecords',
        }
      default:
        return { ok: false, error: 'unreadableRecords' }
    }
  }
  const store = parsed.value
  try {
    let meeting: Partial<MeetingMetadata> = {}
    const records = store
      .allRecords()
      .filter((record) => documentTypes.has(record.typeName))
      .map((record) => {
        if (record.typeName !== 'document' || !(META_KEY in record.meta)) return record
        meeting = readMeetingMetadata(record.meta)
        const { [META_KEY]: _ours, ...meta } = record.meta
        return { ...record, meta }
      })
    if (!records.some((record) => record.typeName === 'page')) return { ok: false, error: 'unreadableRecords' }
    return { ok: true, records, meeting }
  } finally {
    store.dispose()
  }
}
