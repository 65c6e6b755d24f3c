/**
 * Meeting series, as a feature:
 *   POST /api/series  { title, purpose?, cities? }            -> 201 { id, links, tokens } (limited per address like boards;
 *        created signed in, it is the facilitator's in My meetings)
 *   GET  /api/series/:id                 (manage | read)      -> 200 `SeriesView`
 *   POST /api/series/:id/meetings { boardId, boardToken }  (manage, and the board's facilitator token)
 *        -> 201 `SeriesView`; 200 for a meeting of this series already (its links are read afresh:
 *        after the board's links were renewed); 409 when the board is a meeting of another series
 *   POST /api/series/:id/cities { cities?, merge?: { variants, into } }  (manage) -> 200 `SeriesView`
 *   POST /api/series/:id/links/:role/renew  (manage; role manage | read) -> 200 { links, tokens }: the
 *        old token stops working at once; the meetings' links and the owner links stay readable
 * Every answer is JSON; 400 for a malformed body, 403 without the right link, 404 for an unknown series or board.
 */
import { createBoardId } from '../../../shared/model/board-id'
import { MEETING_LIMITS } from '../../../shared/model/meeting'
import { mergeCities } from '../../../shared/series/cities'
import { isSeriesRole, seriesLink } from '../../../shared/series/series-links'
import { originOf } from '../../http/public-origin'
import { readJsonBody } from '../../http/read-json'
import { HttpError, sendJson } from '../../http/respond'
import type { Router } from '../../http/router'
import { openLinks, readStoredLinks, roleOfToken } from '../access/board-links'
import { isTokenShaped } from '../access/tokens'
import type { BoardCreationGuard } from '../boards/board-creation-guard'
import type { Ownership } from '../my-meetings/ownership'
import type { ServerFeature } from '../feature'
import { findBoard } from '../find-board'
import { meetingSeals, newSeriesLinks, renewedSeals, requireSeriesRole, seriesTokens } from './series-access'
import { requestToken } from '../access/request-token'
import type { SeriesService } from './series-service'
import { cleanText, cleanCities } from './series-input'

export interface SeriesApiOptions {
  /** The boards' limit per address, which creating a series counts against too. */
  creation: BoardCreationGuard
  /** Where a series created signed in is recorded as its creator's (kind 'series'); null without sign-in. */
  ownership: Ownership | null
}

export function seriesApiFeature(service: SeriesService, options: SeriesApiOptions): ServerFeature {
  return { registerRoutes: (router) => registerSeriesApi(router, service, options) }
}

