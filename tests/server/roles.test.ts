/**
 * Roles by link against a real server, real SQLite and real y-websocket providers: what each of the
 * four links opens over the API and the sync socket, which document updates each role may make,
 * the projector stage's link (watch and follow only), renewing a link, boards stored before the
 * stage had a link of its own, and that tokens are neither stored nor logged in the clear.
 */
import Database from 'better-sqlite3'
import * as encoding from 'lib0/encoding'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { seal, tokenDigest } from '../../server/features/access/tokens'
import { DATABASE_FILE } from '../../server/storage/sqlite-storage'
import { meetingMap, readMeeting } from '../../shared/model/meeting'
import { readLocks, setLock } from '../../shared/model/locks'
import { participantsMap } from '../../shared/model/participant'
import { LINK_ROLES, LINK_TOKEN_PARAM, ROLES, tokenFromFragment, type BoardAccessInfo, type LinkRole } from '../../shared/model/roles'
import { CloseCode } from '../../shared/protocol/close-codes'
import { readStage, writeStage } from '../../shared/model/stage'
import { readTimer, startTimer, writeTimer } from '../../shared/model/timer'
import { currentRound, startRound } from '../../shared/model/voting'
import { startTestServer, type TestServer } from '../helpers/server'
import { readStoredLinksOf, replaceStoredLinks } from '../helpers/stored-board'
import { waitFor } from '../helpers/wait'
import { openRawSocket, textOf } from './clients'
import { api, cardRecord, connectAs, newBoard, nextRefusal, putRecords, recordOf, writeQuestionMap, type Board, type RoleClient } from './roles-fixtures'

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
  it('creating a board returns four distinct links; the facilitator link is the board url', async () => {
    const board = await newBoard(server)
    expect(board.url).toBe(board.links.facilitator)
    expect(new Set(LINK_ROLES.map((role) => board.tokens[role])).size).toBe(4)
    for (const role of ROLES) {
      expect(board.links[role]).toBe(`${server.url}/b/${board.id}#${LINK_TOKEN_PARAM}=${board.tokens[role]}`)
    }
    // The projector gets a token of its own, never the facilitator's.
    expect(board.links.stage).toBe(`${server.url}/b/${board.id}/stage#k=${board.tokens.stage}`)
    expect(board.links.join).toBe(`${server.url}/b/${board.id}/capture#k=${board.tokens.participant}`)
  })

  it('each token opens its role over the API; without a valid one the board answers 403', async () => {
    const board = await newBoard(server)
    const info = async (role: LinkRole) => (await (await api(board, role, '')).json()) as BoardAccessInfo
    expect((await info('facilitator')).role).toBe('facilitator')
    expect((await info('facilitator')).links).toEqual(board.links)
    expect((await info('participant')).role).toBe('participant')
    expect((await info('participant')).links).toBeNull()
    expect((await info('participant')).join).toBe(board.links.join)
    expect((await info('viewer')).role).toBe('viewer')
    expect((await info('viewer')).join).toBeNull()
    // The stage: its role and the join link for the QR code on the projector, no other link.
    expect((await info('stage')).role).toBe('stage')
    expect((await info('stage')).links).toBeNull()
    expect((await info('stage')).join).toBe(board.links.join)

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
    const upload = (role: LinkRole | null) =>
      api(board, role, '/assets', { method: 'POST', body: png, headers: { 'Content-Type': 'image/png' } })
    expect((await upload(null)).status).toBe(403)
    expect((await upload('viewer')).status).toBe(403)
    expect((await upload('stage')).status).toBe(403)
    expect((await upload('participant')).status).toBe(201)
    expect((await upload('facilitator')).status).toBe(201)

    const facilitatorOnly: [string, RequestInit][] = [
      ['/minutes.md', {}],
      ['/archive', {}],
      ['/snapshots', {}],
      ['/snapshots', { method: 'POST', body: JSON.stringify({ name: 'x' }) }],
      ['/links/viewer/renew', { method: 'POST' }],
      ['/links/stage/renew', { method: 'POST' }],
      ['/close', { method: 'POST' }],
      ['/reopen', { method: 'POST' }],
      ['/downloads', { method: 'POST', body: JSON.stringify({ path: `/api/boards/${board.id}/minutes.md` }) }],
    ]
    for (const [pathname, init] of facilitatorOnly) {
      for (const role of ['participant', 'viewer', 'stage', null] as const) {
        expect((await api(board, role, pathname, init)).status, `${role} ${init.method ?? 'GET'} ${pathname}`).toBe(403)
      }
      if (!init.method) expect((await api(board, 'facilitator', pathname)).status, pathname).toBe(200)
    }
    const stage = await api(board, 'stage', '/snapshots')
    expect(((await stage.json()) as { error: string }).error).toBe('a stage link does not allow this')
  })

  it('takes a link token only in the Authorization header: ?k= in the address is refused, and says so', async () => {
    const board = await newBoard(server)
    for (const pathname of ['', '/minutes.md', '/archive', '/snapshots']) {
      const response = await fetch(`${server.url}/api/boards/${board.id}${pathname}?k=${board.tokens.facilitator}`)
      expect(response.status, pathname).toBe(403)
      expect(((await response.json()) as { error: string }).error, pathname).toMatch(/not accepted: send it as "Authorization: Bearer <token>"/)
    }
    // With the header the same calls work; the sync socket still takes ?k= (browsers cannot set its headers).
    expect((await api(board, 'facilitator', '/minutes.md')).status).toBe(200)
    const client = await connect(board, 'participant')
    expect(client.provider.wsconnected).toBe(true)
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

describe('the stage link', () => {
  it('receives the board and whom it follows, but every update of its own is refused', async () => {
    const board = await newBoard(server)
    const facilitator = await connect(board, 'facilitator')
    const stage = await connect(board, 'stage')
    await writeQuestionMap(facilitator, stage)
    writeStage(facilitator.doc, { leader: { userId: 'user:anna', clientId: facilitator.doc.clientID } })
    await waitFor(() => readStage(stage.doc).leader?.clientId === facilitator.doc.clientID)

    // A card, taking the lead, "follow me", the meeting: each from a fresh stage connection (a
    // refused update stays in its sender's copy).
    const attempts: [string, (doc: Y.Doc) => void][] = [
      ['card', (doc) => putRecords(doc, [cardRecord('shape:projected', 'shape:questions', 'From the projector', 500)])],
      ['leader', (doc) => writeStage(doc, { leader: { userId: 'user:stage', clientId: doc.clientID } })],
      ['follow', (doc) => writeStage(doc, { follow: { userId: 'user:stage', clientId: doc.clientID, since: Date.now() } })],
      ['meeting', (doc) => meetingMap(doc).set('title', 'Hijacked')],
    ]
    for (const [what, attempt] of attempts) {
      const sender = await connect(board, 'stage')
      const before = sender.refusals.length
      attempt(sender.doc)
      expect(await nextRefusal(sender, before), what).toMatch(/^read-only:/)
    }
    const check = await connect(board, 'participant')
    expect(recordOf(check.doc, 'shape:projected')).toBeUndefined()
    expect(readStage(check.doc)).toMatchObject({ leader: { clientId: facilitator.doc.clientID }, follow: null })
    expect(readMeeting(check.doc).title).toBe('')
    expect(stage.refusals).toEqual([])
  })

  it("cannot set the facilitator's presence, whose viewport the stage and “follow me” go by", async () => {
    const board = await newBoard(server)
    const facilitator = await connect(board, 'facilitator')
    const watcher = await connect(board, 'participant')
    const facilitatorId = facilitator.provider.awareness.clientID
    const viewport = (x: number) => ({ camera: { x, y: 0, z: 1 }, screenBounds: { x: 0, y: 0, w: 1280, h: 800 } })
    const seenCamera = () => (watcher.provider.awareness.getStates().get(facilitatorId)?.presence as { camera?: { x: number } } | undefined)?.camera?.x
    facilitator.provider.awareness.setLocalStateField('presence', viewport(10))
    await waitFor(() => seenCamera() === 10)

    // The stage's socket sends a state for the facilitator's client id, with a clock far ahead so
    // that, if it were relayed, the facilitator's own later states would be ignored.
    const stage = await connect(board, 'stage')
    const forged = new awarenessProtocol.Awareness(new Y.Doc())
    forged.clientID = facilitatorId
    forged.setLocalState({ presence: viewport(-5000) })
    forged.meta.set(facilitatorId, { clock: 2 ** 40, lastUpdated: Date.now() })
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 1) // awareness message
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(forged, [facilitatorId]))
    ;(stage.provider.ws as unknown as WebSocket).send(encoding.toUint8Array(encoder))

    facilitator.provider.awareness.setLocalStateField('presence', viewport(20))
    await waitFor(() => seenCamera() === 20)
    expect(seenCamera()).not.toBe(-5000)
    expect(stage.provider.wsconnected).toBe(true)
    forged.destroy()
  })

  it('over the API gets the board and the join link, and nothing else', async () => {
    const board = await newBoard(server)
    const info = (await (await api(board, 'stage', '')).json()) as BoardAccessInfo
    expect(info).toMatchObject({ id: board.id, role: 'stage', links: null, join: board.links.join })
    const refused: [string, RequestInit][] = [
      ['/snapshots', {}],
      ['/minutes.html', {}],
      ['/archive', {}],
      ['/links/stage/renew', { method: 'POST' }],
      ['/links/participant/renew', { method: 'POST' }],
      ['/close', { method: 'POST' }],
      ['/downloads', { method: 'POST', body: JSON.stringify({ path: `/api/boards/${board.id}/minutes.md` }) }],
    ]
    for (const [pathname, init] of refused) {
      expect((await api(board, 'stage', pathname, init)).status, `${init.method ?? 'GET'} ${pathname}`).toBe(403)
    }
  })

  it('follows a renewed participant link with its join link', async () => {
    const board = await newBoard(server)
    const { tokens } = (await (await api(board, 'facilitator', '/links/participant/renew', { method: 'POST' })).json()) as {
      tokens: Record<LinkRole, string>
    }
    const info = (await (await api(board, 'stage', '')).json()) as BoardAccessInfo
    expect(info.join).toBe(`${server.url}/b/${board.id}/capture#k=${tokens.participant}`)
  })

  it('renewed, closes the stage sockets with 4401 and leaves everyone else connected', async () => {
    const board = await newBoard(server)
    const { tokens, links } = await renewWithHoldersConnected(board, 'stage')
    expect(tokens.participant).toBe(board.tokens.participant)
    expect(links.stage).toBe(`${server.url}/b/${board.id}/stage#k=${tokens.stage}`)
  })
})

