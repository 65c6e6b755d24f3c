/**
 * Durability: what a client has seen survives a restart, a kill -9 and a SIGTERM, also with several
 * boards written in the same turns; an update storage refuses is never sent; stored size
 * follows content thanks to compaction.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openSqliteStorage, DATABASE_FILE } from '../../server/storage/sqlite-storage'
import { applyStoredDocument, type BoardStorage } from '../../server/storage/board-storage'
import type { ServerHooks, StoreDocumentContext } from '../../server/hooks'
import { LINK_TOKEN_PARAM } from '../../shared/model/roles'
import { createBoard, makeTempDir, removeDir, spawnServer, startTestServer, tokenOf, type ServerProcess } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { connectClient, connectSynced, textOf, type SyncClient } from './clients'
import { missingFrom, seenUntilKilled } from './kill-mid-stream'

const cleanups: (() => Promise<void> | void)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function track(client: SyncClient): SyncClient {
  cleanups.push(() => client.destroy())
  return client
}

async function spawnTracked(dataDir: string, options: { pinToCore?: number } = {}): Promise<ServerProcess> {
  const child = await spawnServer({ dataDir, ...options })
  cleanups.push(async () => {
    if (child.child.exitCode === null && child.child.signalCode === null) await child.kill('SIGKILL')
  })
  return child
}

/** A second connection to the same database, as an operator's tool would open it. */
function inspectStorage(dataDir: string): BoardStorage {
  const storage = openSqliteStorage({ dataDir })
  cleanups.push(() => storage.close())
  return storage
}

/** `getText('t')` of the board's document as storage holds it (compacted document and update log). */
async function storedText(storage: BoardStorage, boardId: string): Promise<string> {
  const doc = new Y.Doc()
  applyStoredDocument(doc, await storage.loadDocument(boardId))
  const text = doc.getText('t').toString()
  doc.destroy()
  return text
}

async function tempDir(): Promise<string> {
  const dir = await makeTempDir()
  cleanups.push(() => removeDir(dir))
  return dir
}

