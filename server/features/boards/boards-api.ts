/**
 * Boards API.
 *   POST /api/boards      -> 201 { id, url, links, tokens }: `url` is the facilitator's link;
 *                            `links` has all of them (shared/model/roles.ts `BoardLinks`);
 *                            429 beyond the per-address limit, 401/403 without the right
 *                            `CREATE_BOARD_SECRET` when one is set (board-creation-guard.ts)
 *   GET  /api/boards/:id  -> 200 `BoardAccessInfo` (ISO 8601 times, the request's role, the links
 *                            for a facilitator, the join link for a facilitator, participant or
 *                            stage), 403 { error } without a valid link, 404 { error }
 */
import type { IncomingMessage } from 'node:http'
import { createBoardId, isBoardId } from '../../../shared/model/board-id'
import { boardLink, LINK_ROLES, type BoardAccessInfo } from '../../../shared/model/roles'
import type { Logger } from '../../log'
import { linksOf, requestVoterId, requireRole, type BoardAccess } from '../access/board-access'
import type { BoardMetadata, BoardStorage } from '../../storage/board-storage'
import type { BoardCreationGuard } from './board-creation-guard'
import { HttpError, sendJson } from '../../http/respond'
import type { Router } from '../../http/router'

export interface BoardsApiOptions {
  storage: BoardStorage
  /** Origin for board links; when null, the request's Host header is used. */
  publicUrl: string | null
  logger: Logger
  access: BoardAccess
  creation: BoardCreationGuard
}

const HOST_HEADER = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/

export function registerBoardsApi(router: Router, { storage, publicUrl, logger, access, creation }: BoardsApiOptions): void {
  router.post('/api/boards', ({ req, res }) => {
    creation.admit(req)
    const { board, tokens } = access.createBoard(createBoardId())
    logger.info('board.created', { board: board.id })
    const links = linksOf(originOf(req, publicUrl), board.id, tokens)
    sendJson(res, 201, { id: board.id, url: links.facilitator, links, tokens })
  })

  router.get('/api/boards/:id', ({ req, res, params }) => {
    const board = findBoard(storage, params.id!)
    const role = requireRole(req, board, LINK_ROLES)
    const origin = originOf(req, publicUrl)
    const links = role === 'facilitator' ? linksOf(origin, board.id, access.tokensFor(req, board)) : null
    const joinToken = links ? null : access.joinTokenFor(req, board)
    const info: BoardAccessInfo = {
      ...describeBoard(board),
      role,
      links,
      join: links ? links.join : joinToken ? boardLink(origin, board.id, joinToken, 'capture') : null,
      voterId: requestVoterId(board, req),
    }
    sendJson(res, 200, info)
  })
}

/** The board with `id`, or a 404 `HttpError`. */
export function findBoard(storage: BoardStorage, id: string): BoardMetadata {
  const board = isBoardId(id) ? storage.getBoard(id) : null
  if (!board) throw new HttpError(404, 'board not found')
  return board
}

function describeBoard(board: BoardMetadata): { id: string; createdAt: string; updatedAt: string } {
  return {
    id: board.id,
    createdAt: new Date(board.createdAt).toISOString(),
    updatedAt: new Date(board.updatedAt).toISOString(),
  }
}

/** The origin people reach this server at, for links in answers. */
export function originOf(req: IncomingMessage, publicUrl: string | null): string {
  if (publicUrl) return publicUrl
  const host = req.headers.host
  return host && HOST_HEADER.test(host) ? `http://${host}` : `http://localhost:${req.socket.localPort}`
}
