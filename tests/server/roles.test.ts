/**
 * Roles by link against a real server, real SQLite and real y-websocket providers: what each of the
 * three links opens over the API and the sync socket, which document updates each role may make,
 * renewing a link, and that tokens are neither stored nor logged in the clear.
 */
import Database from 'better-sqlite3'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DATABASE_FILE } from '../../server/storage/sqlite-storage'
import { meetingMap, readMeeting } from '../../shared/model/meeting'
import { readLocks, setLock } from '../../shared/model/locks'
import { participantsMap } from '../../shared/model/participant'
import { LINK_TOKEN_PARAM, ROLES, type BoardAccessInfo } from '../../shared/model/roles'
import { CloseCode } from '../../shared/protocol/close-codes'
import { readStage, writeStage } from '../../shared/model/stage'
import { readTimer, startTimer, writeTimer } from '../../shared/model/timer'
import { currentRound, startRound } from '../../shared/model/voting'
import { startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { openRawSocket, textOf } from './clients'
import { api, cardRecord, connectAs, newBoard, nextRefusal, putRecords, recordOf, writeQuestionMap, type RoleClient } from './roles-fixtures'

let server: TestServer
const clients: RoleClient[] = []

beforeEach(async () => {
  server = await startTestServer()
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  await server.close()
})

const connect = async (...args: Parameters<typeof connectAs>) => {
  const client = await connectAs(...args)
  clients.push(client)
  return client
}

describe('links', () => {
  it('creating a board returns three distinct links; the facilitator link is the board url', async () => {
    const board = await newBoard(server)
    expect(board.url).toBe(board.links.facilitator)
    expect(new Set(ROLES.map((role) => board.tokens[role])).size).toBe(3)
    for (const role of ROLES) {
      expect(board.links[role]).toBe(`${server.url}/b/${board.id}#${LINK_TOKEN_PARAM}=${board.tokens[role]}`)
    }
    expect(board.links.stage).toBe(`${server.url}/b/${board.id}/stage#k=${board.tokens.facilitator}`)
    expect(board.links.join).toBe(`${server.url}/b/${board.id}/capture#k=${board.tokens.participant}`)
  })

  it('each token opens its role over the API; without a valid one the board answers 403', async () => {
    const board = await newBoard(server)
    const info = async (role: 'facilitator' | 'participant' | 'viewer') => (await (await api(board, role, '')).json()) as BoardAccessInfo
    expect((await info('facilitator')).role).toBe('facilitator')
    expect((await info('facilitator')).links).toEqual(board.links)
    expect((await info('participant')).role).toBe('participant')
    expect((await info('participant')).links).toBeNull()
    expect((await info('participant')).join).toBe(board.links.join)
    expect((await info('viewer')).role).toBe('viewer')
    expect((await info('viewer')).join).toBeNull()

    const none = await api(board, null, '')
    expect(none.status).toBe(403)
    expect(((await none.json()) as { error: string }).error).toMatch(/ask the facilitator/)
    const wrong = await fetch(`${server.url}/api/boards/${board.id}`, { headers: { Authorization: `Bearer ${'x'.repeat(32)}` } })
    expect(wrong.status).toBe(403)
    // Another board's token opens nothing here.
    const other = await newBoard(server)
    expect((await fetch(`${server.url}/api/boards/${board.id}`, { headers: { Authorization: `Bearer ${other.tokens.facilitator}` } })).status).toBe(403)
  })

  it('guards every API call by role', async () => {
    const board = await newBoard(server)
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
    const upload = (role: 'facilitator' | 'participant' | 'viewer' | null) =>
      api(board, role, '/assets', { method: 'POST', body: png, headers: { 'Content-Type': 'image/png' } })
    expect((await upload(null)).status).toBe(403)
    expect((await upload('viewer')).status).toBe(403)
    expect((await upload('participant')).status).toBe(201)
    expect((await upload('facilitator')).status).toBe(201)

    const facilitatorOnly: [string, RequestInit][] = [
      ['/minutes.md', {}],
      ['/archive', {}],
      ['/snapshots', {}],
      ['/snapshots', { method: 'POST', body: JSON.stringify({ name: 'x' }) }],
      ['/links/viewer/renew', { method: 'POST' }],
      ['/close', { method: 'POST' }],
    ]
    for (const [pathname, init] of facilitatorOnly) {
      for (const role of ['participant', 'viewer', null] as const) {
        expect((await api(board, role, pathname, init)).status, `${role} ${init.method ?? 'GET'} ${pathname}`).toBe(403)
      }
      if (!init.method) expect((await api(board, 'facilitator', pathname)).status, pathname).toBe(200)
    }
    // A plain download link carries the token as ?k=.
    expect((await fetch(`${server.url}/api/boards/${board.id}/minutes.md?k=${board.tokens.facilitator}`)).status).toBe(200)
  })
})

describe('sync connections', () => {
  it('refuse a connection without a valid link with 4403 and say why', async () => {
    const board = await newBoard(server)
    const bare = await openRawSocket(server.syncUrl, board.id, {})
    const closed = await bare.closed
    expect(closed.code).toBe(CloseCode.forbidden)
    expect(closed.reason).toMatch(/ask the facilitator/)
    const wrong = await openRawSocket(server.syncUrl, board.id, { [LINK_TOKEN_PARAM]: 'y'.repeat(32) })
    expect((await wrong.closed).code).toBe(CloseCode.forbidden)
  })

  it('a viewer receives the board but its updates are refused; its presence still reaches the others', async () => {
    const board = await newBoard(server)
    const facilitator = await connect(board, 'facilitator')
    const viewer = await connect(board, 'viewer')
    facilitator.doc.getText('t').insert(0, 'hello')
    await waitFor(() => textOf(viewer) === 'hello')

    const before = viewer.refusals.length
    viewer.doc.getText('t').insert(0, 'graffiti ')
    expect(await nextRefusal(viewer, before)).toMatch(/^read-only:/)
    putRecords(viewer.doc, [cardRecord('shape:sneaky', 'shape:nowhere', 'sneaky')])
    await waitFor(() => viewer.refusals.length > before + 1)

    // Still connected: its presence arrives, and the board's changes keep coming.
    viewer.provider.awareness.setLocalStateField('profile', { name: 'Vera' })
    await waitFor(() => [...facilitator.provider.awareness.getStates().values()].some((state) => (state.profile as { name?: string })?.name === 'Vera'))
    facilitator.doc.getText('t').insert(5, '!')
    await waitFor(() => textOf(viewer).endsWith('hello!'))
    // Nobody else ever saw the viewer's changes, nor does the server keep them.
    const late = await connect(board, 'participant')
    expect(textOf(late)).toBe('hello!')
    expect(recordOf(late.doc, 'shape:sneaky')).toBeUndefined()
    expect(textOf(facilitator)).toBe('hello!')
  })

  it('a viewer coming back with its copy of the board (deletions and all) is not refused', async () => {
    const board = await newBoard(server)
    const facilitator = await connect(board, 'facilitator')
    await writeQuestionMap(facilitator, await connect(board, 'participant'))
    facilitator.doc.getText('t').insert(0, 'hello world')
    facilitator.doc.getText('t').delete(0, 6)
    const moved = { ...recordOf(facilitator.doc, 'shape:q1')!, id: 'shape:q1', x: 99 }
    putRecords(facilitator.doc, [moved])
    const copy = new Y.Doc()
    await waitFor(() => {
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(facilitator.doc))
      return textOf({ doc: copy } as RoleClient) === 'world'
    })
    const viewer = await connect(board, 'viewer', undefined, copy)
    facilitator.doc.getText('t').insert(0, 'new ')
    await waitFor(() => textOf(viewer) === 'new world')
    expect(viewer.refusals).toEqual([])
    expect(server.logs.filter((line) => line.includes('room.update_refused'))).toEqual([])
  })

  it('a participant may edit the board but not the meeting, locks, timer, voting rounds, the stage or the attendance', async () => {
    const board = await newBoard(server)
    const facilitator = await connect(board, 'facilitator')
    const participant = await connect(board, 'participant')
    await writeQuestionMap(facilitator, participant)

    // Cards: fine.
    putRecords(participant.doc, [cardRecord('shape:p1', 'shape:questions', 'From a participant', 500)])
    await waitFor(() => recordOf(facilitator.doc, 'shape:p1') !== undefined)

    // Each of the facilitator's parts of the doc, from a fresh participant each time (a refused
    // update stays in its sender's copy, which the real client then reloads from the server).
    const attempts: [string, (doc: RoleClient['doc']) => void][] = [
      ['meeting', (doc) => meetingMap(doc).set('title', 'Hijacked')],
      ['locks', (doc) => setLock(doc, 'board', { by: 'Pia', at: 1 })],
      ['timer', (doc) => writeTimer(doc, startTimer(60_000, Date.now()))],
      ['voting', (doc) => startRound(doc, { id: 'r1', sections: ['shape:questions'], dots: 3, hidden: false }, Date.now())],
      ['stage', (doc) => writeStage(doc, { theme: 'daylight' })],
    ]
    for (const [part, attempt] of attempts) {
      const sender = await connect(board, 'participant')
      const before = sender.refusals.length
      attempt(sender.doc)
      expect(await nextRefusal(sender, before), part).toMatch(/^facilitator-only:/)
    }
    // The attendance is the server's to write (tests/server/attendance.test.ts).
    const sender = await connect(board, 'participant')
    const before = sender.refusals.length
    participantsMap(sender.doc).set('user-p', { name: 'Pia', whereabouts: 'remote', city: 'Halle', role: 'participant', joinedAt: 1 })
    expect(await nextRefusal(sender, before)).toMatch(/^server-only:/)
    const check = await connect(board, 'facilitator')
    expect(readMeeting(check.doc).title).toBe('')
    expect(readLocks(check.doc).board).toBeNull()
    expect(readTimer(check.doc).phase).toBe('idle')
    expect(currentRound(check.doc)).toBeNull()
    expect(readStage(check.doc).theme).toBe('standard')

    // The facilitator may do all of it.
    meetingMap(facilitator.doc).set('title', 'Street lab')
    writeTimer(facilitator.doc, startTimer(60_000, Date.now()))
    writeStage(facilitator.doc, { theme: 'daylight' })
    await waitFor(() => readMeeting(participant.doc).title === 'Street lab' && readTimer(participant.doc).phase === 'running' && readStage(participant.doc).theme === 'daylight')
    expect(facilitator.refusals).toEqual([])
  })
})

