/**
 * What an update changes in terms of the board's model, from the places the transport found for
 * its items (sync/incoming-update.ts): keys written in top-level maps, entries added to and
 * removed from the record log, other top-level types touched. The policy judges this.
 */
import * as Y from 'yjs'
import { isPlainJson } from '../../../shared/model/plain-json'
import { RECORDS_ARRAY, isRecordLogEntry, type RecordLogEntry } from '../../../shared/model/record-log'
import type { IncomingUpdate, Place } from '../../hooks'

/** One key of a top-level map written by the update. */
export interface MapWrite {
  /** True when the update sets a value (then `value` is it), false when it only deletes the key. */
  set: boolean
  value: unknown
  /** The change is inside a Y type nested under the key (then `value` is not known). */
  nested: boolean
}

export interface UpdateTouches {
  /** The update changes nothing visible (only garbage Yjs will collect). */
  readonly empty: boolean
  /** Keys written in top-level maps, by map name. */
  readonly maps: ReadonlyMap<string, ReadonlyMap<string, MapWrite>>
  /** New entries of the record log (only well-formed ones; see `malformedRecords`). */
  readonly recordEntries: readonly RecordLogEntry[]
  /** Ids of records whose live entries the update deletes. */
  readonly recordDeletions: ReadonlySet<string>
  /** The live entries it deletes (the doc's own values, to be told apart by identity). */
  readonly deletedEntries: ReadonlySet<RecordLogEntry>
  /** The update adds something to the record log that is not a record-log entry. */
  readonly malformedRecords: boolean
  /** Top-level types touched as sequences (not keyed), other than the record log. */
  readonly otherRoots: ReadonlySet<string>
  /** Content the board's model never writes: nested Y types, text, binary, embedded docs. */
  readonly foreignContent: boolean
  /** A value written is not plain JSON (bigint, bytes, NaN, undefined...: shared/model/plain-json.ts). */
  readonly nonJson: boolean
}

const isRecordLog = (place: Place) => place.root === RECORDS_ARRAY && place.key === null && !place.nested

export function touchesOf(update: IncomingUpdate): UpdateTouches {
  const maps = new Map<string, Map<string, MapWrite>>()
  const recordEntries: RecordLogEntry[] = []
  const recordDeletions = new Set<string>()
  const deletedEntries = new Set<RecordLogEntry>()
  const otherRoots = new Set<string>()
  let malformedRecords = false
  let foreignContent = false
  let nonJson = false
  let visible = false

  const touch = (place: Place, write: MapWrite) => {
    visible = true
    if (place.key === null) {
      otherRoots.add(place.root)
      return
    }
    let keys = maps.get(place.root)
    if (!keys) maps.set(place.root, (keys = new Map()))
    const previous = keys.get(place.key)
    // A set wins over the deletion of the value it replaces, whatever the order they were found in.
    if (!previous || write.set || !previous.set) keys.set(place.key, write)
  }

  for (const { item, place } of update.items) {
    if (place === null) continue // integrated as garbage: changes nothing anyone sees
    const content = item.content
    if (content instanceof Y.ContentDeleted) {
      touch(place, { set: false, value: undefined, nested: place.nested })
      continue
    }
    if (!(content instanceof Y.ContentAny) || place.nested) foreignContent = true
    else if (!nonJson && !content.getContent().every(isPlainJson)) nonJson = true
    if (isRecordLog(place)) {
      visible = true
      for (const value of content.getContent()) {
        if (isRecordLogEntry(value)) recordEntries.push(value)
        else malformedRecords = true
      }
      continue
    }
    const values = content.getContent()
    touch(place, { set: true, value: place.nested ? undefined : values[values.length - 1], nested: place.nested })
  }
  for (const { item, from, to, place, isNew } of update.deletions) {
    if (place === null) continue
    if (isRecordLog(place)) {
      visible = true
      if (isNew || !(item.content instanceof Y.ContentAny)) continue
      for (const value of item.content.getContent().slice(from - item.id.clock, to - item.id.clock)) {
        if (!isRecordLogEntry(value)) continue
        recordDeletions.add(value.k)
        deletedEntries.add(value)
      }
      continue
    }
    touch(place, { set: false, value: undefined, nested: place.nested })
  }
  return { empty: !visible, maps, recordEntries, recordDeletions, deletedEntries, malformedRecords, otherRoots, foreignContent, nonJson }
}
