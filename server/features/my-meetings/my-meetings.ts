/**
 * "My meetings", as a feature: a signed-in facilitator's boards, those they created and those
 * shared with them (board-ownership.ts). Every endpoint needs a session (401 without one) and
 * answers 404 for a board not tied to the account, whether it exists or not.
 *   GET    /api/my/boards                 -> { boards: MeetingSummary[] } (last changed first)
 *   POST   /api/my/boards/:id/open        -> { token, url }: the facilitator link, for this browser
 *          to open the board with (and to close, reopen or delete it through the boards' API)
 *   POST   /api/my/boards/:id/duplicate   -> 201 { id, url, tokens }: a new board of the signed-in
 *          facilitator with the sections, purpose, place and cities, no cards, people or date
 *   GET    /api/my/boards/:id/shares      -> { shares }
 *   POST   /api/my/boards/:id/shares      { kind: 'email' | 'username', value } -> { shares }
 *   DELETE /api/my/boards/:id/shares      { kind, value } -> { shares }
 * A co-facilitator a board is shared with sees it in their list and opens it as facilitator,
 * without a link; the facilitator links keep working as before.
 */
import type { IncomingMessage } from 'node:http'
import { createBoardId } from '../../../shared/model/board-id'
import { boardLink } from '../../../shared/model/roles'
import { originOf } from '../../http/public-origin'
import { readJsonBody } from '../../http/read-json'
import { HttpError, sendJson } from '../../http/respond'
import type { Router } from '../../http/router'
import type { Logger } from '../../log'
import type { Account, AccountStorage, BoardShare } from '../../storage/account-storage'
import { linksOf, type BoardAccess } from '../access/board-access'
import type { MeetingArchive } from '../archive/meeting-archive'
import type { BoardDocs } from '../board-docs'
import type { ServerFeature } from '../feature'
import type { FacilitatorSignIn } from '../sign-in/facilitator-sign-in'
import type { BoardOwnership } from './board-ownership'
import type { MeetingSummary } from '../../../shared/my-meetings'
import { summaryOfDoc, templateOf, writeTemplate } from './board-summary'

/** Marks the new board's first writes. */
const DUPLICATE_ORIGIN = Symbol('duplicate as template')
const MAX_SHARE_LENGTH = 254

export interface MyMeetingsOptions {
  signIn: FacilitatorSignIn
  accounts: AccountStorage
  ownership: BoardOwnership
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
  const signedIn = async (req: IncomingMessage): Promise<Account> => {
    const account = await options.signIn.account(req)
    if (account === null) throw new HttpError(401, 'sign in to see your meetings')
    return account
  }
  /** The board, when it is tied to the account and still exists. */
  const tiedBoard = async (account: Account, boardId: string) => {
    const tie = await accounts.tieOf(account, boardId)
    const board = tie === null ? null : await docs.storage.getBoard(boardId)
    if (tie === null || board === null) throw new HttpError(404, 'none of your meetings has this board')
    return { board, tie }
  }

  router.get('/api/my/boards', async ({ req, res }) => {
    const account = await signedIn(req)
    const boards: MeetingSummary[] = []
    for (const { boardId, tie } of await accounts.boardsOf(account)) {
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

  router.post('/api/my/boards/:id/open', async ({ req, res, params }) => {
    const account = await signedIn(req)
    const { board } = await tiedBoard(account, params.id!)
    const token = await ownership.facilitatorToken(account, board.id)
    if (token === null) {
      throw new HttpError(409, "this server cannot open the board for you (its OIDC client secret changed): open it once with its facilitator link")
    }
    sendJson(res, 200, { token, url: boardLink(originOf(req, options.publicUrl), board.id, token) })
  })

  router.post('/api/my/boards/:id/duplicate', async ({ req, res, params }) => {
    const account = await signedIn(req)
    const { board: source } = await tiedBoard(account, params.id!)
    const template = await docs.read(source.id, templateOf)
    const { board, tokens } = await options.access.createBoard(createBoardId())
    await docs.change(board.id, DUPLICATE_ORIGIN, (doc) => writeTemplate(doc, template, template.meeting.title, DUPLICATE_ORIGIN))
    await ownership.created(board.id, account, tokens.facilitator)
    options.logger.info('board.duplicated', { board: board.id, from: source.id })
    const links = linksOf(originOf(req, options.publicUrl), board.id, tokens)
    sendJson(res, 201, { id: board.id, url: links.facilitator, links, tokens })
  })

  router.get('/api/my/boards/:id/shares', async ({ req, res, params }) => {
    const { board } = await tiedBoard(await signedIn(req), params.id!)
    sendJson(res, 200, { shares: await accounts.shares(board.id) })
  })
  for (const method of ['post', 'delete'] as const) {
    router[method]('/api/my/boards/:id/shares', async ({ req, res, params }) => {
      const { board } = await tiedBoard(await signedIn(req), params.id!)
      const share = readShare(await readJsonBody(req))
      if (method === 'post') await accounts.addShare(board.id, share)
      else await accounts.removeShare(board.id, share)
      options.logger.info(method === 'post' ? 'board.shared' : 'board.unshared', { board: board.id, kind: share.kind })
      sendJson(res, 200, { shares: await accounts.shares(board.id) })
    })
  }
}

function readShare(body: unknown): BoardShare {
  const { kind, value } = (body ?? {}) as { kind?: unknown; value?: unknown }
  if (kind !== 'email' && kind !== 'username') throw new HttpError(400, 'kind must be "email" or "username"')
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_SHARE_LENGTH) {
    throw new HttpError(400, `value must be the person's ${kind === 'email' ? 'e-mail address' : 'user name'} (at most ${MAX_SHARE_LENGTH} characters)`)
  }
  if (kind === 'email' && !/^[^\s@]+@[^\s@]+$/.test(value.trim())) throw new HttpError(400, 'that is not an e-mail address')
  return { kind, value: value.trim().toLowerCase() }
}
