/**
 * "My meetings", as a feature: a signed-in facilitator's boards, those they created and those
 * shared with them (ownership.ts). Every endpoint needs a session (401 without one) and
 * answers 404 for a board not tied to the account, whether it exists or not.
 *   GET    /api/my/boards                 -> { boards: MeetingSummary[] } (last changed first)
 *   POST   /api/my/boards/:id/open        -> { token, url }: the facilitator link, for this browser
 *          to open the board with (and to close, reopen or delete it through the boards' API)
 *   POST   /api/my/boards/:id/duplicate   -> 201 { id, url, tokens }: a new board of the signed-in
 *          facilitator with the sections, purpose, place and cities, no cards, people or date
 *   GET | POST | DELETE /api/my/boards/:id/shares -> owned-routes.ts
 * A co-facilitator a board is shared with sees it in their list and opens it as facilitator,
 * without a link; the facilitator links keep working as before.
 */
import { createBoardId } from '../../../shared/model/board-id'
import { boardLink } from '../../../shared/model/roles'
import { originOf } from '../../http/public-origin'
import { sendJson } from '../../http/respond'
import type { Router } from '../../http/router'
import type { Logger } from '../../log'
import type { AccountStorage } from '../../storage/account-storage'
import { linksOf, type BoardAccess } from '../access/board-access'
import type { MeetingArchive } from '../archive/meeting-archive'
import type { BoardDocs } from '../board-docs'
import type { ServerFeature } from '../feature'
import type { FacilitatorSignIn } from '../sign-in/facilitator-sign-in'
import type { Ownership } from './ownership'
import { registerOwnedRoutes, requireTie, signedInAccount } from './owned-routes'
import type { MeetingSummary } from '../../../shared/my-meetings'
import { summaryOfDoc, templateOf, writeTemplate } from './board-summary'

/** Marks the new board's first writes. */
const DUPLICATE_ORIGIN = Symbol('duplicate as template')

export interface MyMeetingsOptions {
  signIn: FacilitatorSignIn
  accounts: AccountStorage
  /** The boards' (kind 'board'). */
  ownership: Ownership
  docs: BoardDocs
  access: BoardAccess
  archive: MeetingArchive
  /** When the retention period deletes a board (ms), or null. */
  deletesAt: (boardId: string) => Promise<number | null>
  publicUrl: string | null
  logger: Logger
}

export function myMeetingsFeature(options: MyMeetingsOptions): ServerFeature {
  return { registerRoutes: (router) => registerMyMeetings(router, options) }
}

function registerMyMeetings(router: Router, options: MyMeetingsOptions): void {
  const { accounts, ownership, docs } = options
  const exists = async (boardId: string) => (await docs.storage.getBoard(boardId)) !== null
  registerOwnedRoutes(router, {
    base: '/api/my/boards',
    signIn: options.signIn,
    accounts,
    ownership,
    exists,
    linkOf: (origin, boardId, token) => boardLink(origin, boardId, token),
    publicUrl: options.publicUrl,
    logger: options.logger,
  })

  router.get('/api/my/boards', async ({ req, res }) => {
    const account = await signedInAccount(options.signIn, req)
    const boards: MeetingSummary[] = []
    for (const { id: boardId, tie } of await accounts.ownedBy('board', account)) {
      const board = await docs.storage.getBoard(boardId)
      if (board === null) continue
      const closedAt = (await options.archive.state(boardId)).archivedAt
      const deletesAt = await options.deletesAt(boardId)
      boards.push({
        id: boardId,
        ...(await docs.read(boardId, summaryOfDoc)),
        status: closedAt === null ? 'open' : 'closed',
        closedAt: closedAt === null ? null : new Date(closedAt).toISOString(),
        deletesAt: deletesAt === null ? null : new Date(deletesAt).toISOString(),
        updatedAt: new Date(board.updatedAt).toISOString(),
        tie,
      })
    }
    boards.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    sendJson(res, 200, { boards })
  })

  router.post('/api/my/boards/:id/duplicate', async ({ req, res, params }) => {
    const account = await signedInAccount(options.signIn, req)
    await requireTie({ accounts, ownership, exists }, account, params.id!)
    const template = await docs.read(params.id!, templateOf)
    const { board, tokens } = await options.access.createBoard(createBoardId())
    await docs.change(board.id, DUPLICATE_ORIGIN, (doc) => writeTemplate(doc, template, template.meeting.title, DUPLICATE_ORIGIN))
    await ownership.created(board.id, account, tokens.facilitator)
    options.logger.info('board.duplicated', { board: board.id, from: params.id! })
    const links = linksOf(originOf(req, options.publicUrl), board.id, tokens)
    sendJson(res, 201, { id: board.id, url: links.facilitator, links, tokens })
  })
}
