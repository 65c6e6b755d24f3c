/**
 * What "remove names" changes in a board's document and in copies of its records: the names of
 * people, while their cities and everything they wrote stay.
 *   - cards: the author's name (`authorName`) and a commitment's owner (`owner`)
 *   - attendance: each entry's name, kept empty for that device from then on
 *   - the named snapshots' index: who took each one (`author`)
 */
import * as Y from 'yjs'
import { CARD_SHAPE_TYPE } from '../../../shared/model/card'
import { removeParticipantNames } from '../../../shared/model/participant'
import { RecordLog, type LogRecord } from '../../../shared/model/record-log'
import { readSnapshotIndex, snapshotsMap } from '../../../shared/model/snapshots'

/** The card props that hold a person's name. */
const NAME_PROPS = ['authorName', 'owner'] as const
const NAME_PATHS = NAME_PROPS.map((prop) => `props.${prop}`)

/** How many names one removal emptied, by where they were. */
export interface NamesRemoved {
  cards: number
  attendees: number
  snapshots: number
}

interface CardLike extends LogRecord {
  type?: unknown
  props?: Record<string, unknown>
}

/** The record with its names emptied, or null when it is no card or has none. */
export function recordWithoutNames(record: LogRecord): LogRecord | null {
  const { type, props } = record as CardLike
  if (type !== CARD_SHAPE_TYPE || !props || NAME_PROPS.every((prop) => !props[prop])) return null
  const emptied = Object.fromEntries(NAME_PROPS.map((prop) => [prop, '']))
  return { ...record, props: { ...props, ...emptied } } as LogRecord
}

/** The records with every card's names emptied. */
export function recordsWithoutNames(records: readonly LogRecord[]): LogRecord[] {
  return records.map((record) => recordWithoutNames(record) ?? record)
}

/**
 * Empties every name in the document in one transaction with `origin`. The cards are written
 * through the record log, which deletes the entries that held the names, so once the document is
 * garbage-collected (as the server's are) and compacted, the names are gone from its state too.
 */
export function removeNamesFromDoc(doc: Y.Doc, origin: unknown): NamesRemoved {
  const log = new RecordLog(doc)
  try {
    let removed!: NamesRemoved
    doc.transact(() => {
      const cards = log.all().flatMap((record) => recordWithoutNames(record) ?? [])
      log.put(cards, new Map(cards.map((card) => [card.id, NAME_PATHS])), origin)
      const snapshots = readSnapshotIndex(doc).filter((info) => info.author !== '')
      for (const info of snapshots) snapshotsMap(doc).set(info.id, { ...info, author: '' })
      removed = { cards: cards.length, attendees: removeParticipantNames(doc), snapshots: snapshots.length }
    }, origin)
    return removed
  } finally {
    log.dispose()
  }
}
