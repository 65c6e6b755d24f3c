/**
 * "My meetings" against a real server, real SQLite and a real OpenID provider (node-oidc-provider,
 * signed in over HTTP through its own forms): a signed-in facilitator's boards with title, date,
 * place, status, counts and last change; opening one as facilitator without a link; closing and
 * reopening through the boards' API; duplicating one as a template (sections and purpose, no
 * cards); sharing with a co-facilitator by e-mail or user name, who then sees and opens it, while
 * the facilitator links keep working and others see nothing; renewing and deleting.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BoardAccessInfo, LinkRole } from '../../shared/model/roles'
import { readMeeting } from '../../shared/model/meeting'
import { readRecords } from '../../shared/model/record-log'
import type { MeetingSummary } from '../../shared/my-meetings'
import { oidcSettingsOf, signInOverHttp, startIdentityProvider, type TestIdentityProvider } from '../helpers/identity-provider'
import { freePort, startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { connectClient } from './clients'
import { cardRecord, putRecords, sectionRecord } from './roles-fixtures'

const PEOPLE = {
  anna: { name: 'Anna Schmidt', email: 'anna@leipzig.example', username: 'anna', organisation: 'Stadt Leipzig' },
  ben: { name: 'Ben Weber', email: 'Ben.Weber@dresden.example', username: 'bweber', organisation: 'Stadt Dresden' },
  carl: { name: 'Carl Roth', email: 'carl@halle.example', username: 'croth', organisation: 'Stadt Halle' },
}
const json = { 'Content-Type': 'application/json' }

let provider: TestIdentityProvider
let server: TestServer

beforeEach(async () => {
  const port = await freePort()
  provider = await startIdentityProvider(`http://127.0.0.1:${port}`, PEOPLE)
  server = await startTestServer({ port, retentionDays: 30, oidc: oidcSettingsOf(provider) })
})

afterEach(async () => {
  await server.close()
  await provider.close()
})

const as = (cookie: string, path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), Cookie: cookie } })

async function myBoards(cookie: string): Promise<MeetingSummary[]> {
  const response = await as(cookie, '/api/my/boards')
  expect(response.status).toBe(200)
  return ((await response.json()) as { boards: MeetingSummary[] }).boards
}

async function createAs(cookie: string): Promise<{ id: string; tokens: Record<LinkRole, string> }> {
  const response = await as(cookie, '/api/boards', { method: 'POST' })
  expect(response.status).toBe(201)
  return (await response.json()) as { id: string; tokens: Record<LinkRole, string> }
}

/** What a link token opens on the board, or the status when it opens nothing. */
async function roleWith(boardId: string, token: string): Promise<string | number> {
  const response = await fetch(`${server.url}/api/boards/${boardId}`, { headers: { Authorization: `Bearer ${token}` } })
  return response.status === 200 ? ((await response.json()) as BoardAccessInfo).role : response.status
}

async function openAs(cookie: string, boardId: string): Promise<Response> {
  return as(cookie, `/api/my/boards/${boardId}/open`, { method: 'POST' })
}

/** Writes the meeting, two sections and a card with the facilitator's link. */
async function setUp(boardId: string, token: string): Promise<void> {
  const client = connectClient(server.syncUrl, boardId, { params: { k: token } })
  await client.synced()
  client.doc.getMap('meeting').set('title', 'Neighbourhood fund 2027')
  client.doc.getMap('meeting').set('place', 'Rathaus, Saal 3')
  client.doc.getMap('meeting').set('startsAt', '2026-06-12T14:00')
  client.doc.getMap('meeting').set('purpose', 'Which projects get money next year?')
  putRecords(client.doc, [sectionRecord('shape:ideas', 'ideas', 0), sectionRecord('shape:questions', 'questions', 1000), cardRecord('shape:card', 'shape:ideas', 'A bench')])
  // Stored once another client gets it from the server.
  const reader = connectClient(server.syncUrl, boardId, { params: { k: token } })
  await waitFor(() => readRecords(reader.doc).has('shape:card') && readMeeting(reader.doc).purpose !== '', { message: 'the board set up' })
  reader.destroy()
  client.destroy()
}

