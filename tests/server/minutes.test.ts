/**
 * GET /api/boards/:id/minutes.<format> on a real server with real SQLite: the board is written by a
 * real y-websocket client, and the minutes must be what shared/minutes makes of the client's copy,
 * whether the room is loaded or the board is read back from storage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildMinutes } from '../../shared/minutes/build'
import { renderMinutes, type MinutesFormat } from '../../shared/minutes/formats'
import type { MinutesLang } from '../../shared/minutes/types'
import { createBoardId } from '../../shared/model/board-id'
import { facilitatorFetch, startTestServer, type TestServer } from '../helpers/server'
import { changeStoredBoard } from '../helpers/stored-board'
import { waitFor } from '../helpers/wait'
import { writeFixtureAttendance, writeFixtureBoard } from '../minutes/fixture'
import { connectSynced, type SyncClient } from './clients'

const TZ = 'Europe/Berlin'

describe('minutes endpoints', () => {
  let server: TestServer
  let boardId: string
  let writer: SyncClient

  /** What shared/minutes makes of the writer's own copy of the board. */
  const expected = (format: MinutesFormat, lang: MinutesLang = 'en', names = true) =>
    renderMinutes(buildMinutes(writer.doc, { lang, names, timeZone: TZ, boardId }), format)

  const get = (path: string) => facilitatorFetch(`${server.url}/api/boards/${boardId}/${path}`)

  beforeAll(async () => {
    server = await startTestServer()
    boardId = await server.createBoard()
    // Attendance is the server's to write: here as a board from before has it, in storage.
    await changeStoredBoard(server.dataDir, boardId, writeFixtureAttendance)
    writer = await connectSynced(server.syncUrl, boardId)
    writeFixtureBoard(writer.doc)
    // The board has reached the server once its minutes name the meeting.
    await waitFor(async () => (await (await get(`minutes.md?tz=${TZ}`)).text()).includes('Street lab exchange'))
  })

  afterAll(async () => {
    writer?.destroy()
    await server?.close()
  })

  it('answers Markdown with its type, a file name and the minutes of the live board', async () => {
    const response = await get(`minutes.md?tz=${TZ}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="street-lab-exchange-berlin-leipzig-2026-06-12-minutes-en.md"',
    )
    expect(await response.text()).toBe(expected('md'))
  })

  it('answers HTML inline with a policy that forbids scripts, CSV and JSON as attachments', async () => {
    const html = await get(`minutes.html?tz=${TZ}&lang=de`)
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(html.headers.get('content-disposition')).toMatch(/^inline; filename=".*-minutes-de\.html"$/)
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(await html.text()).toBe(expected('html', 'de'))

    const csv = await get(`minutes.csv?tz=${TZ}`)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present')
    // Compared as bytes: fetch's text() would swallow the byte order mark.
    expect(Buffer.from(await csv.arrayBuffer()).equals(Buffer.from(expected('csv')))).toBe(true)

    const json = await get(`minutes.json?tz=${TZ}&names=0`)
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await json.text()).toBe(expected('json', 'en', false))
  })

  it('leaves names out with ?names=0', async () => {
    const text = await (await get(`minutes.md?tz=${TZ}&names=0`)).text()
    expect(text).toBe(expected('md', 'en', false))
    for (const name of ['Alice', 'Bob', 'Chloé', 'Dora', 'Emil']) expect(text).not.toContain(name)
  })

  it('reads the same minutes from storage once the room is unloaded', async () => {
    const live = await (await get(`minutes.json?tz=${TZ}`)).text()
    writer.destroy()
    await waitFor(() => server.server.stats().rooms === 0, { message: 'the room to unload' })
    expect(await (await get(`minutes.json?tz=${TZ}`)).text()).toBe(live)
    writer = await connectSynced(server.syncUrl, boardId)
  })

  it('refuses bad parameters with 400 and unknown boards with 404', async () => {
    expect((await get('minutes.md?lang=fr')).status).toBe(400)
    expect((await get('minutes.md?names=maybe')).status).toBe(400)
    expect((await get('minutes.md?tz=Mars/Olympus')).status).toBe(400)
    expect((await get('minutes.pdf')).status).toBe(404)
    const unknown = await fetch(`${server.url}/api/boards/${createBoardId()}/minutes.md`)
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toEqual({ error: 'board not found' })
    expect((await fetch(`${server.url}/api/boards/not-a-board/minutes.csv`)).status).toBe(404)
  })
})
