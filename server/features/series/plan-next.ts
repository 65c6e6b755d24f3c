/**
 * Planning the next meeting of a series from a board (its facilitator's link):
 *   GET  /api/boards/:id/series  -> 200 { series: { id, title, links } | null, candidates }: the series the
 *        board is a meeting of (with its links, which the board's facilitator may use) and what can
 *        carry over (questions ranked by the last voting round, ideas, commitments with their status)
 *   POST /api/boards/:id/plan-next { questions: [cardId], ideas: [cardId], meeting?: { title, startsAt, place } }
 *        -> 201 { id, url, links, tokens, setup }: the next meeting's board, already a meeting of
 *        the series; `setup` is what its first opening lays out (the meeting, `carryOver`).
 *        409 when the board is in no series (or its series link cannot be read with this board's link).
 */
import type { IncomingMessage } from 'node:http'
import { createBoardId } from '../../../shared/model/board-id'
import { MEETING_LIMITS } from '../../../shared/model/meeting'
import { carryOverCandidates, planCarryOver, type CarriedCommitment } from '../../../shared/series/carry-over'
import { lastNote } from '../../../shared/series/commitment-status'
import { seriesLink } from '../../../shared/series/series-links'
import { originOf } from '../../http/public-origin'
import { readJsonBody } from '../../http/read-json'
import { HttpError, sendJson } from '../../http/respond'
import type { Router } from '../../http/router'
import type { SeriesRecord } from '../../storage/series-storage'
import { linksOf, requireRole, type BoardAccess } from '../access/board-access'
import type { BoardCreationGuard } from '../boards/board-creation-guard'
import type { Ownership } from '../my-meetings/ownership'
import { requestToken } from '../access/request-token'
import type { ServerFeature } from '../feature'
import { findBoard } from '../find-board'
import { manageTokenFromBoard, meetingSeals, seriesTokens } from './series-access'
import { cleanText } from './series-input'
import type { SeriesService } from './series-service'

export interface PlanNextOptions {
  /** Creates the next meeting's board with its links. */
  access: BoardAccess
  /** The boards' limit per address: planning creates a board. */
  creation: BoardCreationGuard
  /**
   * Where the new board is recorded as the signed-in planner's (kind 'board'); null without
   * sign-in. Only theirs: the series' owner and co-facilitators reach it through the series, which
   * opens every meeting as facilitator, so removing someone from the series removes that too.
   */
  ownership: Ownership | null
}

export function planNextFeature(service: SeriesService, options: PlanNextOptions): ServerFeature {
  return { registerRoutes: (router) => registerPlanRoutes(router, service, options) }
}

const idList = (value: unknown, name: string): string[] => {
  if (value === undefined) return []
  if (!Array.isArray(value) || value.length > 500 || !value.every((id) => typeof id === 'string')) {
    throw new HttpError(400, `${name} must be a list of card ids`)
  }
  return value as string[]
}

