/**
 * Download tokens against a real server: the facilitator's link (as a Bearer header) gets a token
 * for one file of one board, the file's plain link `?d=<token>` then works without any header,
 * and a token that is expired (the server's clock moved on), forged, damaged, for another board or
 * another file, from before a restart, or made with a link renewed since, is refused with 403 and a
 * message that says which. Only links that may take the file get a token for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DOWNLOAD_TOKEN_TTL_MS } from '../../server/features/access/download-tokens'
import { meetingMap } from '../../shared/model/meeting'
import type { LinkRole } from '../../shared/model/roles'
import { startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { api, connectAs, newBoard, type Board, type RoleClient } from './roles-fixtures'

const TITLE = 'Street lab exchange'

interface Issued {
  token: string
  url: string
  expiresAt: string
}

describe('download tokens', () => {
  let server: TestServer
  /** The server's clock, as the download tokens read it. */
  let now = Date.UTC(2026, 5, 12, 14)
  let board: Board
  let other: Board
  let writer: RoleClient

  const minutesPath = (target: Board, format = 'md') => `/api/boards/${target.id}/minutes.${format}`
  const issue = (target: Board, role: LinkRole | null, path: unknown) =>
    api(target, role, '/downloads', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ path }) })
  const issued = async (target: Board, path = minutesPath(target)) => {
    const response = await issue(target, 'facilitator', path)
    expect(response.status).toBe(201)
    return (await response.json()) as Issued
  }
  /** A plain GET, as a browser following a link makes it: no Authorization header. */
  const follow = (url: string) => fetch(`${server.url}${url}`)
  const refusal = async (response: Response) => {
    expect(response.status).toBe(403)
    return ((await response.json()) as { error: string }).error
  }

  beforeAll(async () => {
    server = await startTestServer({ downloadTokens: { now: () => now } })
    board = await newBoard(server)
    other = await newBoard(server)
    writer = await connectAs(board, 'facilitator')
    meetingMap(writer.doc).set('title', TITLE)
    await waitFor(async () => (await (await api(board, 'facilitator', '/minutes.md')).text()).includes(TITLE))
  })

  afterAll(async () => {
    writer?.destroy()
    await server?.close()
  })

  it('opens the one file it was issued for, without a header, until it expires', async () => {
    const { token, url, expiresAt } = await issued(board)
    expect(url).toBe(`${minutesPath(board)}?d=${token}`)
    expect(Date.parse(expiresAt)).toBe(now + DOWNLOAD_TOKEN_TTL_MS)
    // Nothing of the link token is in it.
    for (const linkToken of Object.values(board.tokens)) expect(token).not.toContain(linkToken)

    const response = await follow(`${url}&lang=de`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="street-lab-exchange-minutes-de.md"')
    expect(await response.text()).toContain(TITLE)
    // Used again within its minute: still fine (a browser may retry a download).
    now += DOWNLOAD_TOKEN_TTL_MS - 1
    expect((await follow(url)).status).toBe(200)
    now += 1
    expect(await refusal(await follow(url))).toBe('this download link has expired: start the download again from the board')
  })

  it('is refused when forged, damaged or signed by another server', async () => {
    const { token, url } = await issued(board)
    const [format, payload, mac] = token.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
    const forge = (changes: Record<string, unknown>) =>
      `${format}.${Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url')}.${mac}`
    const invalid = 'this download link is not valid: start the download again from the board'

    // Claims changed under the same signature: a longer life, another file.
    expect(await refusal(await follow(`${minutesPath(board)}?d=${forge({ e: now + 3_600_000 })}`))).toBe(invalid)
    expect(await refusal(await follow(`${minutesPath(board, 'csv')}?d=${forge({ p: minutesPath(board, 'csv') })}`))).toBe(invalid)
    // Damaged, or nothing like a token.
    expect(await refusal(await follow(`${url.slice(0, -2)}xx`))).toBe(invalid)
    expect(await refusal(await follow(`${minutesPath(board)}?d=${'a'.repeat(2000)}`))).toBe(invalid)
    expect(await refusal(await follow(`${minutesPath(board)}?d=`))).toBe(invalid)

    // The key lives in memory only: after a restart the server does not take its earlier tokens.
    await server.restart()
    expect(await refusal(await follow(url))).toBe(invalid)
    expect((await follow((await issued(board)).url)).status).toBe(200)
  })

  it('is refused for another board or another file, and opens nothing but downloads', async () => {
    const { token } = await issued(board)
    expect(await refusal(await follow(`${minutesPath(other)}?d=${token}`))).toBe('this download link is for another board')
    expect(await refusal(await follow(`${minutesPath(board, 'json')}?d=${token}`))).toBe('this download link is for another file')
    // Routes that are not downloads do not read it at all.
    for (const pathname of ['', '/snapshots', '/archive']) {
      const response = await follow(`/api/boards/${board.id}${pathname}?d=${token}`)
      expect(response.status, pathname).toBe(403)
    }
  })

  it('stops working when the link it was made with is renewed', async () => {
    const target = await newBoard(server)
    const { url } = await issued(target)
    expect((await follow(url)).status).toBe(200)
    const renewed = await api(target, 'facilitator', '/links/facilitator/renew', { method: 'POST' })
    expect(renewed.status).toBe(200)
    expect(await refusal(await follow(url))).toMatch(/made with a link that has been renewed since/)
  })

  it('is issued only to a link that may take the file, and only for a file of that board', async () => {
    for (const role of ['participant', 'viewer', 'stage', null] as const) {
      expect((await issue(board, role, minutesPath(board))).status, String(role)).toBe(403)
    }
    for (const path of [minutesPath(other), `/api/boards/${board.id}/snapshots`, `/api/boards/${board.id}/minutes.exe`, 42, null]) {
      const response = await issue(board, 'facilitator', path)
      expect(response.status, String(path)).toBe(400)
      expect(((await response.json()) as { error: string }).error).toBe('there is no such download on this board')
    }
    // A Bearer header still works for the file itself (scripts, the CLI's users), a ?k= does not.
    expect((await api(board, 'facilitator', '/minutes.md')).status).toBe(200)
    expect((await follow(`${minutesPath(board)}?k=${board.tokens.facilitator}`)).status).toBe(403)
  })
})
