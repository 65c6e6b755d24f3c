/**
 * Meeting series in "My meetings", against a real server, real SQLite and a real OpenID provider
 * (node-oidc-provider): a series created signed in is its creator's, listed with its meetings'
 * count, next and last date and member cities, and opened as manager without a link; shared with
 * a co-facilitator (by user name or e-mail address), who then sees and manages it, while the
 * manage link keeps working; un-sharing takes it away again; a board made by "Plan the next
 * meeting" is the signed-in planner's. The server's clock is fixed, so "next" and "last" are known.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MeetingSummary, SeriesSummary } from '../../shared/my-meetings'
import type { SeriesView } from '../../shared/series/series-view'
import { oidcSettingsOf, signInOverHttp, startIdentityProvider, type TestIdentityProvider } from '../helpers/identity-provider'
import { freePort, startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { addMeeting, call, type CreatedSeries } from '../series/series-fixtures'
import { connectClient } from './clients'
import type { Board } from './roles-fixtures'

const PEOPLE = {
  anna: { name: 'Anna Schmidt', email: 'anna@leipzig.example', username: 'anna', organisation: 'Stadt Leipzig' },
  ben: { name: 'Ben Weber', email: 'Ben.Weber@dresden.example', username: 'bweber', organisation: 'Stadt Dresden' },
  carl: { name: 'Carl Roth', email: 'carl@halle.example', username: 'croth', organisation: 'Stadt Halle' },
}
const json = { 'Content-Type': 'application/json' }
const NOW = Date.parse('2026-06-01T12:00:00Z')

let provider: TestIdentityProvider
let server: TestServer

beforeEach(async () => {
  const port = await freePort()
  provider = await startIdentityProvider(`http://127.0.0.1:${port}`, PEOPLE)
  server = await startTestServer({ port, clock: () => NOW, oidc: oidcSettingsOf(provider) })
})

afterEach(async () => {
  await server.close()
  await provider.close()
})

const as = (cookie: string, path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), Cookie: cookie } })

async function listOf<T>(cookie: string, path: string, key: string): Promise<T[]> {
  const response = await as(cookie, path)
  expect(response.status).toBe(200)
  return ((await response.json()) as Record<string, T[]>)[key]!
}
const mySeries = (cookie: string) => listOf<SeriesSummary>(cookie, '/api/my/series', 'series')
const myBoards = (cookie: string) => listOf<MeetingSummary>(cookie, '/api/my/boards', 'boards')

async function created<T>(pending: Promise<Response>): Promise<T> {
  const response = await pending
  expect(response.status, await response.clone().text()).toBe(201)
  return (await response.json()) as T
}

const seriesAs = (cookie: string) =>
  created<CreatedSeries>(
    as(cookie, '/api/series', { method: 'POST', headers: json, body: JSON.stringify({ title: 'Stadtlabor2Go', cities: ['Berlin', 'Wiesbaden', 'Moenchengladbach'] }) }),
  )
const boardAs = async (cookie: string): Promise<Board> => ({ ...(await created<Omit<Board, 'server'>>(as(cookie, '/api/boards', { method: 'POST' }))), server })

/** Dates the board's meeting (the facilitator's link) and waits until the server has it. */
async function dateMeeting(board: Board, startsAt: string): Promise<void> {
  const client = connectClient(server.syncUrl, board.id, { params: { k: board.tokens.facilitator } })
  await client.synced()
  client.doc.getMap('meeting').set('startsAt', startsAt)
  const reader = connectClient(server.syncUrl, board.id, { params: { k: board.tokens.facilitator } })
  await waitFor(() => reader.doc.getMap('meeting').get('startsAt') === startsAt, { message: 'the date stored' })
  reader.destroy()
  client.destroy()
}

/** The role a series token opens, or the status when it opens none. */
async function seriesRole(seriesId: string, token: string): Promise<string | number> {
  const response = await call(server, token, `/api/series/${seriesId}`)
  return response.status === 200 ? ((await response.json()) as SeriesView).role : response.status
}

const openSeries = (cookie: string, seriesId: string) => as(cookie, `/api/my/series/${seriesId}/open`, { method: 'POST' })
const share = (cookie: string, seriesId: string, method: 'POST' | 'DELETE', body: unknown) =>
  as(cookie, `/api/my/series/${seriesId}/shares`, { method, headers: json, body: JSON.stringify(body) })