function registerPlanRoutes(router: Router, service: SeriesService, { access, creation, ownership }: PlanNextOptions): void {
  const { storage, docs, publicUrl } = service.options

  /** The board's series and its manage token, read with the board's facilitator link. */
  const seriesOfBoard = async (request: IncomingMessage, boardId: string) => {
    const board = await findBoard(docs.storage, boardId)
    requireRole(request, board, ['facilitator'])
    const meeting = await storage.meetingOfBoard(board.id)
    const series = meeting ? await storage.getSeries(meeting.seriesId) : null
    const manage = series && meeting ? manageTokenFromBoard(series, meeting, requestToken(request)!) : null
    return { board, series: manage ? series : null, manage }
  }

  const statuses = async (series: SeriesRecord, manage: string, origin: string) => {
    const commitments = await service.commitments(series, { names: true, manageToken: manage, origin })
    return new Map(
      commitments.map((c): [string, CarriedCommitment & { boardId: string }] => [
        `${c.boardId}/${c.cardId}`,
        { id: c.id, status: c.status, note: lastNote(c.history), boardId: c.boardId },
      ]),
    )
  }

  /** The statuses of one board's commitment cards (carried ones by the commitment they show). */
  const cardStatuses = (boardId: string, all: Map<string, CarriedCommitment>, commitmentOfCard: Map<string, string>) => {
    const byId = new Map([...all.values()].map((c) => [c.id, c]))
    const result = new Map<string, CarriedCommitment>()
    for (const [cardId, id] of commitmentOfCard) {
      const known = all.get(`${boardId}/${cardId}`) ?? byId.get(id)
      result.set(cardId, known ?? { id, status: 'open', note: '' })
    }
    return result
  }

  router.get('/api/boards/:id/series', async ({ req, res, params }) => {
    const { board, series, manage } = await seriesOfBoard(req, params.id!)
    if (!series || !manage) {
      sendJson(res, 200, { series: null, candidates: null })
      return
    }
    const origin = originOf(req, publicUrl)
    const tokens = seriesTokens(series, manage)
    const read = await docs.read(board.id, (doc) => service.readBoard(doc, series.id, board.id))
    const commitments = cardStatuses(board.id, await statuses(series, manage, origin), read.commitmentOfCard)
    const candidates = carryOverCandidates(read.minutes)
    sendJson(res, 200, {
      series: { id: series.id, title: series.title, links: { manage: seriesLink(origin, series.id, tokens.manage), read: seriesLink(origin, series.id, tokens.read) } },
      candidates: {
        questions: candidates.questions,
        ideas: candidates.ideas,
        commitments: candidates.commitments.map((card) => ({ ...card, status: commitments.get(card.id)?.status ?? 'open' })),
      },
    })
  })

  router.post('/api/boards/:id/plan-next', async ({ req, res, params }) => {
    const body = (await readJsonBody(req)) as Record<string, unknown>
    const picks = { questions: idList(body.questions, 'questions'), ideas: idList(body.ideas, 'ideas') }
    const asked = (body.meeting ?? {}) as Record<string, unknown>
    const { board, series, manage } = await seriesOfBoard(req, params.id!)
    if (!series || !manage) throw new HttpError(409, 'this board is not a meeting of a series: add it to one first')
    const account = await creation.admit(req)
    const origin = originOf(req, publicUrl)
    const read = await docs.read(board.id, (doc) => service.readBoard(doc, series.id, board.id))
    const commitments = cardStatuses(board.id, await statuses(series, manage, origin), read.commitmentOfCard)
    const carryOver = planCarryOver(read.minutes, board.id, picks, commitments)
    const startsAt = cleanText(asked.startsAt, 16, 'meeting.startsAt')
    if (startsAt !== '' && !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(startsAt)) throw new HttpError(400, 'meeting.startsAt must be a date like 2026-09-01T14:00')
    const meeting = {
      title: cleanText(asked.title, MEETING_LIMITS.title, 'meeting.title') || read.minutes.meeting.title,
      purpose: read.minutes.meeting.purpose || series.purpose,
      startsAt,
      place: cleanText(asked.place, MEETING_LIMITS.place, 'meeting.place'),
      cities: series.cities.length > 0 ? series.cities : read.minutes.meeting.cities,
    }
    const created = await access.createBoard(createBoardId())
    if (account !== null) await ownership?.created(created.board.id, account, created.tokens.facilitator)
    await storage.addMeeting({
      seriesId: series.id,
      boardId: created.board.id,
      addedAt: Date.now(),
      seals: meetingSeals(seriesTokens(series, manage), series.id, created.tokens, created.board.id),
    })
    const links = linksOf(origin, created.board.id, created.tokens)
    sendJson(res, 201, { id: created.board.id, url: links.facilitator, links, tokens: created.tokens, setup: { meeting, carryOver } })
  })
}
