/**
 * The update policy as server hooks: every document update of a participant or viewer is inspected
 * (update-inspector.ts) and judged (update-policy.ts) before the room applies it. Facilitators and
 * roles this policy does not know (a custom `onAuthenticate`) pass unchecked.
 *
 * Each loaded room gets the list of accepted updates not yet applied and, once a rule needs it
 * (a lock or a dot to check), a live index of its records (the folded record log, for finding a
 * card's section); both go with the room's doc. Rooms without locks or voting never build the index.
 */
import type * as Y from 'yjs'
import { RecordLog } from '../../shared/model/record-log'
import { refusalReason } from '../../shared/model/refusals'
import type { ServerHooks } from '../hooks'
import { connectionVoterId } from '../roles/board-access'
import { inspectUpdate, PendingItems } from './update-inspector'
import { judgeUpdate } from './update-policy'

interface RoomPolicyState {
  pending: PendingItems
  /** The room's records, indexed on first use. */
  records(): RecordLog
}

export function createPolicyHooks(): Required<Pick<ServerHooks, 'onLoadDocument' | 'beforeApplyUpdate'>> {
  const rooms = new WeakMap<Y.Doc, RoomPolicyState>()
  const stateOf = (doc: Y.Doc): RoomPolicyState => {
    let state = rooms.get(doc)
    if (!state) {
      let records: RecordLog | null = null
      state = {
        pending: new PendingItems(),
        // Built outside any transaction: the policy runs when an update arrives, before the room applies it.
        records: () => {
          if (!records) {
            records = new RecordLog(doc)
            doc.once('destroy', () => records?.dispose())
          }
          return records
        },
      }
      rooms.set(doc, state)
      // Accepted items are dropped as soon as the room has applied them: kept until the next
      // inspection they would outlive a young-generation GC and burden the old one.
      const pending = state.pending
      doc.on('afterTransaction', () => pending.prune(doc))
    }
    return state
  }

  return {
    onLoadDocument: ({ doc }) => {
      stateOf(doc)
    },
    beforeApplyUpdate: ({ connection, room, update }) => {
      const role = connection.identity.role
      if (role !== 'participant' && role !== 'viewer') return true
      const state = stateOf(room.doc)
      let inspected
      try {
        inspected = inspectUpdate(room.doc, update, state.pending)
      } catch {
        return { refuse: refusalReason('malformed') }
      }
      const verdict = judgeUpdate({
        role,
        voterId: connectionVoterId(connection.identity),
        touches: inspected.touches,
        doc: room.doc,
        record: (id) => state.records().get(id),
      })
      if (verdict === true) inspected.accept()
      return verdict
    },
  }
}