describe('series in my meetings', () => {
  it('lists a series created signed in with its meetings, next and last date and cities, and opens it as manager', async () => {
    const anna = await signInOverHttp(server.url, 'anna')
    const carl = await signInOverHttp(server.url, 'carl')
    const series = await seriesAs(anna)
    const spring = await boardAs(anna)
    const summer = await boardAs(anna)
    const undated = await boardAs(anna)
    await dateMeeting(spring, '2026-03-10T14:00')
    await dateMeeting(summer, '2026-07-02T10:00')
    for (const board of [spring, summer, undated]) expect((await addMeeting(server, series, board)).status).toBe(201)
    // Merged spelling: the list counts the city once, as the series spells it.
    await call(server, series.tokens.manage, `/api/series/${series.id}/cities`, { body: { merge: { variants: ['Moenchengladbach'], into: 'Mönchengladbach' } } })

    expect(await mySeries(anna)).toEqual([
      {
        id: series.id,
        title: 'Stadtlabor2Go',
        meetings: 3,
        nextMeeting: '2026-07-02T10:00',
        lastMeeting: '2026-03-10T14:00',
        cities: ['Berlin', 'Wiesbaden', 'Mönchengladbach'],
        tie: 'owner',
      },
    ])
    const opened = await openSeries(anna, series.id)
    expect(opened.status).toBe(200)
    const { token, url } = (await opened.json()) as { token: string; url: string }
    expect(token).toBe(series.tokens.manage)
    expect(url).toBe(`${server.url}/s/${series.id}#k=${token}`)

    // Not Carl's: as if it did not exist; nobody's without a session; a series made signed out is nobody's.
    expect(await mySeries(carl)).toEqual([])
    expect((await openSeries(carl, series.id)).status).toBe(404)
    expect((await as('', '/api/my/series')).status).toBe(401)
    expect((await as(carl, '/api/my/series/not-a-series/open', { method: 'POST' })).status).toBe(404)
  })

  it('shares a series with co-facilitators by user name or e-mail address; the manage link keeps working; un-sharing ends it', async () => {
    const anna = await signInOverHttp(server.url, 'anna')
    const ben = await signInOverHttp(server.url, 'ben')
    const carl = await signInOverHttp(server.url, 'carl')
    const series = await seriesAs(anna)
    expect(await mySeries(ben)).toEqual([])

    const shared = await share(anna, series.id, 'POST', { kind: 'username', value: 'BWeber' })
    expect(await shared.json()).toEqual({ shares: [{ kind: 'username', value: 'bweber' }] })
    expect((await share(anna, series.id, 'POST', { kind: 'email', value: 'carl@HALLE.example' })).status).toBe(200)
    expect(await (await as(anna, `/api/my/series/${series.id}/shares`)).json()).toEqual({
      shares: [
        { kind: 'email', value: 'carl@halle.example' },
        { kind: 'username', value: 'bweber' },
      ],
    })
    expect(await mySeries(ben)).toMatchObject([{ id: series.id, tie: 'co-facilitator', title: 'Stadtlabor2Go' }])
    expect((await mySeries(carl)).map((entry) => entry.id)).toEqual([series.id])
    const { token } = (await (await openSeries(ben, series.id)).json()) as { token: string }
    expect(await seriesRole(series.id, token)).toBe('manage')
    expect(await seriesRole(series.id, series.tokens.manage)).toBe('manage')
    expect(await seriesRole(series.id, series.tokens.read)).toBe('read')

    // A co-facilitator may share further and see the shares; someone not named may not.
    expect((await as(ben, `/api/my/series/${series.id}/shares`)).status).toBe(200)
    await share(anna, series.id, 'DELETE', { kind: 'email', value: 'carl@halle.example' })
    expect(await mySeries(carl)).toEqual([])
    expect((await openSeries(carl, series.id)).status).toBe(404)
    expect((await share(carl, series.id, 'POST', { kind: 'username', value: 'croth' })).status).toBe(404)
    expect((await share(anna, series.id, 'POST', { kind: 'email', value: 'no address' })).status).toBe(400)
  })

  it('opens the series with the new manage token after the manage link is renewed', async () => {
    const anna = await signInOverHttp(server.url, 'anna')
    const series = await seriesAs(anna)
    const renewed = await call(server, series.tokens.manage, `/api/series/${series.id}/links/manage/renew`, { body: {} })
    const { tokens } = (await renewed.json()) as CreatedSeries
    const { token } = (await (await openSeries(anna, series.id)).json()) as { token: string }
    expect(token).toBe(tokens.manage)
    expect(await seriesRole(series.id, series.tokens.manage)).toBe(403)
    expect(await seriesRole(series.id, token)).toBe('manage')
  })

  it('records the board "Plan the next meeting" makes as the signed-in planner’s, and only theirs', async () => {
    const anna = await signInOverHttp(server.url, 'anna')
    const ben = await signInOverHttp(server.url, 'ben')
    const series = await seriesAs(anna)
    await share(anna, series.id, 'POST', { kind: 'username', value: 'bweber' })
    const first = await boardAs(anna)
    await addMeeting(server, series, first)
    const { token } = (await (await openSeries(ben, series.id)).json()) as { token: string }
    // Ben, co-facilitating the series, opens the meeting from the series page and plans the next one.
    const view = (await (await call(server, token, `/api/series/${series.id}`)).json()) as SeriesView
    const boardToken = new URL(view.meetings[0]!.link!).hash.replace('#k=', '')
    const planned = await created<{ id: string }>(
      as(ben, `/api/boards/${first.id}/plan-next`, { method: 'POST', headers: { ...json, Authorization: `Bearer ${boardToken}` }, body: JSON.stringify({}) }),
    )
    expect((await myBoards(ben)).map((board) => [board.id, board.tie])).toEqual([[planned.id, 'owner']])
    expect((await myBoards(anna)).map((board) => board.id)).toEqual([first.id])
    // Anna reaches it through the series, where it is the second meeting.
    expect((await mySeries(anna))[0]!.meetings).toBe(2)
  })

  it('forgets nothing of a series when one of its boards is deleted', async () => {
    const anna = await signInOverHttp(server.url, 'anna')
    const series = await seriesAs(anna)
    const board = await boardAs(anna)
    await addMeeting(server, series, board)
    const deleted = await fetch(`${server.url}/api/boards/${board.id}`, {
      method: 'DELETE',
      headers: { ...json, Authorization: `Bearer ${board.tokens.facilitator}` },
      body: JSON.stringify({ confirm: board.id }),
    })
    expect(deleted.status).toBe(200)
    expect(await mySeries(anna)).toMatchObject([{ id: series.id, meetings: 0, nextMeeting: null, lastMeeting: null }])
  })
})
