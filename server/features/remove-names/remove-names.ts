/**
 * "Remove names", as a feature: the facilitator strips people's names from a board, for
 * publication or on someone's request; their cities and what they wrote stay.
 *   POST /api/boards/:id/remove-names
 *     -> 200 { cards, attendees, snapshotAuthors, namedSnapshots, closings }: how many of each changed
 *     -> 403 without a facilitator link, 404 for an unknown board
 *
 * Everywhere the board keeps names (without-names.ts says which):
 *   - the document, through the room's doc when it is loaded, so everyone connected sees the
 *     change like any other; then its update log is compacted, so the updates that carried the
 *     names are gone from storage too;
 *   - every named snapshot's records and author;
 *   - every closing's archived copy, with its minutes made anew from it.
 * The attendance keeps the emptied names empty for those devices; people who join afterwards are
 * recorded as usual. Copies outside the server (downloads, browsers' offline copies) are not reached.
 */
import { sendJson } from '../../http/respond'
import type { BoardSessions } from '../../hooks'
import type { Router } from '../../http/router'
import type { Logger } from '../../log'
import { requireRole } from '../access/board-access'
import type { MeetingArchive } from '../archive/meeting-archive'
import type { BoardDocs } from '../board-docs'
import type { ServerFeature } from '../feature'
import { findBoard } from '../find-board'
import type { SnapshotStore } from '../named-snapshots/snapshot-store'
import { recordsWithoutNames, removeNamesFromDoc } from './without-names'

/** Marks the document changes removing names makes. */
const REMOVE_NAMES_ORIGIN = Symbol('remove names')

export interface RemoveNamesOptions {
  docs: BoardDocs
  snapshots: SnapshotStore
  archive: MeetingArchive
  logger: Logger
}

export function removeNamesFeature(options: RemoveNamesOptions): ServerFeature {
  return { registerRoutes: (router, sessions) => registerRemoveNamesRoute(router, options, sessions) }
}

function registerRemoveNamesRoute(router: Router, options: RemoveNamesOptions, sessions: BoardSessions): void {
  router.post('/api/boards/:id/remove-names', async ({ req, res, params }) => {
    const board = await findBoard(options.docs.storage, params.id!)
    requireRole(req, board, ['facilitator'])
    sendJson(res, 200, await removeNames(board.id, options, sessions))
  })
}

async function removeNames(boardId: string, { docs, snapshots, archive, logger }: RemoveNamesOptions, sessions: BoardSessions) {
  const inDoc = await docs.change(boardId, REMOVE_NAMES_ORIGIN, (doc) => removeNamesFromDoc(doc, REMOVE_NAMES_ORIGIN))
  if (!(await sessions.compactBoard(boardId))) await docs.compactStored(boardId)
  const named = await snapshots.list(boardId)
  for (const { id } of named) {
    const snapshot = await snapshots.read(boardId, id)
    if (snapshot) await snapshots.save(boardId, { ...snapshot, author: '', records: recordsWithoutNames(snapshot.records) })
  }
  const closings = await archive.rewriteClosures(boardId, (doc) => removeNamesFromDoc(doc, REMOVE_NAMES_ORIGIN))
  // Last: where the database holds the snapshots and the archive too, their old rows are deleted content as well.
  if (!(await docs.storage.eraseDeleted())) logger.warn('storage.erase_incomplete', { board: boardId })
  const result = {
    cards: inDoc.cards,
    attendees: inDoc.attendees,
    snapshotAuthors: inDoc.snapshots,
    namedSnapshots: named.length,
    closings,
  }
  logger.info('board.names_removed', { board: boardId, ...result })
  return result
}
