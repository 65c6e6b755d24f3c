/**
 * The server's own changes in a turn whose append failed (docs/cluster.md, "A server's own changes
 * in a turn that could not be stored"): a real server on real SQLite whose appends of one board
 * the test makes fail, as a database that is gone. Attendance is the server's own change (no
 * client writes it, no client holds it to send it again): a device that announces its profile
 * while the board cannot be stored, and leaves, is still in the attendance once the board is back.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { AWARENESS_FIELDS } from '../../shared/model/awareness'
import { readParticipants } from '../../shared/model/participant'
import type { BoardStorage } from '../../server/storage/board-storage'
import { openSqliteStorage } from '../../server/storage/sqlite-storage'
import { makeTempDir, removeDir, startTestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { connectAs, newBoard } from './roles-fixtures'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** `storage` whose appends and compactions of `boardId` fail while `down` is set. */
function failing(storage: BoardStorage) {
  const state = { boardId: '', down: false }
  const gone = () => Promise.reject(new Error('the database is gone'))
  const wrapped: BoardStorage = Object.create(storage)
  wrapped.appendUpdates = (writes) => (state.down && writes.some((write) => write.boardId === state.boardId) ? gone() : storage.appendUpdates(writes))
  wrapped.compact = (boardId, ...rest) => (state.down && boardId === state.boardId ? gone() : storage.compact(boardId, ...rest))
  return { storage: wrapped, state }
}

describe('a turn that could not be stored', () => {
  it('keeps the server’s own changes of it, and stores them with the board’s next room', async () => {
    const dataDir = await makeTempDir()
    cleanups.push(() => removeDir(dataDir))
    const database = failing(openSqliteStorage({ dataDir }))
    const server = await startTestServer({ dataDir, storage: database.storage })
    cleanups.push(() => server.close())
    const board = await newBoard(server)
    database.state.boardId = board.id

    const fran = await connectAs(board, 'facilitator', 'fran-key-0123456789abcdef')
    let closedWith: number | null = null
    fran.provider.on('connection-close', (event: { code: number } | null) => {
      // Fran's device leaves for good when the server closes it (before its provider's reconnect
      // timer runs): nobody announces her again.
      if (closedWith !== null) return
      closedWith = event?.code ?? 0
      setImmediate(() => fran.destroy())
    })
    database.state.down = true
    fran.provider.awareness.setLocalStateField(AWARENESS_FIELDS.profile, { userId: 'fran', name: 'Fran', whereabouts: 'onsite', city: 'Leipzig' })
    await waitFor(() => closedWith !== null, { message: 'the server to close Fran’s connection' })
    expect(closedWith).toBe(1011)
    // Its room unloaded, and its last turn could not store the attendance either.
    await waitFor(() => server.logs.some((line) => line.includes('room.own_changes_kept') && line.includes(board.id)), {
      message: 'the room to keep the server’s own changes',
    })

    database.state.down = false
    const ben = await connectAs(board, 'facilitator', 'ben-key-0123456789abcdef')
    cleanups.push(() => ben.destroy())
    await waitFor(() => readParticipants(ben.doc).some((entry) => entry.name === 'Fran'), { message: 'Fran in the attendance' })
    // The server writes on with the board's server id: Ben's attendance after Fran's.
    ben.provider.awareness.setLocalStateField(AWARENESS_FIELDS.profile, { userId: 'ben', name: 'Ben', whereabouts: 'remote', city: 'Kassel' })
    await waitFor(() => readParticipants(ben.doc).length === 2, { message: 'Ben in the attendance' })
    ben.destroy()

    // Stored, not only in this server's memory: a new server on the data directory has it.
    await server.close()
    const next = await startTestServer({ dataDir })
    cleanups.push(() => next.close())
    const later = await connectAs({ ...board, server: next }, 'viewer')
    cleanups.push(() => later.destroy())
    expect(readParticipants(later.doc).map((entry) => [entry.name, entry.city])).toEqual([
      ['Fran', 'Leipzig'],
      ['Ben', 'Kassel'],
    ])
    expect(server.logs.filter((line) => line.includes('room.own_changes_dropped'))).toEqual([])
    // Written with the board's one server id, before and after: Yjs did not take the kept changes for another's.
    expect(later.doc.store.clients.size).toBe(1)
  })
})