describe('renewing a link', () => {
  it('stops the old token at once and closes the connections that used it with 4401', async () => {
    const board = await newBoard(server)
    const facilitator = await connect(board, 'facilitator')
    const participants = [await connect(board, 'participant'), await connect(board, 'participant')]
    const viewer = await connect(board, 'viewer')
    const closes = participants.map(
      (client) => new Promise<{ code: number; reason: string }>((resolve) => client.provider.once('closed', resolve)),
    )

    const renewed = await api(board, 'facilitator', '/links/participant/renew', { method: 'POST' })
    expect(renewed.status).toBe(200)
    const { tokens, links } = (await renewed.json()) as { tokens: Record<string, string>; links: Record<string, string> }
    expect(tokens.participant).not.toBe(board.tokens.participant)
    expect(tokens.facilitator).toBe(board.tokens.facilitator)
    expect(links.participant).toContain(tokens.participant)

    for (const closed of await Promise.all(closes)) {
      expect(closed.code).toBe(CloseCode.linkRenewed)
      expect(closed.reason).toMatch(/renewed/)
    }
    // Everyone else stays.
    facilitator.doc.getText('t').insert(0, 'still here')
    await waitFor(() => textOf(viewer) === 'still here')

    // The old token opens nothing any more; the new one does.
    expect((await api(board, 'participant', '')).status).toBe(403)
    const old = await openRawSocket(server.syncUrl, board.id, { [LINK_TOKEN_PARAM]: board.tokens.participant })
    expect((await old.closed).code).toBe(CloseCode.forbidden)
    const fresh = await connect({ ...board, tokens: { ...board.tokens, participant: tokens.participant! } }, 'participant')
    expect(textOf(fresh)).toBe('still here')
  })

  it('renewing the facilitator link re-keys the others: they still work and the new token reads them', async () => {
    const board = await newBoard(server)
    const { tokens } = (await (await api(board, 'facilitator', '/links/facilitator/renew', { method: 'POST' })).json()) as {
      tokens: Record<'facilitator' | 'participant' | 'viewer', string>
    }
    expect(tokens.participant).toBe(board.tokens.participant)
    expect((await api(board, 'facilitator', '')).status).toBe(403)
    const renewed = { ...board, tokens }
    const info = (await (await api(renewed, 'facilitator', '')).json()) as BoardAccessInfo
    expect(info.role).toBe('facilitator')
    expect(info.links!.participant).toContain(board.tokens.participant)
    expect(info.links!.viewer).toContain(board.tokens.viewer)
    expect(((await (await api(board, 'participant', '')).json()) as BoardAccessInfo).role).toBe('participant')
  })
})

