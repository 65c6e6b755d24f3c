/**
 * "Stored before broadcast" on a storage that takes its time (as a database server does): a real
 * server on real SQLite, whose appends for one board the test holds back. While a room's write is
 * held, nobody receives its update, a client joining gets no sync answer (it would carry the
 * update), and other boards' rooms go on; once the write is stored, everyone gets it.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { BoardStorage, BoardWrite } from '../../server/storage/board-storage'
import { openSqliteStorage } from '../../server/storage/sqlite-storage'
import { makeTempDir, removeDir, startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { connectClient, connectSynced, insertText, recordTextOf, type SyncClient } from './clients'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** `storage` with a gate on the appends of one board: while it is shut, they wait. */
function gated(storage: BoardStorage) {
  let heldBoard: string | null = null
  let open: () => void = () => {}
  let shut: Promise<void> = Promise.resolve()
  const waiting: BoardWrite[][] = []
  const gatedStorage: BoardStorage = Object.create(storage)
  gatedStorage.appendUpdates = async (writes) => {
    if (heldBoard !== null && writes.some((write) => write.boardId === heldBoard)) {
      waiting.push([...writes])
      await shut
    }
    return storage.appendUpdates(writes)
  }
  return {
    storage: gatedStorage,
    waiting,
    hold(boardId: string) {
      heldBoard = boardId
      shut = new Promise((resolve) => (open = resolve))
    },
    release() {
      heldBoard = null
      open()
    },
  }
}

function track<T extends SyncClient>(client: T): T {
  cleanups.push(() => client.destroy())
  return client
}

describe('a slow storage', () => {
  it('holds back a room’s update and its sync answers until stored, and no other room', async () => {
    const dataDir = await makeTempDir()
    cleanups.push(() => removeDir(dataDir))
    const gate = gated(openSqliteStorage({ dataDir }))
    const server: TestServer = await startTestServer({ dataDir, storage: gate.storage })
    cleanups.push(() => server.close())
    const [held, other] = [await server.createBoard(), await server.createBoard()]
    const writer = track(await connectSynced(server.syncUrl, held))
    const reader = track(await connectSynced(server.syncUrl, held))
    const [otherWriter, otherReader] = [track(await connectSynced(server.syncUrl, other)), track(await connectSynced(server.syncUrl, other))]

    gate.hold(held)
    insertText(writer, 'held back')
    await waitFor(() => gate.waiting.length > 0, { message: 'the write to reach the storage' })
    const joining = track(connectClient(server.syncUrl, held))
    await waitFor(() => joining.provider.wsconnected, { message: 'the joining client to connect' })
    // Another board's room goes on meanwhile: its update is stored and sent...
    insertText(otherWriter, 'goes on')
    await waitFor(() => recordTextOf(otherReader) === 'goes on', { message: 'the other board to go on' })
    // ...and then its writer's second update too, so the server has handled both rooms' turns since.
    insertText(otherWriter, 'still ')
    await waitFor(() => recordTextOf(otherReader) === 'still goes on')
    expect(recordTextOf(reader)).toBe('')
    expect(joining.provider.synced).toBe(false)
    expect(gate.waiting.every((writes) => writes.every((write) => write.boardId === held))).toBe(true)

    gate.release()
    await joining.synced()
    expect(recordTextOf(joining)).toBe('held back')
    await waitFor(() => recordTextOf(reader) === 'held back')
    expect((await gate.storage.documentStats(held)).updateRows).toBeGreaterThan(0)
  })
})
