/**
 * A signed-in facilitator's meeting series in "My meetings": those they created signed in and
 * those shared with them (ownership.ts, kind 'series'), beside their boards (my-meetings.ts).
 *   GET /api/my/series  -> { series: SeriesSummary[] } (next meeting first, then the rest by title)
 *   POST /api/my/series/:id/open, GET | POST | DELETE /api/my/series/:id/shares -> owned-routes.ts:
 *   the manage link without having kept it, and the co-facilitators, who then manage the series
 *   (and, through it, facilitate its meetings) without a link. The manage link keeps working.
 */
import { seriesLink } from '../../../shared/series/series-links'
import type { SeriesSummary } from '../../../shared/my-meetings'
import { sendJson } from '../../http/respond'
import type { Router } from '../../http/router'
import type { Logger } from '../../log'
import type { AccountStorage } from '../../storage/account-storage'
import type { ServerFeature } from '../feature'
import type { SeriesService } from '../series/series-service'
import type { FacilitatorSignIn } from '../sign-in/facilitator-sign-in'
import { registerOwnedRoutes, signedInAccount } from './owned-routes'
import type { Ownership } from './ownership'

export interface MySeriesOptions {
  signIn: FacilitatorSignIn
  accounts: AccountStorage
  /** The series' (kind 'series'). */
  ownership: Ownership
  series: SeriesService
  publicUrl: string | null
  logger: Logger
  /** ms since epoch: which meetings are past. */
  clock: () => number
}

export function mySeriesFeature(options: MySeriesOptions): ServerFeature {
  return { registerRoutes: (router) => registerMySeries(router, options) }
}

function registerMySeries(router: Router, options: MySeriesOptions): void {
  const { accounts, series: service } = options
  registerOwnedRoutes(router, {
    base: '/api/my/series',
    signIn: options.signIn,
    accounts,
    ownership: options.ownership,
    exists: async (id) => (await service.options.storage.getSeries(id)) !== null,
    linkOf: seriesLink,
    publicUrl: options.publicUrl,
    logger: options.logger,
  })

  router.get('/api/my/series', async ({ req, res }) => {
    const account = await signedInAccount(options.signIn, req)
    const today = new Date(options.clock()).toISOString().slice(0, 10)
    const list: SeriesSummary[] = []
    for (const { id, tie } of await accounts.ownedBy('series', account)) {
      const series = await service.options.storage.getSeries(id)
      if (series === null) continue
      const meetings = await service.meetings(series)
      const dates = meetings.map((meeting) => meeting.minutes.meeting.startsAt).filter((date) => date !== '')
      const coming = dates.filter((date) => date.slice(0, 10) >= today).sort()
      const past = dates.filter((date) => date.slice(0, 10) < today).sort()
      list.push({
        id,
        title: series.title,
        meetings: meetings.length,
        nextMeeting: coming[0] ?? null,
        lastMeeting: past.at(-1) ?? null,
        cities: [...new Set(series.cities.map((city) => service.city(series, city)))],
        tie,
      })
    }
    // What comes next first; series with nothing planned after, by title.
    list.sort((a, b) => (a.nextMeeting ?? '\uffff').localeCompare(b.nextMeeting ?? '\uffff') || a.title.localeCompare(b.title))
    sendJson(res, 200, { series: list })
  })
}
