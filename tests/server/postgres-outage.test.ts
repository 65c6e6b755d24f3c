/**
 * PostgreSQL going away under load, and coming back: real providers write continuously to a real
 * server on PostgreSQL while the database disappears for that server (every connection dropped,
 * new ones refused) and returns.
 *
 * How the outage is made: a TCP relay in front of PostgreSQL for this test's server alone
 * (tests/helpers/tcp-relay.ts). To the server that is what a restart looks like (its connections
 * die mid-statement, connecting is refused until the database is up again), while the machine's
 * PostgreSQL keeps running for the other tests and developers who share it: `pg_ctlcluster
 * restart` would break their runs, and `pg_terminate_backend` alone lets the server reconnect at
 * once, so there would be no time in which the database is gone.
 *
 * The second outage is a database that stops answering without closing anything (the network
 * between them gone, the machine frozen): the server's statements time out instead of waiting
 * for ever (postgres-storage.ts `queryTimeoutMs`), and the same must hold.
 *
 * What must hold: clients are told (their socket closes, so they show "reconnecting" and keep
 * their changes as unsent), `/readyz` says 503 while the database is gone and 200 after, nothing
 * any client was sent back (stored before broadcast) is lost, the clients' changes made during
 * the outage arrive once it is over, and all of this without anyone restarting anything.
 */
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { createLogger } from '../../server/log'
import { REPEAT_WINDOW_MS } from '../../server/log-repeats'
import { applyStoredDocument, type BoardStorage } from '../../server/storage/board-storage'
import { openPostgresStorage } from '../../server/storage/postgres-storage'
import { DEFAULT_ROOM_IDLE_MS } from '../../server/sync/rooms'
import { CloseCode } from '../../shared/protocol/close-codes'
import { parseExposition } from '../helpers/exposition'
import { dropSchema, freshSchema, postgresUnavailable, TEST_DATABASE_URL } from '../helpers/postgres'
import { startTestServer } from '../helpers/server'
import { tcpRelay, throughRelay, type TcpRelay } from '../helpers/tcp-relay'
import { waitFor } from '../helpers/wait'
import { connectClient, type SyncClient } from './clients'

const withoutPostgres = await postgresUnavailable()
if (withoutPostgres !== null) console.warn(`PostgreSQL outage tests skipped: ${withoutPostgres}`)

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const WRITERS = 3
const WRITE_EVERY_MS = 15

/** A writer's entries: one key per write in its own map, so every write can be looked for afterwards. */
function entriesOf(doc: Y.Doc, writer: number): Y.Map<number> {
  return doc.getMap<number>(`writer-${writer}`)
}

/** Every `writer:n` key the document holds. */
function keysIn(doc: Y.Doc): Set<string> {
  const keys = new Set<string>()
  for (let writer = 0; writer < WRITERS; writer++) for (const key of entriesOf(doc, writer).keys()) keys.add(`${writer}:${key}`)
  return keys
}

async function readiness(url: string): Promise<number> {
  const response = await fetch(`${url}/readyz`)
  await response.body?.cancel()
  return response.status
}

interface Outage {
  /** Opens the server's storage on the database behind the relay. */
  storage(url: string, schema: string): Promise<BoardStorage>
  /** Takes the database away from the server. */
  begin(relay: TcpRelay): Promise<void> | void
}

/**
 * The scenario both outages share: writers write continuously, the database goes away and comes
 * back; checks everything the file's comment says.
 */
