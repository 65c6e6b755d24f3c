/**
 * Deleting a board, as a feature: the facilitator's endpoint.
 *   DELETE /api/boards/:id  { "confirm": "<the board's title or id>" }
 *     -> 200 { deleted: id }: the board and everything kept of it are gone (board-deletion.ts)
 *     -> 400 without a confirmation naming the board; 403 without a facilitator link; 404 unknown
 * The confirmation is the API's own guard against a stray call: deleting cannot be undone, so
 * the caller has to say which board it means, as the client's confirm step asks the person to.
 */
import { readMeeting } from '../../../shared/model/meeting'
import type { BoardSessions } from '../../hooks'
import { readJsonBody } from '../../http/read-json'
import { HttpError, sendJson } from '../../http/respond'
import type { Router } from '../../http/router'
import { requireRole } from '../access/board-access'
import type { BoardDocs } from '../board-docs'
import type { ServerFeature } from '../feature'
import { findBoard } from '../find-board'
import type { BoardDeletion } from './board-deletion'

export interface DeletionFeatureOptions {
  docs: BoardDocs
  deletion: BoardDeletion
}

const CONFIRMATION_NEEDED =
  'deleting a board removes everything of it and cannot be undone: send { "confirm": "<the board\'s title or id>" } to confirm'

export function deletionFeature(options: DeletionFeatureOptions): ServerFeature {
  return { registerRoutes: (router, sessions) => registerDeletionRoute(router, options, sessions) }
}

function registerDeletionRoute(router: Router, { docs, deletion }: DeletionFeatureOptions, sessions: BoardSessions): void {
  router.delete('/api/boards/:id', async ({ req, res, params }) => {
    const board = await findBoard(docs.storage, params.id!)
    requireRole(req, board, ['facilitator'])
    const body = await readJsonBody(req)
    const title = await docs.read(board.id, (doc) => readMeeting(doc).title)
    if (!confirmsBoard((body as { confirm?: unknown } | null)?.confirm, board.id, title)) {
      throw new HttpError(400, CONFIRMATION_NEEDED)
    }
    // Another request may have deleted it while the body was read.
    if (!(await deletion.delete(board.id, sessions, 'facilitator'))) throw new HttpError(404, 'board not found')
    sendJson(res, 200, { deleted: board.id })
  })
}

/** Whether `confirm` names the board: its id, or its title (spacing aside) when it has one. */
function confirmsBoard(confirm: unknown, boardId: string, title: string): boolean {
  if (typeof confirm !== 'string') return false
  const normalized = (text: string) => text.replace(/\s+/g, ' ').trim()
  const given = normalized(confirm)
  return given === boardId || (normalized(title) !== '' && given === normalized(title))
}
