/**
 * Search across every meeting of a series, as a feature:
 *   GET /api/series/:id/search?q=<text>[&names=0]   (manage | read)
 *     -> 200 { terms, results: [SearchResultView] } best first (at most 50); each result links to
 *        the card on its board with the link the series link opens for that meeting
 *     -> 400 { error } for a query that cannot be searched (too long, no word of 3 letters), saying why
 * Only the series' own boards are searched, and a carried card only where it was written. The
 * index keeps no names: an anonymous card is found by its text and shows no name or city (the
 * minutes hide them), names removed from a board are gone from its results, `names=0` leaves every
 * name out.
 *
 * The index (SQLite FTS5 or PostgreSQL, storage/sql-series-storage.ts) is brought up to date before each
 * search: a board whose document changed since it was indexed is indexed again from its minutes.
 */
import type { IncomingMessage } from 'node:http'
import { CARD_FRAGMENT_PARAM } from '../../../shared/series/series-links'
import type { SearchResultView } from '../../../shared/series/series-view'
import { HttpError, sendJson } from '../../http/respond'
import type { Router } from '../../http/router'
import type { SeriesRecord } from '../../storage/series-storage'
import type { ServerFeature } from '../feature'
import { requireSeriesRole } from './series-access'
import { foldForSearch, parseSearchQuery } from './search-query'
import type { ReadMeeting, SeriesService } from './series-service'

const MAX_RESULTS = 50

export function searchFeature(service: SeriesService): ServerFeature {
  return { registerRoutes: (router) => registerSearchRoutes(router, service) }
}

function registerSearchRoutes(router: Router, service: SeriesService): void {
  const { storage, docs } = service.options

  const refreshIndex = async (series: SeriesRecord, meetings: readonly ReadMeeting[]) => {
    for (const { record, minutes, carried } of meetings) {
      const board = await docs.storage.getBoard(record.boardId)
      if (!board || (await storage.indexedAt(board.id)) === board.updatedAt) continue
      // A card carried from an earlier meeting is found there, where it was written.
      const cards = minutes.sections.flatMap((section) =>
        section.cards.filter((card) => !carried.has(card.id)).map((card) => ({
          cardId: card.id,
          sectionKind: section.kind,
          sectionTitle: section.title,
          text: card.text,
          folded: foldForSearch(card.text),
        })),
      )
      await storage.indexBoard(series.id, board.id, board.updatedAt, cards)
    }
  }

  const linkOf = async (request: IncomingMessage, series: SeriesRecord, meeting: ReadMeeting, role: 'manage' | 'read', cardId: string) => {
    const link = await service.meetingLink(request, series, meeting.record, role)
    return link === null ? null : `${link}&${CARD_FRAGMENT_PARAM}=${encodeURIComponent(cardId)}`
  }

  router.get('/api/series/:id/search', async ({ req, res, params, url }) => {
    const series = await service.findSeries(params.id!)
    const role = requireSeriesRole(req, series, ['manage', 'read'])
    const names = url.searchParams.get('names')
    if (names !== null && names !== '0' && names !== '1') throw new HttpError(400, 'names must be 0 or 1')
    const query = parseSearchQuery(url.searchParams.get('q') ?? '')
    if (!query.ok) throw new HttpError(400, query.message)
    const meetings = await service.meetings(series)
    await refreshIndex(series, meetings)
    const byBoard = new Map(meetings.map((meeting) => [meeting.record.boardId, meeting]))
    const hits = await storage.search(series.id, query.terms, MAX_RESULTS)
    const found = await Promise.all(hits.map(async (hit): Promise<SearchResultView[]> => {
      const meeting = byBoard.get(hit.boardId)
      // Who wrote it, as the board says now (the minutes hide an anonymous card's author and city).
      const card = meeting?.minutes.sections.flatMap((section) => section.cards).find((candidate) => candidate.id === hit.cardId)
      if (!meeting || !card) return []
      return [
        {
          boardId: hit.boardId,
          cardId: hit.cardId,
          meeting: meeting.minutes.meeting.title,
          startsAt: meeting.minutes.meeting.startsAt,
          sectionKind: hit.sectionKind,
          sectionTitle: hit.sectionTitle,
          text: card.text,
          anonymous: card.anonymous,
          author: card.anonymous || names === '0' ? null : card.author,
          city: card.anonymous || card.city === null ? null : service.city(series, card.city),
          link: await linkOf(req, series, meeting, role, hit.cardId),
        },
      ]
    }))
    sendJson(res, 200, { terms: query.terms, results: found.flat() })
  })
}