function registerSeriesApi(router: Router, service: SeriesService, { creation, ownership }: SeriesApiOptions): void {
  const { storage, docs, publicUrl } = service.options

  router.post('/api/series', async ({ req, res }) => {
    const account = await creation.admit(req)
    const body = (await readJsonBody(req)) as Record<string, unknown>
    const title = cleanText(body.title, MEETING_LIMITS.title, 'title')
    if (title === '') throw new HttpError(400, 'a series needs a title')
    const id = createBoardId()
    const { tokens, stored } = newSeriesLinks(id)
    await storage.createSeries({
      id,
      title,
      purpose: cleanText(body.purpose, MEETING_LIMITS.purpose, 'purpose'),
      cities: cleanCities(body.cities),
      aliases: {},
      links: stored,
      createdAt: Date.now(),
    })
    if (account !== null) await ownership?.created(id, account, tokens.manage)
    const origin = originOf(req, publicUrl)
    sendJson(res, 201, { id, links: { manage: seriesLink(origin, id, tokens.manage), read: seriesLink(origin, id, tokens.read) }, tokens })
  })

  router.get('/api/series/:id', async ({ req, res, params }) => {
    const series = await service.findSeries(params.id!)
    const role = requireSeriesRole(req, series, ['manage', 'read'])
    sendJson(res, 200, await service.view(req, series, role))
  })

  router.post('/api/series/:id/meetings', async ({ req, res, params }) => {
    const series = await service.findSeries(params.id!)
    requireSeriesRole(req, series, ['manage'])
    const body = (await readJsonBody(req)) as Record<string, unknown>
    if (typeof body.boardId !== 'string') throw new HttpError(400, 'boardId must be the id of a board')
    const board = await findBoard(docs.storage, body.boardId)
    const boardToken = isTokenShaped(body.boardToken) ? body.boardToken : null
    const stored = readStoredLinks(board.meta)
    if (!boardToken || !stored || roleOfToken(stored, boardToken) !== 'facilitator') {
      throw new HttpError(403, "adding a board takes the board's facilitator link (boardToken)")
    }
    const opened = openLinks(stored, boardToken, board.id)
    if (!opened) throw new HttpError(500, 'the stored links cannot be read')
    const tokens = seriesTokens(series, requestToken(req)!)
    const seals = meetingSeals(tokens, series.id, opened.tokens, board.id)
    if (await storage.addMeeting({ seriesId: series.id, boardId: board.id, addedAt: Date.now(), seals })) {
      sendJson(res, 201, await service.view(req, series, 'manage'))
      return
    }
    if ((await storage.meetingOfBoard(board.id))?.seriesId !== series.id) throw new HttpError(409, 'this board is a meeting of another series')
    await storage.updateMeetingSeals(board.id, seals)
    sendJson(res, 200, await service.view(req, series, 'manage'))
  })

  // One renewal at a time per series: each re-seals what the one before stored.
  const renewals = new Map<string, Promise<unknown>>()
  router.post('/api/series/:id/links/:role/renew', async ({ req, res, params }) => {
    const role = params.role!
    if (!isSeriesRole(role)) throw new HttpError(404, 'no such role')
    const previous = renewals.get(params.id!) ?? Promise.resolve()
    const renewal = previous.catch(() => {}).then(async () => {
      const series = await service.findSeries(params.id!)
      requireSeriesRole(req, series, ['manage'])
      const old = seriesTokens(series, requestToken(req)!)
      const owners = (await storage.commitmentsOf(series.id)).flatMap((c) => (c.ownerLink ? [{ id: c.id, sealed: c.ownerLink.sealed }] : []))
      const renewed = renewedSeals(series, old, role, await storage.meetingsOf(series.id), owners)
      await storage.updateSeries(series.id, { links: renewed.links })
      for (const [boardId, seals] of renewed.meetings) await storage.updateMeetingSeals(boardId, seals)
      for (const commitment of await storage.commitmentsOf(series.id)) {
        const sealed = renewed.owners.get(commitment.id)
        if (sealed && commitment.ownerLink) await storage.setOwnerLink(commitment.id, { digest: commitment.ownerLink.digest, sealed })
      }
      // The manage token its creator and co-facilitators open it with.
      if (role === 'manage') await ownership?.keep(series.id, renewed.tokens.manage)
      return renewed.tokens
    })
    renewals.set(params.id!, renewal)
    const tokens = await renewal.finally(() => {
      if (renewals.get(params.id!) === renewal) renewals.delete(params.id!)
    })
    const origin = originOf(req, publicUrl)
    sendJson(res, 200, { links: { manage: seriesLink(origin, params.id!, tokens.manage), read: seriesLink(origin, params.id!, tokens.read) }, tokens })
  })

  router.post('/api/series/:id/cities', async ({ req, res, params }) => {
    const series = await service.findSeries(params.id!)
    requireSeriesRole(req, series, ['manage'])
    const body = (await readJsonBody(req)) as Record<string, unknown>
    const cities = body.cities === undefined ? series.cities : cleanCities(body.cities)
    let aliases = series.aliases
    if (body.merge !== undefined) {
      const merge = body.merge as { variants?: unknown; into?: unknown } | null
      const into = cleanText(merge?.into, MEETING_LIMITS.city, 'merge.into')
      if (into === '' || !Array.isArray(merge?.variants)) throw new HttpError(400, 'merge needs variants (a list of spellings) and into (the city)')
      aliases = mergeCities(aliases, cleanCities(merge.variants), into)
    }
    await storage.updateSeries(series.id, { cities, aliases })
    sendJson(res, 200, await service.view(req, (await storage.getSeries(series.id))!, 'manage'))
  })
}