describe('boards stored before the stage had a link', () => {
  /** Rewrites the board's stored links as the server stored them then (format version 1). */
  async function storeAsVersion1(board: Board): Promise<void> {
    const { facilitator, participant, viewer } = board.tokens
    const links = {
      version: 1,
      facilitator: { digest: tokenDigest(facilitator) },
      participant: { digest: tokenDigest(participant), sealed: seal(participant, facilitator, board.id) },
      viewer: { digest: tokenDigest(viewer), sealed: seal(viewer, facilitator, board.id) },
    }
    await server.stop()
    replaceStoredLinks(server.dataDir, board.id, links, true)
    await server.resume()
  }

  const storedLinks = (boardId: string) => readStoredLinksOf(server.dataDir, boardId)

  it('open as before, and get a stage link the first time the facilitator token is presented', async () => {
    const board = await newBoard(server)
    await storeAsVersion1(board)
    expect(storedLinks(board.id).version).toBe(1)
    // The old links work as they did; there is no stage token yet (the one made at creation is gone).
    expect(((await (await api(board, 'participant', '')).json()) as BoardAccessInfo).role).toBe('participant')
    expect(((await (await api(board, 'viewer', '')).json()) as BoardAccessInfo).role).toBe('viewer')
    expect((await api(board, 'stage', '')).status).toBe(403)
    expect(server.logs.some((line) => line.includes('board.stage_link_added'))).toBe(false)

    const info = (await (await api(board, 'facilitator', '')).json()) as BoardAccessInfo
    const stageToken = tokenFromFragment(new URL(info.links!.stage).hash)!
    expect(new URL(info.links!.stage).pathname).toBe(`/b/${board.id}/stage`)
    expect(Object.values(board.tokens)).not.toContain(stageToken)
    expect(info.links!.participant).toBe(board.links.participant)
    expect(info.links!.viewer).toBe(board.links.viewer)
    // Stored in the current format (as a digest), so the next call hands out the same link.
    expect(storedLinks(board.id)).toMatchObject({ version: 3, stage: { digest: tokenDigest(stageToken) } })
    expect(((await (await api(board, 'facilitator', '')).json()) as BoardAccessInfo).links!.stage).toBe(info.links!.stage)
    expect(server.logs.filter((line) => line.includes('board.stage_link_added'))).toHaveLength(1)

    // The new stage link opens the stage: the join link over the API, a read-only socket.
    const upgraded = { ...board, tokens: { ...board.tokens, stage: stageToken } }
    expect(((await (await api(upgraded, 'stage', '')).json()) as BoardAccessInfo)).toMatchObject({ role: 'stage', join: board.links.join })
    const stage = await connect(upgraded, 'stage')
    const before = stage.refusals.length
    writeStage(stage.doc, { theme: 'daylight' })
    expect(await nextRefusal(stage, before)).toMatch(/^read-only:/)
  })

  it('get a stage link when the facilitator renews a link', async () => {
    const board = await newBoard(server)
    await storeAsVersion1(board)
    const renewed = await api(board, 'facilitator', '/links/viewer/renew', { method: 'POST' })
    const { tokens } = (await renewed.json()) as { tokens: Record<LinkRole, string> }
    expect(tokens.participant).toBe(board.tokens.participant)
    expect(storedLinks(board.id)).toMatchObject({ version: 3, stage: { digest: tokenDigest(tokens.stage) } })
    const upgraded = { ...board, tokens }
    expect(((await (await api(upgraded, 'stage', '')).json()) as BoardAccessInfo).join).toBe(board.links.join)
    expect(((await (await api(upgraded, 'viewer', '')).json()) as BoardAccessInfo).role).toBe('viewer')
  })
})