describe('persistence', () => {
  it('a restarted server serves the board intact, and connected clients carry on', async () => {
    const server = await startTestServer()
    cleanups.push(() => server.close())
    const boardId = await server.createBoard()
    const a = track(await connectSynced(server.syncUrl, boardId))
    const b = track(await connectSynced(server.syncUrl, boardId))
    a.doc.getText('t').insert(0, 'before restart')
    await waitFor(() => textOf(b) === 'before restart')

    await server.restart()
    const fresh = track(await connectSynced(server.syncUrl, boardId))
    expect(textOf(fresh)).toBe('before restart')

    // The old providers reconnect to the new process on the same port.
    await waitFor(() => a.provider.synced && b.provider.synced)
    a.doc.getText('t').insert(0, 'after ')
    await waitFor(() => textOf(b) === 'after before restart' && textOf(fresh) === 'after before restart')
  })

  it('kill -9 at any moment loses nothing another client has seen', async () => {
    const dataDir = await tempDir()
    const first = await spawnTracked(dataDir)
    const boardId = await createBoard(first.url)
    const writer = track(await connectSynced(first.syncUrl, boardId))
    const witness = track(await connectSynced(first.syncUrl, boardId))
    // The writer keeps writing while the server is killed mid-stream.
    const seen = await seenUntilKilled(writer, witness, 300, () => first.kill('SIGKILL'))
    expect(seen.length).toBeGreaterThanOrEqual(300)

    const second = await spawnTracked(dataDir)
    const fresh = track(await connectSynced(second.syncUrl, boardId))
    expect(missingFrom(fresh, seen)).toEqual([])
    await second.kill('SIGTERM')
  })

  it('kill -9 loses nothing seen on any of several boards written in the same turns', async () => {
    const dataDir = await tempDir()
    const first = await spawnTracked(dataDir)
    const boards = await Promise.all(Array.from({ length: 4 }, () => createBoard(first.url)))
    const pairs = await Promise.all(
      boards.map(async (boardId) => ({
        boardId,
        writer: track(await connectSynced(first.syncUrl, boardId)),
        witness: track(await connectSynced(first.syncUrl, boardId)),
      })),
    )

    // Every tick writes to all boards, so most server turns carry updates of several rooms.
    let next = 0
    const writing = setInterval(() => {
      next++
      for (const { writer } of pairs) writer.doc.getArray<number>('list').push([next])
    }, 1)
    cleanups.push(() => clearInterval(writing))
    await waitFor(() => pairs.every(({ witness }) => witness.doc.getArray('list').length >= 150))
    await first.kill('SIGKILL')
    clearInterval(writing)
    for (const { writer } of pairs) writer.provider.disconnect()
    await waitFor(() => pairs.every(({ witness }) => !witness.provider.wsconnected))

    const second = await spawnTracked(dataDir)
    for (const { boardId, witness } of pairs) {
      witness.provider.disconnect()
      const seen = witness.doc.getArray<number>('list').toArray()
      const fresh = track(await connectSynced(second.syncUrl, boardId))
      const recovered = new Set(fresh.doc.getArray<number>('list').toArray())
      expect(seen.filter((value) => !recovered.has(value))).toEqual([])
    }
    await second.kill('SIGTERM')
  })

  // With a grace period the failed room must still not be reused: its doc holds what storage lacks.
  it.each([
    ['unloading empty rooms at once', 0],
    ['with a grace period for empty rooms', 60_000],
  ])('an update that cannot be stored is not sent; its writer keeps it and it is stored later (%s)', async (_, roomIdleMs) => {
    const server = await startTestServer({ roomIdleMs })
    cleanups.push(() => server.close())
    const boardId = await server.createBoard()
    const writer = track(await connectSynced(server.syncUrl, boardId))
    const witness = track(await connectSynced(server.syncUrl, boardId))
    const closes: { code: number; text: string }[] = []
    witness.provider.on('connection-close', (event) => {
      if (event) closes.push({ code: event.code, text: textOf(witness) })
    })

    // Another process holding the write lock makes the server's append fail (after its busy timeout).
    const blocker = new Database(path.join(server.dataDir, DATABASE_FILE))
    cleanups.push(() => void blocker.close())
    blocker.exec('BEGIN IMMEDIATE')
    writer.doc.getText('t').insert(0, 'kept')
    await waitFor(() => closes.some(({ code }) => code === 1011), { timeout: 20_000, message: 'the room to close with 1011' })
    blocker.exec('ROLLBACK')
    // The witness was closed without having seen the unstored update...
    expect(closes.find(({ code }) => code === 1011)?.text).toBe('')

    // ...after reconnecting everybody has it, and what they have seen is in storage (a kill -9
    // now would lose nothing)...
    await waitFor(() => textOf(witness) === 'kept', { timeout: 20_000 })
    expect(await storedText(inspectStorage(server.dataDir), boardId)).toBe('kept')
    // ...and once the room unloads it is in storage.
    writer.provider.disconnect()
    witness.provider.disconnect()
    await server.restart()
    const fresh = track(await connectSynced(server.syncUrl, boardId))
    expect(textOf(fresh)).toBe('kept')
  }, 40_000)

  it('SIGTERM closes clients with 1001, stores everything and exits 0', async () => {
    const dataDir = await tempDir()
    const child = await spawnTracked(dataDir)
    const boardId = await createBoard(child.url)
    const a = track(await connectSynced(child.syncUrl, boardId))
    const b = track(await connectSynced(child.syncUrl, boardId))
    for (let i = 0; i < 20; i++) a.doc.getText('t').insert(0, `${i},`)
    await waitFor(() => textOf(b) === textOf(a))
    const closeCodes: number[] = []
    b.provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code)
    })

    expect(await child.kill('SIGTERM')).toEqual({ code: 0, signal: null })
    expect(closeCodes).toContain(1001)
    expect(child.output()).toContain('server.stopped')
    a.provider.disconnect()
    b.provider.disconnect()

    // Shutdown folded the log into the compacted document...
    const stats = await inspectStorage(dataDir).documentStats(boardId)
    expect(stats.updateRows).toBe(0)
    expect(stats.compactedBytes).toBeGreaterThan(0)
    // ...and a new process serves it.
    const second = await spawnTracked(dataDir)
    const fresh = track(await connectSynced(second.syncUrl, boardId))
    expect(textOf(fresh)).toBe(textOf(a))
    await second.kill('SIGTERM')
  })

  it('on one core the server restarts itself with a single-threaded GC, and still shuts down cleanly', async () => {
    const dataDir = await tempDir()
    const child = await spawnTracked(dataDir, { pinToCore: 0 })
    expect(child.output()).toContain('gc=single-threaded')
    const boardId = await createBoard(child.url)
    const a = track(await connectSynced(child.syncUrl, boardId))
    a.doc.getText('t').insert(0, 'one core')
    const fresh = track(await connectSynced(child.syncUrl, boardId))
    await waitFor(() => textOf(fresh) === 'one core')
    // SIGTERM reaches the relaunched server through the first process, which exits with its status.
    expect(await child.kill('SIGTERM')).toEqual({ code: 0, signal: null })
    expect(child.output()).toContain('server.stopped')
  })

  it('compaction folds many updates into a compacted document whose size follows the content', async () => {
    const server = await startTestServer({ compaction: { maxPendingUpdates: 100 } })
    cleanups.push(() => server.close())
    const boardId = await server.createBoard()
    const a = track(await connectSynced(server.syncUrl, boardId))
    const b = track(await connectSynced(server.syncUrl, boardId))
    const storage = inspectStorage(server.dataDir)

    // Each write waits for its echo so that every one is its own turn and its own log row.
    const map = a.doc.getMap<string>('m')
    let appendedBytes = 0
    const onUpdate = (update: Uint8Array) => (appendedBytes += update.length)
    a.doc.on('update', onUpdate)
    for (let i = 0; i < 250; i++) {
      map.set('title', `revision ${i} ${'x'.repeat(100)}`)
      await waitFor(() => b.doc.getMap('m').get('title') === map.get('title'))
    }
    a.doc.off('update', onUpdate)

    await waitFor(async () => (await storage.documentStats(boardId)).compactedBytes > 0, { message: 'a compaction' })
    const stats = await storage.documentStats(boardId)
    expect(stats.updateRows).toBeLessThanOrEqual(101)
    // 250 revisions were written, but only the last one is content.
    expect(appendedBytes).toBeGreaterThan(25_000)
    expect(stats.compactedBytes).toBeLessThan(1_000)

    // Unloading the room (last client leaves) folds the rest.
    a.destroy()
    b.destroy()
    await waitFor(() => server.server.stats().rooms === 0)
    expect((await storage.documentStats(boardId)).updateRows).toBe(0)
    const fresh = track(await connectSynced(server.syncUrl, boardId))
    expect(fresh.doc.getMap('m').get('title')).toBe(`revision 249 ${'x'.repeat(100)}`)
  })

  it('an idle room is compacted on a timer', async () => {
    const server = await startTestServer({ compaction: { idleMs: 0 } })
    cleanups.push(() => server.close())
    const boardId = await server.createBoard()
    const a = track(await connectSynced(server.syncUrl, boardId))
    a.doc.getText('t').insert(0, 'idle')
    const storage = inspectStorage(server.dataDir)
    await waitFor(async () => (await storage.documentStats(boardId)).compactedBytes > 0, { timeout: 20_000, message: 'idle compaction' })
    expect((await storage.documentStats(boardId)).updateRows).toBe(0)
    expect(server.server.stats().rooms).toBe(1)
  })

  it('without persistence nothing is written to the data dir', async () => {
    const server = await startTestServer({ persistence: false })
    cleanups.push(() => server.close())
    const boardId = await server.createBoard()
    const a = track(await connectSynced(server.syncUrl, boardId))
    const b = track(await connectSynced(server.syncUrl, boardId))
    a.doc.getText('t').insert(0, 'ephemeral')
    await waitFor(() => textOf(b) === 'ephemeral')
    expect(existsSync(path.join(server.dataDir, DATABASE_FILE))).toBe(false)
  })
})