describe('my meetings', () => {
  it('lists a facilitator’s boards with what they need to find them, and only theirs', async () => {
    const anna = await signInOverHttp(server.url, 'anna')
    const carl = await signInOverHttp(server.url, 'carl')
    const first = await createAs(anna)
    await setUp(first.id, first.tokens.facilitator)
    const second = await createAs(anna)
    const carls = await createAs(carl)

    const boards = await myBoards(anna)
    expect(boards.map((board) => board.id).sort()).toEqual([first.id, second.id].sort())
    expect(boards.find((board) => board.id === first.id)).toMatchObject({
      title: 'Neighbourhood fund 2027',
      startsAt: '2026-06-12T14:00',
      place: 'Rathaus, Saal 3',
      status: 'open',
      closedAt: null,
      deletesAt: null,
      cards: 1,
      attendees: 0,
      tie: 'owner',
    })
    expect(Date.parse(boards[0]!.updatedAt)).toBeGreaterThan(0)
    expect((await myBoards(carl)).map((board) => board.id)).toEqual([carls.id])
    // Another's board: as if it did not exist.
    expect((await openAs(carl, first.id)).status).toBe(404)
    expect((await as('', '/api/my/boards')).status).toBe(401)
  })

  it('opens a board as facilitator without its link, and closing shows in the list with the deletion date', async () => {
    const anna = await signInOverHttp(server.url, 'anna')
    const board = await createAs(anna)
    const opened = await openAs(anna, board.id)
    expect(opened.status).toBe(200)
    const { token, url } = (await opened.json()) as { token: string; url: string }
    expect(url).toBe(`${server.url}/b/${board.id}#k=${token}`)
    expect(await roleWith(board.id, token)).toBe('facilitator')
    const closed = await fetch(`${server.url}/api/boards/${board.id}/close`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
    expect(closed.status).toBe(200)
    const [listed] = await myBoards(anna)
    expect(listed).toMatchObject({ status: 'closed', closedAt: expect.any(String), deletesAt: expect.any(String) })
    expect(Date.parse(listed!.deletesAt!) - Date.parse(listed!.closedAt!)).toBe(30 * 24 * 60 * 60 * 1000)
    await fetch(`${server.url}/api/boards/${board.id}/reopen`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
    expect((await myBoards(anna))[0]).toMatchObject({ status: 'open', deletesAt: null })
  })

  it('shares a board with a co-facilitator by e-mail or user name; links keep working', async () => {
    const anna = await signInOverHttp(server.url, 'anna')
    const ben = await signInOverHttp(server.url, 'ben')
    const carl = await signInOverHttp(server.url, 'carl')
    const board = await createAs(anna)
    expect(await myBoards(ben)).toEqual([])

    const shared = await as(anna, `/api/my/boards/${board.id}/shares`, { method: 'POST', headers: json, body: JSON.stringify({ kind: 'email', value: 'ben.weber@DRESDEN.example' }) })
    expect(await shared.json()).toEqual({ shares: [{ kind: 'email', value: 'ben.weber@dresden.example' }] })
    const [forBen] = await myBoards(ben)
    expect(forBen).toMatchObject({ id: board.id, tie: 'co-facilitator' })
    const { token } = (await (await openAs(ben, board.id)).json()) as { token: string }
    expect(await roleWith(board.id, token)).toBe('facilitator')
    // Carl was not named; the creator's links work as before.
    expect(await myBoards(carl)).toEqual([])
    expect((await openAs(carl, board.id)).status).toBe(404)
    expect(await roleWith(board.id, board.tokens.facilitator)).toBe('facilitator')
    expect(await roleWith(board.id, board.tokens.participant)).toBe('participant')

    // By user name too; and un-sharing takes it out of the list again.
    await as(anna, `/api/my/boards/${board.id}/shares`, { method: 'POST', headers: json, body: JSON.stringify({ kind: 'username', value: 'croth' }) })
    expect((await myBoards(carl)).map((entry) => entry.id)).toEqual([board.id])
    await as(anna, `/api/my/boards/${board.id}/shares`, { method: 'DELETE', headers: json, body: JSON.stringify({ kind: 'email', value: 'ben.weber@dresden.example' }) })
    expect(await myBoards(ben)).toEqual([])

    for (const body of [{ kind: 'phone', value: '123' }, { kind: 'email', value: 'not an address' }, { kind: 'username', value: '' }, null]) {
      const refused = await as(anna, `/api/my/boards/${board.id}/shares`, { method: 'POST', headers: json, body: JSON.stringify(body) })
      expect(refused.status, JSON.stringify(body)).toBe(400)
    }
  })

  it('opens the board with the new token after the facilitator link is renewed', async () => {
    const anna = await signInOverHttp(server.url, 'anna')
    const board = await createAs(anna)
    const renewed = await fetch(`${server.url}/api/boards/${board.id}/links/facilitator/renew`, { method: 'POST', headers: { Authorization: `Bearer ${board.tokens.facilitator}` } })
    const { tokens } = (await renewed.json()) as { tokens: Record<LinkRole, string> }
    const { token } = (await (await openAs(anna, board.id)).json()) as { token: string }
    expect(token).toBe(tokens.facilitator)
    expect(await roleWith(board.id, board.tokens.facilitator)).toBe(403)
  })

  it('duplicates a board as a template for another meeting: sections and purpose, no cards, no date', async () => {
    const anna = await signInOverHttp(server.url, 'anna')
    const source = await createAs(anna)
    await setUp(source.id, source.tokens.facilitator)
    const response = await as(anna, `/api/my/boards/${source.id}/duplicate`, { method: 'POST' })
    expect(response.status).toBe(201)
    const copy = (await response.json()) as { id: string; tokens: Record<LinkRole, string> }
    expect(copy.id).not.toBe(source.id)
    const reader = connectClient(server.syncUrl, copy.id, { params: { k: copy.tokens.facilitator } })
    try {
      await reader.synced()
      expect(readMeeting(reader.doc)).toMatchObject({ title: 'Neighbourhood fund 2027', place: 'Rathaus, Saal 3', startsAt: '', purpose: 'Which projects get money next year?' })
      const ids = [...readRecords(reader.doc).keys()].sort()
      expect(ids).toEqual(['shape:ideas', 'shape:questions'])
    } finally {
      reader.destroy()
    }
    expect((await myBoards(anna)).find((entry) => entry.id === copy.id)).toMatchObject({ tie: 'owner', cards: 0 })
  })

  it('forgets a deleted board: gone from every list, its shares and sealed token with it', async () => {
    const anna = await signInOverHttp(server.url, 'anna')
    const ben = await signInOverHttp(server.url, 'ben')
    const board = await createAs(anna)
    await as(anna, `/api/my/boards/${board.id}/shares`, { method: 'POST', headers: json, body: JSON.stringify({ kind: 'username', value: 'bweber' }) })
    const deleted = await fetch(`${server.url}/api/boards/${board.id}`, {
      method: 'DELETE',
      headers: { ...json, Authorization: `Bearer ${board.tokens.facilitator}` },
      body: JSON.stringify({ confirm: board.id }),
    })
    expect(deleted.status).toBe(200)
    expect(await myBoards(anna)).toEqual([])
    expect(await myBoards(ben)).toEqual([])
    expect((await openAs(anna, board.id)).status).toBe(404)
  })
})