describe('secrecy', () => {
  it('stores only digests and never writes a token to the log', async () => {
    const board = await newBoard(server)
    await connect(board, 'participant')
    await openRawSocket(server.syncUrl, board.id, { [LINK_TOKEN_PARAM]: 'z'.repeat(32) }).then((socket) => socket.closed)
    await api(board, 'viewer', '/minutes.md')
    await api(board, 'facilitator', '/links/viewer/renew', { method: 'POST' })

    const database = new Database(path.join(server.dataDir, DATABASE_FILE), { readonly: true })
    try {
      const stored = JSON.stringify(database.prepare('SELECT * FROM boards').all())
      for (const token of Object.values(board.tokens)) expect(stored).not.toContain(token)
    } finally {
      database.close()
    }
    const logs = server.logs.join('\n')
    expect(logs).toContain('board.link_renewed')
    for (const token of [...Object.values(board.tokens), 'z'.repeat(32)]) expect(logs).not.toContain(token)
  })

  it('assets must be this board’s own uploads and embeds are refused, for every role', async () => {
    const board = await newBoard(server)
    const other = await newBoard(server)
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
    const upload = async (target: typeof board) =>
      ((await (await api(target, 'facilitator', '/assets', { method: 'POST', body: png, headers: { 'Content-Type': 'image/png' } })).json()) as { url: string }).url
    const own = await upload(board)
    const elsewhere = await upload(other)
    const image = (id: string, src: string) => ({ id, typeName: 'asset', type: 'image', props: { w: 1, h: 1, name: 'a.png', isAnimated: false, mimeType: 'image/png', src }, meta: {} })
    const attempts: [string, { id: string }][] = [
      ['another host', image('asset:remote', 'https://tracker.example/pixel.png')],
      ['another board of this server', image('asset:other-board', elsewhere)],
      ['an absolute URL of our own upload', image('asset:absolute', `${server.url}${own}`)],
      ['a bookmark of another site', { id: 'asset:bookmark', typeName: 'asset', type: 'bookmark', props: { src: 'https://example.org/', title: '', description: '', image: '', favicon: 'https://example.org/favicon.ico' }, meta: {} } as { id: string }],
      ['an embed', { id: 'shape:embed', typeName: 'shape', type: 'embed', parentId: 'page:page', x: 0, y: 0, rotation: 0, index: 'a1', isLocked: false, opacity: 1, props: { w: 300, h: 200, url: 'https://www.youtube.com/embed/x' }, meta: {} } as { id: string }],
    ]
    for (const role of ['facilitator', 'participant'] as const) {
      for (const [what, record] of attempts) {
        const sender = await connect(board, role)
        const before = sender.refusals.length
        putRecords(sender.doc, [record])
        expect(await nextRefusal(sender, before), `${role}: ${what}`).toMatch(/^asset-url:/)
      }
    }
    // This board's own upload is fine, from anyone who may write.
    const participant = await connect(board, 'participant')
    putRecords(participant.doc, [image('asset:own', own)])
    const check = await connect(board, 'facilitator')
    await waitFor(() => recordOf(check.doc, 'asset:own') !== undefined, { message: 'the own asset to arrive' })
    expect(participant.refusals).toEqual([])
    for (const [, record] of attempts) expect(recordOf(check.doc, record.id)).toBeUndefined()
  })
})
