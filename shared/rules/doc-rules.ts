/**
 * The write rules' view of a board's Y.Doc (see ./write-rules.ts): what a page reads before it
 * writes. The server decides a closed meeting by its own flag (server/features/archive), which
 * the doc's `meeting.archivedAt` mirrors.
 */
import type * as Y from 'yjs'
import { readLocks } from '../model/locks'
import { readMeeting } from '../model/meeting'
import type { WriteRules } from './write-rules'

export function readWriteRules(doc: Y.Doc): WriteRules {
  return { archived: readMeeting(doc).archivedAt !== null, locks: readLocks(doc) }
}