describe('rooms', () => {
  it('an empty room is unloaded, and memory does not keep boards nobody is connected to', async () => {
    const server = await startTestServer()
    cleanups.push(() => server.close())
    const boardId = await server.createBoard()
    const a = connectClient(server.syncUrl, boardId)
    const b = connectClient(server.syncUrl, boardId)
    await Promise.all([a.synced(), b.synced()])
    expect(server.server.stats()).toMatchObject({ rooms: 1, connections: 2 })
    a.doc.getText('t').insert(0, 'kept')
    await waitFor(() => textOf(b) === 'kept')
    a.destroy()
    await waitFor(() => server.server.stats().connections === 1)
    expect(server.server.stats().rooms).toBe(1)
    b.destroy()
    await waitFor(() => server.server.stats().rooms === 0 && server.server.stats().connections === 0)

    // Many boards opened one after another leave nothing loaded behind.
    for (let i = 0; i < 20; i++) {
      const client = connectClient(server.syncUrl, await server.createBoard())
      await client.synced()
      client.destroy()
    }
    await waitFor(() => server.server.stats().rooms === 0)

    const again = track(await connectSynced(server.syncUrl, boardId))
    expect(textOf(again)).toBe('kept')
  })

  it('concurrent first connections share one load of the room', async () => {
    const server = await startTestServer()
    cleanups.push(() => server.close())
    const boardId = await server.createBoard()
    const clients = Array.from({ length: 8 }, () => track(connectClient(server.syncUrl, boardId)))
    await Promise.all(clients.map((client) => client.synced()))
    expect(server.server.stats().rooms).toBe(1)
    expect(server.logs.filter((line) => line.includes('room.loaded')).length).toBe(1)
    clients[0]!.doc.getText('t').insert(0, 'all')
    await waitFor(() => clients.every((client) => textOf(client) === 'all'))
  })

  describe('the grace period of an empty room (ROOM_IDLE_MS)', () => {
    /** The server's own hooks, watched: every load of a room from storage and every compaction. */
    function watchRooms(): { loads: string[]; stores: StoreDocumentContext['reason'][]; hooks: ServerHooks } {
      const loads: string[] = []
      const stores: StoreDocumentContext['reason'][] = []
      return {
        loads,
        stores,
        hooks: {
          onLoadDocument: ({ boardId }) => void loads.push(boardId),
          onStoreDocument: ({ reason }) => void stores.push(reason),
        },
      }
    }

    /** A server with the given grace period and watched hooks, and a board on it. */
    async function watchedServer(roomIdleMs: number) {
      const watched = watchRooms()
      const server = await startTestServer({ roomIdleMs, hooks: watched.hooks })
      cleanups.push(() => server.close())
      const boardId = await server.createBoard()
      return { watched, server, boardId, storage: inspectStorage(server.dataDir) }
    }

    it('a viewer connecting and dropping in a loop does not make the server load the board each time', async () => {
      const { watched, server, boardId, storage } = await watchedServer(60_000)
      const writer = await connectSynced(server.syncUrl, boardId)
      writer.doc.getText('t').insert(0, 'the board')
      await waitFor(async () => (await storage.documentStats(boardId)).updateRows > 0)
      writer.destroy()

      const viewer = { [LINK_TOKEN_PARAM]: tokenOf(boardId, 'viewer')! }
      for (let i = 0; i < 20; i++) {
        await waitFor(() => server.server.stats().connections === 0)
        const client = await connectSynced(server.syncUrl, boardId, viewer)
        expect(textOf(client)).toBe('the board')
        client.destroy()
      }
      await waitFor(() => server.server.stats().connections === 0)
      expect(watched.loads).toEqual([boardId])
      expect(server.logs.filter((line) => line.includes('room.loaded')).length).toBe(1)
      expect(server.server.stats().rooms).toBe(1)
      expect(watched.stores).not.toContain('unload')
    })

    it('unloads the room once nobody came back within it, storing everything first; a later visitor gets it all', async () => {
      const { watched, server, boardId, storage } = await watchedServer(1_000)
      const a = await connectSynced(server.syncUrl, boardId)
      a.doc.getText('t').insert(0, 'kept')
      const b = await connectSynced(server.syncUrl, boardId)
      await waitFor(() => textOf(b) === 'kept')
      a.destroy()
      b.destroy()
      await waitFor(() => server.server.stats().connections === 0)
      // Empty, but still loaded: someone reconnecting now takes it up as it is.
      expect(server.server.stats().rooms).toBe(1)
      const back = await connectSynced(server.syncUrl, boardId)
      back.doc.getText('t').insert(4, ' and more')
      await waitFor(async () => (await storage.documentStats(boardId)).updateRows >= 2)
      back.destroy()
      const leftAt = Date.now()
      expect(watched.loads).toHaveLength(1)

      await waitFor(() => server.server.stats().rooms === 0, { message: 'the room to unload' })
      // The grace period started again when the last of them left.
      expect(Date.now() - leftAt).toBeGreaterThanOrEqual(900)
      expect(watched.stores).toContain('unload')
      const stored = await storage.documentStats(boardId)
      expect(stored.updateRows).toBe(0)
      expect(stored.compactedBytes).toBeGreaterThan(0)

      const later = track(await connectSynced(server.syncUrl, boardId))
      expect(textOf(later)).toBe('kept and more')
      expect(watched.loads).toHaveLength(2)
    })

    it('shutdown does not wait for the grace period: the empty room is stored and the server stops at once', async () => {
      const { watched, server, boardId, storage } = await watchedServer(10 * 60_000)
      const a = await connectSynced(server.syncUrl, boardId)
      a.doc.getText('t').insert(0, 'stored on shutdown')
      await waitFor(async () => (await storage.documentStats(boardId)).updateRows > 0)
      a.destroy()
      await waitFor(() => server.server.stats().connections === 0)
      expect(server.server.stats().rooms).toBe(1)

      const stopping = Date.now()
      await server.stop()
      expect(Date.now() - stopping).toBeLessThan(5_000)
      expect(watched.stores).toContain('unload')
      expect((await storage.documentStats(boardId)).updateRows).toBe(0)

      await server.resume()
      const fresh = track(await connectSynced(server.syncUrl, boardId))
      expect(textOf(fresh)).toBe('stored on shutdown')
    })
  })
})
