/**
 * The boards API: creating a board with its links, and what a link opens on a board.
 *   POST /api/boards      -> 201 { id, url, links, tokens }: `url` is the facilitator's link;
 *                            `links` has all of them (shared/model/roles.ts `BoardLinks`);
 *                            429 beyond the per-address limit, 401/403 without the right
 *                            `CREATE_BOARD_SECRET` when one is set (board-creation-guard.ts)
 *   GET  /api/boards/:id  -> 200 `BoardAccessInfo` (ISO 8601 times, the request's role, the links
 *                            for a facilitator, the join link and the join code with its short
 *                            address for a facilitator, participant or stage), `deletesAt`: when
 *                            the retention period deletes the closed board (null when open or no
 *                            period is set); 403 { error } without a valid link, 404 { error }
 *   DELETE /api/boards/:id -> features/deletion/deletion.ts
 */
import { createBoardId } from '../../../shared/model/board-id'
import { formatJoinCode, joinCodeAddress } from '../../../shared/model/join-code'
import { boardLink, LINK_ROLES, type BoardAccessInfo } from '../../../shared/model/roles'
import { originOf } from '../../http/public-origin'
import { sendJson } from '../../http/respond'
import type { Router } from '../../http/router'
import type { Logger } from '../../log'
import type { BoardMetadata, BoardStorage } from '../../storage/board-storage'
import { linksOf, requestVoterId, requireRole, type BoardAccess } from '../access/board-access'
import type { ServerFeature } from '../feature'
import { findBoard } from '../find-board'
import type { Ownership } from '../my-meetings/ownership'
import type { BoardCreationGuard } from './board-creation-guard'

export interface BoardsApiOptions {
  storage: BoardStorage
  /** Origin for board links; when null, the request's Host header is used. */
  publicUrl: string | null
  logger: Logger
  access: BoardAccess
  creation: BoardCreationGuard
  /** Where a signed-in creator is recorded as the board's owner; null without sign-in. */
  ownership: Ownership | null
  /** When the board will be deleted by the retention period (ms since epoch), or null. */
  deletesAt(boardId: string): Promise<number | null>
}

export function boardsApiFeature(options: BoardsApiOptions): ServerFeature {
  return { registerRoutes: (router) => registerBoardsApi(router, options) }
}

function registerBoardsApi(router: Router, { storage, ownership, publicUrl, logger, access, creation, deletesAt }: BoardsApiOptions): void {
  router.post('/api/boards', async ({ req, res }) => {
    const account = await creation.admit(req)
    const { board, tokens } = await access.createBoard(createBoardId())
    if (account !== null) await ownership?.created(board.id, account, tokens.facilitator)
    logger.info('board.created', { board: board.id })
    const links = linksOf(originOf(req, publicUrl), board.id, tokens)
    sendJson(res, 201, { id: board.id, url: links.facilitator, links, tokens })
  })

  router.get('/api/boards/:id', async ({ req, res, params }) => {
    const board = await findBoard(storage, params.id!)
    const role = requireRole(req, board, LINK_ROLES)
    const origin = originOf(req, publicUrl)
    const links = role === 'facilitator' ? linksOf(origin, board.id, await access.tokensFor(req, board)) : null
    const join = await access.joinFor(req, board)
    const info: BoardAccessInfo = {
      ...describeBoard(board),
      role,
      links,
      join: join ? boardLink(origin, board.id, join.token, 'capture') : null,
      joinCode: join?.code ? { code: formatJoinCode(join.code), url: joinCodeAddress(origin, join.code) } : null,
      voterId: requestVoterId(board, req),
      deletesAt: isoOrNull(await deletesAt(board.id)),
    }
    sendJson(res, 200, info)
  })
}

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

function describeBoard(board: BoardMetadata): { id: string; createdAt: string; updatedAt: string } {
  return {
    id: board.id,
    createdAt: new Date(board.createdAt).toISOString(),
    updatedAt: new Date(board.updatedAt).toISOString(),
  }
}