/**
 * Renews `role`'s link while two of its holders, a facilitator and a viewer are connected, and
 * checks what must follow for any role: exactly the holders are closed with 4401, everyone else
 * stays and keeps syncing, the old token opens nothing any more and the new one opens the board.
 */
async function renewWithHoldersConnected(board: Board, role: 'participant' | 'stage') {
  const facilitator = await connect(board, 'facilitator')
  const viewer = await connect(board, 'viewer')
  const holders = [await connect(board, role), await connect(board, role)]
  const closes = holders.map((client) => new Promise<{ code: number; reason: string }>((resolve) => client.provider.once('closed', resolve)))

  const renewed = await api(board, 'facilitator', `/links/${role}/renew`, { method: 'POST' })
  expect(renewed.status).toBe(200)
  const { tokens, links } = (await renewed.json()) as { tokens: Record<LinkRole, string>; links: Record<string, string> }
  expect(tokens[role]).not.toBe(board.tokens[role])
  for (const closed of await Promise.all(closes)) {
    expect(closed.code).toBe(CloseCode.linkRenewed)
    expect(closed.reason).toMatch(/renewed/)
  }
  facilitator.doc.getText('t').insert(0, 'still here')
  await waitFor(() => textOf(viewer) === 'still here')

  expect((await api(board, role, '')).status).toBe(403)
  const old = await openRawSocket(server.syncUrl, board.id, { [LINK_TOKEN_PARAM]: board.tokens[role] })
  expect((await old.closed).code).toBe(CloseCode.forbidden)
  const fresh = await connect({ ...board, tokens: { ...board.tokens, [role]: tokens[role] } }, role)
  expect(textOf(fresh)).toBe('still here')
  return { tokens, links }
}

