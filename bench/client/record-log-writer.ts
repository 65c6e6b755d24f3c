import * as Y from 'yjs'
import { RECORDS_ARRAY } from '../../shared/model/record-log'

/**
 * Writes records into a doc's record log (`doc.getArray('records')`, entries
 * `{ k, v, c }`, see docs/architecture.md): every write pushes a new entry and
 * deletes the entries for that id the writer can see.
 *
 * A benchmark client's doc only ever holds its own writes (applying every
 * peer's update would cost the generator more than the server), so the entries
 * it can see, and deletes, are its own. That is exactly the update a browser
 * sends when it moves a card it last wrote.
 */
export class RecordLogWriter {
  private readonly log: Y.Array<unknown>
  /** Ids of this writer's live entries, in log order. */
  private readonly liveIds: string[] = []

  constructor(private readonly doc: Y.Doc) {
    this.log = doc.getArray(RECORDS_ARRAY)
  }

  /** Writes `record`; `changed` lists the changed field paths, or null for a new record. */
  write(id: string, record: object, changed: string[] | null): void {
    this.doc.transact(() => {
      const previous = this.liveIds.indexOf(id)
      if (previous !== -1) {
        this.log.delete(previous, 1)
        this.liveIds.splice(previous, 1)
      }
      this.log.push([{ k: id, v: record, c: changed }])
      this.liveIds.push(id)
    })
  }

  /** Creates many records in one transaction (one update), as a paste or an import does. */
  createAll(records: { id: string }[]): void {
    this.doc.transact(() => {
      this.log.push(records.map((record) => ({ k: record.id, v: record, c: null })))
      for (const record of records) this.liveIds.push(record.id)
    })
  }
}
