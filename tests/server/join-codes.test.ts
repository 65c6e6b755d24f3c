/**
 * Join codes against a real server and real SQLite: their shape and how typed codes are read,
 * resolving one to the participant link, unknown and malformed codes, the per-address limit of
 * failed tries, renewal, boards stored before codes, and that only the code's digest is stored.
 */
import Database from 'better-sqlite3'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { joinCodeOf, stretchJoinCode } from '../../server/features/access/join-codes'
import { seal, tokenDigest } from '../../server/features/access/tokens'
import { DATABASE_FILE } from '../../server/storage/sqlite-storage'
import { formatJoinCode, JOIN_CODE_ALPHABET, normalizeJoinCode } from '../../shared/model/join-code'
import type { BoardAccessInfo, LinkRole } from '../../shared/model/roles'
import { serversPerTest, type TestServer, type TestServerOptions } from '../helpers/server'
import { readStoredLinksOf, replaceStoredLinks } from '../helpers/stored-board'
import { api, newBoard, type Board } from './roles-fixtures'

const startServer = serversPerTest()
/** The server of the running test. */
let server: TestServer | null = null

async function start(options: TestServerOptions = {}): Promise<TestServer> {
  server = await startServer(options)
  return server
}

/** `POST /api/join-codes` with `code` as typed, from `address` (the server must trust the proxy header). */
function tryCode(code: unknown, address?: string): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  if (address) headers['X-Forwarded-For'] = address
  return fetch(`${server!.url}/api/join-codes`, { method: 'POST', headers, body: JSON.stringify({ code }) })
}

async function info(board: Board, role: LinkRole): Promise<BoardAccessInfo> {
  return (await (await api(board, role, '')).json()) as BoardAccessInfo
}

/** A code no board of a fresh server has: the code of a token no board was given. */
const NOBODYS_CODE = formatJoinCode(joinCodeOf('not-a-token-of-any-board'))

