/**
 * Deleting a board (DELETE /api/boards/:id): against a real server and SQLite, with real providers
 * connected. Everything of the board goes, from every table of the database file and from the
 * data directory; its connections are closed with 4410; afterwards it is unknown everywhere.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBoardId } from '../../shared/model/board-id'
import { writeMeeting } from '../../shared/model/meeting'
import { CloseCode } from '../../shared/protocol/close-codes'
import { startTestServer, type TestServer } from '../helpers/server'
import { openRawSocket } from './clients'
import { boardFoldersOf, closeMeeting, filesMentioning, fillBoard, json, PERSONAL_NAMES, rowsMentioning } from './lifecycle-fixtures'
import { api, connectAs, newBoard, type Board } from './roles-fixtures'

let server: TestServer

beforeEach(async () => {
  server = await startTestServer()
})

afterEach(async () => {
  await server.close()
})

const deleteBoard = (board: Board, role: Parameters<typeof api>[1], body?: unknown) =>
  api(board, role, '', { method: 'DELETE', headers: json, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })

describe('deleting a board', () => {
  it('closes both live connections with 4410 and leaves nothing of the board in the database or on disk', async () => {
    const board = await newBoard(server)
    const other = await newBoard(server)
    const { facilitator, participant, assetUrl } = await fillBoard(board)
    await fillBoard(other).then(({ facilitator, participant }) => [facilitator, participant].forEach((client) => client.destroy()))
    await closeMeeting(board)
    // Everything is there before: the checks below can see it.
    const tablesBefore = new Set(rowsMentioning(server.dataDir, board.id).map((row) => row.split(':')[0]))
    // (Its compacted document, the `snapshots` table, comes with the room's first compaction.)
    expect([...tablesBefore]).toEqual(expect.arrayContaining(['assets', 'boards', 'client_ids', 'join_codes', 'updates']))
    expect(boardFoldersOf(server.dataDir, board.id)).toEqual(['assets', 'snapshots', 'archive'])
    const closes = [facilitator, participant].map(
      (client) => new Promise<{ code: number; reason: string }>((resolve) => client.provider.once('closed', resolve)),
    )

    const deleted = await deleteBoard(board, 'facilitator', { confirm: board.id })
    expect(deleted.status).toBe(200)
    expect(await deleted.json()).toEqual({ deleted: board.id })
    for (const closed of await Promise.all(closes)) expect(closed).toEqual({ code: CloseCode.boardDeleted, reason: 'the board was deleted' })

    expect(rowsMentioning(server.dataDir, board.id)).toEqual([])
    // Not even in the database's free pages or its write-ahead log.
    expect(filesMentioning(server.dataDir, board.id)).toEqual([])
    expect(boardFoldersOf(server.dataDir, board.id)).toEqual([])
    for (const endpoint of ['', '/archive', '/snapshots', '/minutes.md']) expect((await api(board, 'facilitator', endpoint)).status).toBe(404)
    expect((await fetch(`${server.url}${assetUrl}`)).status).toBe(404)
    expect((await deleteBoard(board, 'facilitator', { confirm: board.id })).status).toBe(404)
    // A provider coming back, and a fresh socket, hear that the board does not exist.
    const reconnect = new Promise<{ code: number }>((resolve) => participant.provider.once('closed', resolve))
    participant.provider.connect()
    expect((await reconnect).code).toBe(CloseCode.unknownBoard)
    expect((await (await openRawSocket(server.syncUrl, board.id, { k: board.tokens.facilitator })).closed).code).toBe(CloseCode.unknownBoard)

    // The other board is untouched.
    expect((await api(other, 'facilitator', '')).status).toBe(200)
    expect(boardFoldersOf(server.dataDir, other.id)).toEqual(['assets', 'snapshots'])
    expect(rowsMentioning(server.dataDir, other.id).length).toBeGreaterThanOrEqual(4)
    // One log line, with no name in it.
    const lines = server.logs.filter((line) => line.includes('board.deleted'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(board.id)
    for (const name of Object.values(PERSONAL_NAMES)) expect(server.logs.join('\n')).not.toContain(name)
    facilitator.destroy()
    participant.destroy()
  })

  it('is refused to a participant, a viewer and the stage, and without a confirmation naming the board', async () => {
    const board = await newBoard(server)
    for (const role of ['participant', 'viewer', 'stage'] as const) {
      expect((await deleteBoard(board, role, { confirm: board.id })).status).toBe(403)
    }
    expect((await deleteBoard(board, null, { confirm: board.id })).status).toBe(403)
    for (const body of [undefined, {}, { confirm: '' }, { confirm: 'some other board' }, { confirm: 42 }]) {
      const refused = await deleteBoard(board, 'facilitator', body)
      expect(refused.status).toBe(400)
      expect(((await refused.json()) as { error: string }).error).toMatch(/cannot be undone.*"confirm"/)
    }
    expect((await api(board, 'facilitator', '')).status).toBe(200)

    // The board's title confirms as well as its id (spacing aside).
    const facilitator = await connectAs(board, 'facilitator')
    writeMeeting(facilitator.doc, { title: 'Street lab  exchange' })
    await expect.poll(async () => (await deleteBoard(board, 'facilitator', { confirm: ' Street lab exchange ' })).status).toBe(200)
    expect((await api(board, 'facilitator', '')).status).toBe(404)
    facilitator.destroy()
  })

  it('removes at start-up the folders of boards that have no row (a crash between the rows and the files)', async () => {
    const board = await newBoard(server)
    const { facilitator, participant } = await fillBoard(board)
    facilitator.destroy()
    participant.destroy()
    const orphan = createBoardId()
    for (const folder of ['assets', 'snapshots', 'archive']) {
      await mkdir(path.join(server.dataDir, folder, orphan), { recursive: true })
      await writeFile(path.join(server.dataDir, folder, orphan, 'left-over'), 'x')
    }
    // Not named like a board: not the server's to remove.
    await writeFile(path.join(server.dataDir, 'assets', 'README.txt'), 'the operator wrote this')

    await server.restart()
    expect(boardFoldersOf(server.dataDir, orphan)).toEqual([])
    expect(boardFoldersOf(server.dataDir, board.id)).toEqual(['assets', 'snapshots'])
    expect(boardFoldersOf(server.dataDir, 'README.txt')).toEqual(['assets'])
    expect(server.logs.some((line) => line.includes('storage.orphan_files_removed'))).toBe(true)
  })
})
