/**
 * The update policy, as a feature: a hook in which every document update is judged
 * (judge-update.ts) from what it really changes (update-touches.ts, from the transport's exact
 * reading of the update) before the room applies it. Facilitators pass the role rules, but not the
 * ones that protect every browser on the board (asset addresses, the board schema).
 *
 * Each loaded room gets, once a rule needs it (a lock or a dot to check), a live index of its
 * records (the folded record log, for finding a card's section). The hook runs inside the room's
 * turn transaction, where a new index cannot start observing the doc; the first question is
 * answered from a one-off read, and the live index starts when the transaction is over.
 */
import type * as Y from 'yjs'
import { RecordLog, readRecordEntries, readRecords, type LogRecord, type RecordLogEntry } from '../../../shared/model/record-log'
import type { ServerHooks } from '../../hooks'
import { connectionVoterId } from '../access/board-access'
import type { ServerFeature } from '../feature'
import { judgeUpdate } from './judge-update'
import { touchesOf } from './update-touches'

/** The board's records as the room's doc holds them: folded, and as their live entries. */
interface BoardRecords {
  record(id: string): LogRecord | undefined
  entries(id: string): readonly RecordLogEntry[]
}

export function updatePolicyFeature(): ServerFeature {
  return { hooks: createPolicyHooks() }
}

function createPolicyHooks(): Required<Pick<ServerHooks, 'beforeApplyUpdate'>> {
  const indexes = new WeakMap<Y.Doc, RecordLog>()
  const recordsOf = (doc: Y.Doc): BoardRecords => {
    const index = indexes.get(doc)
    if (index) return { record: (id) => index.get(id), entries: (id) => index.entriesOf(id) }
    let started = false
    const startIndex = () => {
      if (started) return
      started = true
      doc.once('afterTransaction', () => {
        if (indexes.has(doc)) return
        const live = new RecordLog(doc)
        indexes.set(doc, live)
        doc.once('destroy', () => live.dispose())
      })
    }
    let folded: Map<string, LogRecord> | null = null
    let entries: Map<string, RecordLogEntry[]> | null = null
    return {
      record: (id) => {
        startIndex()
        return (folded ??= readRecords(doc)).get(id)
      },
      entries: (id) => {
        startIndex()
        return (entries ??= readRecordEntries(doc)).get(id) ?? []
      },
    }
  }

  return {
    beforeApplyUpdate: ({ connection, room, update }) => {
      const records = recordsOf(room.doc)
      return judgeUpdate({
        role: connection.identity.role,
        voterId: connectionVoterId(connection.identity),
        boardId: room.boardId,
        touches: touchesOf(update),
        doc: room.doc,
        record: records.record,
        entries: records.entries,
      })
    },
  }
}