describe('the code', () => {
  it('is 8 characters without look-alikes, shown as XXXX-XXXX, and read in any case with or without dash and spaces', () => {
    for (const lookAlike of ['0', 'O', '1', 'I', 'L']) expect(JOIN_CODE_ALPHABET).not.toContain(lookAlike)
    expect(new Set(JOIN_CODE_ALPHABET).size).toBe(31)
    const codes = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const code = joinCodeOf(`token-number-${i}-of-a-test`)
      expect(code).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{8}$`))
      codes.add(code)
    }
    // Derived: one token has one code; different tokens have different codes.
    expect(joinCodeOf('token-number-7-of-a-test')).toBe(joinCodeOf('token-number-7-of-a-test'))
    expect(codes.size).toBe(200)

    expect(formatJoinCode('K7M2Q9RT')).toBe('K7M2-Q9RT')
    for (const typed of ['K7M2-Q9RT', 'k7m2q9rt', ' k7m2 - q9rt ', 'K7M2 Q9RT', 'k7M2-q9Rt']) expect(normalizeJoinCode(typed)).toBe('K7M2Q9RT')
    for (const typed of ['', 'K7M2-Q9R', 'K7M2-Q9RTX', 'K7M0-Q9RT', 'K7MO-Q9RT', 'K7M1-Q9RT', 'K7MI-Q9RT', 'K7ML-Q9RT', 'K7M2_Q9RT', 'K7M2-Q9RÄ']) {
      expect(normalizeJoinCode(typed), typed).toBeNull()
    }
  })
})

describe('resolving a code', () => {
  it('gives the participant link to whoever types the code; the facilitator and the stage are given the code', async () => {
    await start()
    const board = await newBoard(server!)
    const facilitator = await info(board, 'facilitator')
    const code = formatJoinCode(joinCodeOf(board.tokens.participant))
    expect(facilitator.joinCode).toEqual({ code, url: `${server!.url}/j/${code}` })
    expect((await info(board, 'stage')).joinCode).toEqual(facilitator.joinCode)
    expect((await info(board, 'participant')).joinCode).toEqual(facilitator.joinCode)
    expect((await info(board, 'viewer')).joinCode).toBeNull()

    // As a person types it from the projector: small letters, no dash.
    const response = await tryCode(code.replace('-', '').toLowerCase())
    expect(response.status).toBe(200)
    const found = (await response.json()) as { boardId: string; token: string }
    expect(found).toEqual({ boardId: board.id, token: board.tokens.participant })
    const opened = await fetch(`${server!.url}/api/boards/${found.boardId}`, { headers: { Authorization: `Bearer ${found.token}` } })
    expect(((await opened.json()) as BoardAccessInfo).role).toBe('participant')
  })

  it('answers 404 for a code of no board and 400 for what cannot be a code, and logs neither code', async () => {
    await start()
    await newBoard(server!)
    const unknown = await tryCode(NOBODYS_CODE)
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { error: string }).error).toMatch(/no board with this join code/)
    for (const malformed of ['K7M2-Q9R', 'K7M0-Q9RT', 42, null]) {
      const response = await tryCode(malformed)
      expect(response.status, String(malformed)).toBe(400)
      expect(((await response.json()) as { error: string }).error).toMatch(/8 letters and digits/)
    }
    const logs = server!.logs.join('\n')
    expect(logs).toContain('join_code.unknown')
    expect(logs).toContain('join_code.malformed')
    expect(logs).not.toContain(NOBODYS_CODE)
    expect(logs).not.toContain(NOBODYS_CODE.replace('-', ''))
  })

  it('holds an address to its failed tries with 429 and Retry-After; other addresses and right codes are not held', async () => {
    await start({ trustProxy: true, joinCodeTriesPerMinute: 3 })
    const board = await newBoard(server!)
    const code = (await info(board, 'facilitator')).joinCode!.code
    const guesser = '198.51.100.7'
    // Right codes give their try back: more of them than the limit all pass (phones behind one venue address).
    for (let i = 0; i < 5; i++) expect((await tryCode(code, guesser)).status).toBe(200)
    for (let i = 0; i < 3; i++) expect((await tryCode(NOBODYS_CODE, guesser)).status).toBe(404)
    const held = await tryCode(code, guesser)
    expect(held.status).toBe(429)
    // One try comes back every 20 s at 3 a minute.
    const retryAfter = Number(held.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(20)
    expect(((await held.json()) as { error: string }).error).toMatch(new RegExp(`try again in ${retryAfter} seconds`))
    expect(server!.logs.join('\n')).toContain('join_code.rate_limited')

    expect((await tryCode(NOBODYS_CODE, '198.51.100.8')).status).toBe(404)
    expect((await tryCode(code, '198.51.100.8')).status).toBe(200)
  })

  it('gives a flood of guesses in parallel no more tries than one after another', async () => {
    await start({ trustProxy: true, joinCodeTriesPerMinute: 3 })
    await newBoard(server!)
    const statuses = await Promise.all(Array.from({ length: 12 }, () => tryCode(NOBODYS_CODE, '203.0.113.9').then((response) => response.status)))
    expect(statuses.filter((status) => status === 404)).toHaveLength(3)
    expect(statuses.filter((status) => status === 429)).toHaveLength(9)
  })

  it('is replaced when the participant link is renewed: the old code answers 404 at once', async () => {
    await start()
    const board = await newBoard(server!)
    const old = (await info(board, 'facilitator')).joinCode!.code
    // Renewing another link keeps the code.
    expect((await api(board, 'facilitator', '/links/viewer/renew', { method: 'POST' })).status).toBe(200)
    expect((await info(board, 'facilitator')).joinCode!.code).toBe(old)
    expect((await tryCode(old)).status).toBe(200)

    const renewed = await api(board, 'facilitator', '/links/participant/renew', { method: 'POST' })
    const { tokens } = (await renewed.json()) as { tokens: Record<LinkRole, string> }
    expect((await tryCode(old)).status).toBe(404)
    const current = (await info(board, 'facilitator')).joinCode!.code
    expect(current).not.toBe(old)
    expect(current).toBe(formatJoinCode(joinCodeOf(tokens.participant)))
    expect(await (await tryCode(current)).json()).toEqual({ boardId: board.id, token: tokens.participant })
  })
})

describe('boards stored before join codes', () => {
  /** Rewrites the board's links as the server stored them before codes (format version 2), without a code row. */
  async function storeAsVersion2(board: Board): Promise<void> {
    const { facilitator, participant, viewer, stage } = board.tokens
    const byFacilitator = (token: string) => ({ digest: tokenDigest(token), sealed: seal(token, facilitator, board.id) })
    const links = {
      version: 2,
      facilitator: { digest: tokenDigest(facilitator) },
      participant: { ...byFacilitator(participant), sealedForStage: seal(participant, stage, board.id) },
      viewer: byFacilitator(viewer),
      stage: byFacilitator(stage),
    }
    await server!.stop()
    replaceStoredLinks(server!.dataDir, board.id, links, true)
    await server!.resume()
  }

  it('get their code the first time the stage token is presented, and keep it', async () => {
    await start()
    const board = await newBoard(server!)
    const code = formatJoinCode(joinCodeOf(board.tokens.participant))
    await storeAsVersion2(board)
    expect((await tryCode(code)).status).toBe(404)
    expect(readStoredLinksOf(server!.dataDir, board.id).version).toBe(2)

    expect((await info(board, 'stage')).joinCode?.code).toBe(code)
    expect(readStoredLinksOf(server!.dataDir, board.id).version).toBe(3)
    expect(server!.logs.filter((line) => line.includes('board.join_code_added'))).toHaveLength(1)
    expect(await (await tryCode(code)).json()).toEqual({ boardId: board.id, token: board.tokens.participant })
    // The links are as they were, and the facilitator sees the same code without another upgrade.
    expect((await info(board, 'facilitator')).links).toEqual(board.links)
    expect((await info(board, 'facilitator')).joinCode?.code).toBe(code)
    expect(server!.logs.filter((line) => line.includes('board.join_code_added'))).toHaveLength(1)
  })

  it('get their code the first time the facilitator token is presented', async () => {
    await start()
    const board = await newBoard(server!)
    await storeAsVersion2(board)
    const code = (await info(board, 'facilitator')).joinCode?.code
    expect(code).toBe(formatJoinCode(joinCodeOf(board.tokens.participant)))
    expect(await (await tryCode(code)).json()).toEqual({ boardId: board.id, token: board.tokens.participant })
  })
})

describe('a code another board has already', () => {
  it('leaves a board stored before codes without one, and its links as they are', async () => {
    await start()
    const board = await newBoard(server!)
    const code = normalizeJoinCode(formatJoinCode(joinCodeOf(board.tokens.participant)))!
    await server!.stop()
    // As if another board had drawn the same code first (about one in 2^39).
    const links = readStoredLinksOf(server!.dataDir, board.id) as unknown as { participant: Record<string, unknown> }
    const { sealedForCode: _dropped, ...participantEntry } = links.participant
    replaceStoredLinks(server!.dataDir, board.id, { ...links, version: 2, participant: participantEntry }, true)
    const database = new Database(path.join(server!.dataDir, DATABASE_FILE))
    database.prepare('INSERT INTO join_codes (code_digest, board_id) VALUES (?, ?)').run((await stretchJoinCode(code)).digest, 'another-board')
    database.close()
    await server!.resume()

    expect((await info(board, 'stage')).joinCode).toBeNull()
    expect(server!.logs.some((line) => line.includes('board.join_code_taken'))).toBe(true)
    expect(readStoredLinksOf(server!.dataDir, board.id)).toMatchObject({ version: 3, participant: { sealedForCode: null } })
    expect((await info(board, 'facilitator')).joinCode).toBeNull()
    expect((await info(board, 'facilitator')).links).toEqual(board.links)
    // The links work as before; the code stays the other board's.
    expect((await info(board, 'participant')).role).toBe('participant')
    expect((await tryCode(code)).status).toBe(404)
  })
})

describe('secrecy', () => {
  it('stores the code only as its digest, and neither the code nor the participant token in the clear', async () => {
    await start()
    const board = await newBoard(server!)
    const code = (await info(board, 'facilitator')).joinCode!.code
    expect((await tryCode(code)).status).toBe(200)

    const database = new Database(path.join(server!.dataDir, DATABASE_FILE), { readonly: true })
    try {
      const rows = database.prepare('SELECT code_digest, board_id FROM join_codes').all()
      expect(rows).toEqual([{ code_digest: (await stretchJoinCode(normalizeJoinCode(code)!)).digest, board_id: board.id }])
      const everything = JSON.stringify([database.prepare('SELECT * FROM boards').all(), rows])
      for (const secret of [code, normalizeJoinCode(code)!, board.tokens.participant]) expect(everything).not.toContain(secret)
    } finally {
      database.close()
    }
    const logs = server!.logs.join('\n')
    expect(logs).toContain('join_code.resolved')
    for (const secret of [code, normalizeJoinCode(code)!, board.tokens.participant]) expect(logs).not.toContain(secret)
  })
})