async function writeThroughOutage(outage: Outage): Promise<void> {
  const database = new URL(TEST_DATABASE_URL)
  const relay = await tcpRelay(database.hostname, Number(database.port || 5432))
  cleanups.push(() => relay.cut())
  const schema = freshSchema()
  cleanups.push(() => dropSchema(schema))
  // The production grace period, so that a room whose write failed must be dropped, not reused.
  const server = await startTestServer({ storage: await outage.storage(throughRelay(TEST_DATABASE_URL, relay), schema), roomIdleMs: DEFAULT_ROOM_IDLE_MS })
  cleanups.push(() => server.close())
  const board = await server.createBoard()

  // The observer only ever receives what the server stored: what it sees is acknowledged.
  const observer = connectClient(server.syncUrl, board)
  cleanups.push(() => observer.destroy())
  await observer.synced()
  const acknowledged = new Set<string>()
  observer.doc.on('update', () => {
    for (const key of keysIn(observer.doc)) acknowledged.add(key)
  })

  const writers: SyncClient[] = []
  const disconnects = new Array<number>(WRITERS).fill(0)
  for (let i = 0; i < WRITERS; i++) {
    const writer = connectClient(server.syncUrl, board)
    cleanups.push(() => writer.destroy())
    writer.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'disconnected') disconnects[i]!++
    })
    await writer.synced()
    writers.push(writer)
  }
  const written = new Set<string>()
  let next = 0
  const writing = setInterval(() => {
    const n = next++
    for (const [i, writer] of writers.entries()) {
      entriesOf(writer.doc, i).set(String(n), n)
      written.add(`${i}:${n}`)
    }
  }, WRITE_EVERY_MS)
  cleanups.push(() => clearInterval(writing))

  await waitFor(() => acknowledged.size >= 30 * WRITERS, { message: 'writes to be acknowledged before the outage' })
  expect(await readiness(server.url)).toBe(200)

  await outage.begin(relay)
  const outageAt = next
  // Told: every writer's socket is closed by the server (it cannot store), so each shows the
  // connection as lost and keeps what it writes meanwhile as unsent.
  await waitFor(() => disconnects.every((count) => count > 0), { timeout: 15_000, message: 'every writer to be told' })
  expect(await readiness(server.url)).toBe(503)
  // Some writing while the database is gone: none of it may be acknowledged.
  await waitFor(() => next >= outageAt + 40)
  const acknowledgedDuringOutage = [...acknowledged].filter((key) => Number(key.split(':')[1]) > outageAt + 5)
  expect(acknowledgedDuringOutage).toEqual([])

  await relay.restore()
  await waitFor(async () => (await readiness(server.url)) === 200, { timeout: 15_000, message: 'the server to reach the database again' })
  const restoredAt = next
  await waitFor(() => next >= restoredAt + 20, { message: 'some writing after the outage' })
  clearInterval(writing)
  // Recovered by itself: the writers reconnect, and their writes from before, during and after
  // the outage are all stored and sent back.
  await waitFor(() => [...written].every((key) => acknowledged.has(key)), { timeout: 20_000, message: 'every write to be acknowledged' })

  // The storage calls that failed are in the metrics.
  const metrics = parseExposition(await (await fetch(`${server.url}/metrics`)).text())
  expect(metrics.get('gatherboard_storage_failures_total{operation="append"}')).toBeGreaterThan(0)

  for (const client of [...writers, observer]) client.destroy()
  await server.close()

  // What the database holds, read afresh: everything acknowledged, which is everything written.
  const storage = await openPostgresStorage({ url: TEST_DATABASE_URL, schema, logger: silent })
  const doc = new Y.Doc()
  applyStoredDocument(doc, await storage.loadDocument(board))
  await storage.close()
  const stored = keysIn(doc)
  expect([...acknowledged].filter((key) => !stored.has(key))).toEqual([])
  expect(stored.size).toBe(written.size)
}

const silent = createLogger({ level: 'silent' })

/** Opens a sync connection to the board and resolves with the code the server closes it with. */
function closeCodeOf(syncUrl: string, boardId: string): Promise<number> {
  return new Promise((resolve) => {
    // Without a link: the board is looked up before anything else, and that is what fails.
    const socket = new WebSocket(`${syncUrl}/${boardId}`)
    socket.on('close', (code) => resolve(code))
    socket.on('error', () => {})
  })
}

describe.skipIf(withoutPostgres !== null)('PostgreSQL gone under load', () => {
  it('gone (its connections dropped, connecting refused): tells the clients, loses nothing acknowledged, recovers by itself', { timeout: 60_000 }, async () => {
    await writeThroughOutage({
      storage: (url, schema) => openPostgresStorage({ url, schema, logger: silent }),
      begin: (relay) => relay.cut(),
    })
  })

  it('logs a connection that cannot be set up once, then the repeats of that board and cause as one line a window', { timeout: 60_000 }, async () => {
    const database = new URL(TEST_DATABASE_URL)
    const relay = await tcpRelay(database.hostname, Number(database.port || 5432))
    cleanups.push(() => relay.cut())
    const schema = freshSchema()
    cleanups.push(() => dropSchema(schema))
    const server = await startTestServer({ storage: await openPostgresStorage({ url: throughRelay(TEST_DATABASE_URL, relay), schema, logger: silent }) })
    cleanups.push(() => server.close())
    const board = await server.createBoard()
    await relay.cut()
    // Clients retrying while the database is gone: each attempt fails the same way.
    const ATTEMPTS = 12
    for (let i = 0; i < ATTEMPTS; i++) expect(await closeCodeOf(server.syncUrl, board)).toBe(CloseCode.internalError)
    const failures = () => server.logs.filter((line) => line.includes('connection.setup_failed'))
    // The first at once and in full; the rest counted, not written.
    expect(failures()).toHaveLength(1)
    expect(failures()[0]).toContain(`board=${board}`)
    expect(failures()[0]).not.toContain('repeats=')
    const report = await waitFor(() => failures().find((line) => line.includes('repeats=')), { timeout: REPEAT_WINDOW_MS + 10_000, message: 'the repeats to be reported' })
    expect(report).toContain(`repeats=${ATTEMPTS - 1}`)
    expect(report).toMatch(/^\S+ ERROR connection\.setup_failed /)
    expect(failures()).toHaveLength(2)
    await relay.restore()
  })

  it('silent (connections held, nothing answered): statements time out, and the same holds', { timeout: 60_000 }, async () => {
    await writeThroughOutage({
      // A short statement timeout, so that the test waits seconds, not the default's fifteen.
      storage: (url, schema) => openPostgresStorage({ url, schema, logger: silent, queryTimeoutMs: 1_000 }),
      begin: (relay) => relay.stall(),
    })
  })
})
