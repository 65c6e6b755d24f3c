/**
 * Renewing a board's links (facilitator only).
 *   POST /api/boards/:id/links/:role/renew  (role: facilitator | participant | viewer | stage)
 *     -> 200 { links, tokens } with the new token for that role. The old one stops working at once;
 *        connections that used it are closed with 4401 and told why.
 *     403 without a facilitator link, 404 for an unknown board or role.
 */
import { isLinkRole } from '../../../shared/model/roles'
import type { BoardSessions } from '../../hooks'
import { linksOf, type BoardAccess } from './board-access'
import { findBoard, originOf } from '../boards/boards-api'
import { HttpError, sendJson } from '../../http/respond'
import type { Router } from '../../http/router'
import type { BoardStorage } from '../../storage/board-storage'

export interface LinkRoutesOptions {
  storage: BoardStorage
  access: BoardAccess
  publicUrl: string | null
  /** The boards' open connections: renewing a link closes those that used the old one. */
  sessions: BoardSessions
}

export function registerLinkRoutes(router: Router, { storage, access, publicUrl, sessions }: LinkRoutesOptions): void {
  router.post('/api/boards/:id/links/:role/renew', ({ req, res, params }) => {
    const board = findBoard(storage, params.id!)
    const role = params.role!
    if (!isLinkRole(role)) throw new HttpError(404, 'no such role')
    const tokens = access.renew(req, board, role, sessions)
    sendJson(res, 200, { links: linksOf(originOf(req, publicUrl), board.id, tokens), tokens })
  })
}
