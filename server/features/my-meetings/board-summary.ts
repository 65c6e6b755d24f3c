/**
 * One line of a facilitator's list of meetings, read from the board's document and storage:
 * title, date, place, open or closed (and when the retention period deletes it), how many cards and
 * attendees, when it last changed; and a board's copy as a template for another meeting.
 */
import type * as Y from 'yjs'
import { CARD_SHAPE_TYPE } from '../../../shared/model/card'
import { readMeeting, writeMeeting } from '../../../shared/model/meeting'
import { participantsMap } from '../../../shared/model/participant'
import { RecordLog, readRecords, type LogRecord } from '../../../shared/model/record-log'

/** What this module reads of a record. */
type TypedRecord = LogRecord & { typeName?: unknown; type?: unknown }
import { PURPOSE_SHAPE_TYPE } from '../../../shared/model/template'
import type { MeetingSummary } from '../../../shared/my-meetings'

/** What the document says for the list. */
export function summaryOfDoc(doc: Y.Doc): Pick<MeetingSummary, 'title' | 'startsAt' | 'place' | 'cards' | 'attendees'> {
  const meeting = readMeeting(doc)
  let cards = 0
  for (const record of readRecords<TypedRecord>(doc).values()) if (isShapeOf(record, CARD_SHAPE_TYPE)) cards++
  return { title: meeting.title, startsAt: meeting.startsAt, place: meeting.place, cards, attendees: participantsMap(doc).size }
}

/** The parts of a board another meeting starts from: its pages, sections and purpose, no cards or people. */
export function templateOf(doc: Y.Doc): { records: TypedRecord[]; meeting: ReturnType<typeof readMeeting> } {
  const records = [...readRecords<TypedRecord>(doc).values()].filter(
    (record) => record.typeName === 'document' || record.typeName === 'page' || isShapeOf(record, 'frame') || isShapeOf(record, PURPOSE_SHAPE_TYPE),
  )
  return { records, meeting: readMeeting(doc) }
}

/** Writes a template into a new board's document: a new meeting with the old one's title, purpose, place and cities, no date. */
export function writeTemplate(doc: Y.Doc, template: ReturnType<typeof templateOf>, title: string, origin: unknown): void {
  const { meeting, records } = template
  writeMeeting(doc, { title, purpose: meeting.purpose, place: meeting.place, cities: meeting.cities, startsAt: '', laidOutAt: meeting.laidOutAt }, origin)
  const log = new RecordLog(doc)
  log.put(records)
  log.dispose()
}

function isShapeOf(record: TypedRecord, type: string): boolean {
  return record.typeName === 'shape' && record.type === type
}