describe('renewing a link', () => {
  it('stops the old token at once and closes the connections that used it with 4401', async () => {
    const board = await newBoard(server)
    const { tokens, links } = await renewWithHoldersConnected(board, 'participant')
    expect(tokens.facilitator).toBe(board.tokens.facilitator)
    expect(links.participant).toContain(tokens.participant)
  })

  it('renewing the facilitator link re-keys the others: they still work and the new token reads them', async () => {
    const board = await newBoard(server)
    const { tokens } = (await (await api(board, 'facilitator', '/links/facilitator/renew', { method: 'POST' })).json()) as {
      tokens: Record<LinkRole, string>
    }
    expect(tokens.participant).toBe(board.tokens.participant)
    expect(tokens.stage).toBe(board.tokens.stage)
    expect((await api(board, 'facilitator', '')).status).toBe(403)
    const renewed = { ...board, tokens }
    const info = (await (await api(renewed, 'facilitator', '')).json()) as BoardAccessInfo
    expect(info.role).toBe('facilitator')
    expect(info.links!.participant).toContain(board.tokens.participant)
    expect(info.links!.viewer).toContain(board.tokens.viewer)
    expect(info.links!.stage).toContain(board.tokens.stage)
    expect(((await (await api(board, 'participant', '')).json()) as BoardAccessInfo).role).toBe('participant')
    // The stage still reads the join link (sealed under its own token, untouched by the re-keying).
    expect(((await (await api(board, 'stage', '')).json()) as BoardAccessInfo).join).toBe(board.links.join)
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
