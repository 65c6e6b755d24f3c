import type * as Y from 'yjs'
import { normalizeMeeting, readMeeting, writeMeeting } from '../../shared/model/meeting'
import type { CarryOverPlan } from '../../shared/series/carry-over'
import { clearPendingSetup, readPendingSetup } from '../session/pending-setup'

/**
 * Writes what the creator filled in into the board, once (for the next meeting of a series, with
 * what carries over from the last one). The creator's tab carries the setup
 * until it is written; the meeting's `laidOutAt` marks it done for everyone, also for this tab
 * after a reload. The template itself has fixed shape ids, so even a reload between laying it out
 * and setting the mark cannot produce a second set.
 */
export function applyPendingSetup(
  boardId: string,
  doc: Y.Doc,
  layOutTemplate: (carryOver: CarryOverPlan | null) => void,
  now = Date.now(),
): void {
  const setup = readPendingSetup(boardId)
  if (!setup) return
  if (readMeeting(doc).laidOutAt === null) {
    writeMeeting(doc, normalizeMeeting(setup.meeting))
    if (setup.layout === 'questionMap') layOutTemplate(setup.carryOver ?? null)
    writeMeeting(doc, { laidOutAt: now })
  }
  clearPendingSetup(boardId)
}
