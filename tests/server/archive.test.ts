/**
 * Closing a meeting on a real server with real SQLite and real y-websocket clients: the board
 * becomes read-only (its updates are refused, other boards keep working), an archived copy of its
 * document and the minutes are stored, the flag survives a restart, and reopening makes it
 * editable again.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { refusalMessageKey } from '../../client/sync/refusals'
import { localTimeZone } from '../../server/features/minutes/minutes-export'
import { createBoardId } from '../../shared/model/board-id'
import { meetingMap, readMeeting, writeMeeting } from '../../shared/model/meeting'
import { refusalCodeOf } from '../../shared/model/refusals'
import type { Role } from '../../shared/model/roles'
import { facilitatorFetch, startTestServer, tokenOf, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { writeFixtureBoard } from '../minutes/fixture'
import { connectSynced, insertText, recordTextOf, type SyncClient } from './clients'
import { cardRecord, connectAs, newBoard, nextRefusal, putRecords } from './roles-fixtures'

interface ArchiveAnswer {
  archived: boolean
  archivedAt: string | null
  closures: { closedAt: string; reopenedAt: string | null }[]
}

describe('closing a meeting', () => {
  let server: TestServer
  const clients: SyncClient[] = []

  const post = async (boardId: string, action: 'close' | 'reopen') => {
    const response = await facilitatorFetch(`${server.url}/api/boards/${boardId}/${action}`, { method: 'POST' })
    return { status: response.status, body: (await response.json()) as ArchiveAnswer }
  }
  // Participants: the facilitator may still change an archived board (to reopen it).
  const connect = async (boardId: string, role: Role = 'participant') => {
    const client = await connectSynced(server.syncUrl, boardId, { k: tokenOf(boardId, role)! })
    clients.push(client)
    return client
  }
  const refusals = () => server.logs.filter((line) => line.includes('room.update_refused')).length
  /** Writes to the shared text and waits until the server has answered it with a refusal. */
  const writeRefused = async (client: SyncClient, text: string) => {
    const before = refusals()
    insertText(client, text)
    await waitFor(() => refusals() > before, { message: 'the server to refuse the update' })
  }

  beforeEach(async () => {
    server = await startTestServer()
  })

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await server.close()
  })

  it('makes the board read-only while another board keeps working, and stores its record', async () => {
    const closed = await server.createBoard()
    const other = await server.createBoard()
    const [a1, a2, b1, b2] = [await connect(closed), await connect(closed), await connect(other), await connect(other)]
    // The meeting settings in the fixture are the facilitator's to write.
    const owner = await connect(closed, 'facilitator')
    writeFixtureBoard(owner.doc)
    insertText(owner, 'before')
    await waitFor(() => recordTextOf(a1) === 'before' && recordTextOf(a2) === 'before')

    const { status, body } = await post(closed, 'close')
    expect(status).toBe(200)
    expect(body.archived).toBe(true)
    expect(body.closures).toEqual([{ closedAt: body.archivedAt, reopenedAt: null }])
    // Everyone connected sees when it was archived.
    const archivedAt = Date.parse(body.archivedAt!)
    await waitFor(() => readMeeting(a1.doc).archivedAt === archivedAt && readMeeting(a2.doc).archivedAt === archivedAt)

    // A change to the archived board goes nowhere...
    await writeRefused(a1, 'after ')
    // ...not even a client clearing archivedAt itself (only the server's reopen does that).
    const before = refusals()
    writeMeeting(a1.doc, { archivedAt: null })
    await waitFor(() => refusals() > before)
    const late = await connect(closed)
    expect(recordTextOf(late)).toBe('before')
    expect(readMeeting(late.doc).archivedAt).toBe(archivedAt)
    expect(recordTextOf(a2)).toBe('before')

    // The other board is untouched.
    insertText(b1, 'still working')
    await waitFor(() => recordTextOf(b2) === 'still working')

    // The record: the flag, the archived copy and the minutes in every format and language.
    const dir = path.join(server.dataDir, 'archive', closed)
    const state = JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8'))
    expect(state.archivedAt).toBe(archivedAt)
    const folder = path.join(dir, state.closures[0].folder)
    expect(readdirSync(folder).sort()).toEqual(
      ['minutes-de.csv', 'minutes-de.html', 'minutes-de.json', 'minutes-de.md', 'minutes-en.csv', 'minutes-en.html', 'minutes-en.json', 'minutes-en.md', 'snapshot.yjs'].sort(),
    )
    const copy = new Y.Doc()
    Y.applyUpdate(copy, readFileSync(path.join(folder, 'snapshot.yjs')))
    expect(readMeeting(copy).title).toBe('Street lab exchange Berlin–Leipzig')
    expect(readMeeting(copy).archivedAt).toBe(archivedAt)
    const served = await facilitatorFetch(`${server.url}/api/boards/${closed}/minutes.md?tz=${encodeURIComponent(localTimeZone())}`)
    expect(readFileSync(path.join(folder, 'minutes-en.md'), 'utf8')).toBe(await served.text())
    expect(readFileSync(path.join(folder, 'minutes-en.md'), 'utf8')).toContain('Closed and archived on')
    expect(existsSync(path.join(server.dataDir, 'archive', other))).toBe(false)
  })

  it('tells a participant’s client why, in words it knows: the meeting is closed', async () => {
    const board = await newBoard(server)
    const participant = await connectAs(board, 'participant')
    clients.push(participant)
    await post(board.id, 'close')
    await waitFor(() => readMeeting(participant.doc).archivedAt !== null)
    const before = participant.refusals.length
    putRecords(participant.doc, [cardRecord('shape:late', 'shape:none', 'Too late')])
    const reason = await nextRefusal(participant, before)
    expect(refusalCodeOf(reason)).toBe('archived')
    expect(refusalMessageKey(refusalCodeOf(reason))).toBe('refused.archived')
  })

  it('reopens: editable again, the closing kept in the history', async () => {
    const boardId = await server.createBoard()
    const [a1, a2] = [await connect(boardId), await connect(boardId)]
    await post(boardId, 'close')
    await writeRefused(a1, 'refused ')

    const { status, body } = await post(boardId, 'reopen')
    expect(status).toBe(200)
    expect(body.archived).toBe(false)
    expect(body.closures).toHaveLength(1)
    expect(body.closures[0]!.reopenedAt).not.toBeNull()
    await waitFor(() => readMeeting(a2.doc).archivedAt === null && readMeeting(a1.doc).archivedAt === null)

    // The refused text stays in a1's local copy only (our client drops that copy); new writes go through.
    insertText(a2, 'open again')
    const fresh = await connect(boardId)
    await waitFor(() => recordTextOf(fresh) === 'open again')

    const state = (await (await facilitatorFetch(`${server.url}/api/boards/${boardId}/archive`)).json()) as ArchiveAnswer
    expect(state).toEqual(body)
  })

  it('closes a board nobody has open, and the flag survives a restart', async () => {
    const boardId = await server.createBoard()
    const writer = await connect(boardId)
    insertText(writer, 'kept')
    writer.destroy()
    clients.splice(clients.indexOf(writer), 1)
    await waitFor(() => server.server.stats().rooms === 0)

    const { body } = await post(boardId, 'close')
    await server.restart()

    const client = await connect(boardId)
    expect(readMeeting(client.doc).archivedAt).toBe(Date.parse(body.archivedAt!))
    expect(recordTextOf(client)).toBe('kept')
    await writeRefused(client, 'no ')
    const check = await connect(boardId)
    expect(recordTextOf(check)).toBe('kept')
  })

  it('undoes a client marking an open board as archived', async () => {
    const boardId = await server.createBoard()
    const [a1, a2] = [await connect(boardId, 'facilitator'), await connect(boardId)]
    a1.doc.transact(() => meetingMap(a1.doc).set('archivedAt', 12345))
    await waitFor(() => readMeeting(a1.doc).archivedAt === null && readMeeting(a2.doc).archivedAt === null, {
      message: 'the server to undo the archivedAt a client wrote',
    })
    insertText(a2, 'still open')
    await waitFor(() => recordTextOf(a1) === 'still open')
    expect(((await (await facilitatorFetch(`${server.url}/api/boards/${boardId}/archive`)).json()) as ArchiveAnswer).archived).toBe(false)
  })

  it('closing twice or reopening an open board changes nothing; unknown boards are 404', async () => {
    const boardId = await server.createBoard()
    const first = await post(boardId, 'close')
    const second = await post(boardId, 'close')
    expect(second.body).toEqual(first.body)
    await post(boardId, 'reopen')
    const again = await post(boardId, 'reopen')
    expect(again.body.archived).toBe(false)
    expect(again.body.closures).toHaveLength(1)
    expect((await post(createBoardId(), 'close')).status).toBe(404)
    expect((await fetch(`${server.url}/api/boards/nope/archive`)).status).toBe(404)
  })
})
