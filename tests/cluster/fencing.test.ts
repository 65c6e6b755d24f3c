/**
 * The fence on its own (docs/cluster.md): a server whose room was taken over while it still has
 * it loaded (it was paused, say) writes with its old fencing number, and the database refuses
 * that; the server sends its clients on (1012) instead of failing them, and what they wrote
 * reaches the board through the next owner, once. One real server in this process, on PostgreSQL
 * and Redis; the other server is played by a lease and a fenced write of its own.
 */
import { randomBytes } from 'node:crypto'
import { createClient } from 'redis'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { RoomLeases, type RedisClient } from '../../server/cluster/lease'
import { createLogger } from '../../server/log'
import { applyStoredDocument, type BoardStorage } from '../../server/storage/board-storage'
import { openPostgresStorage } from '../../server/storage/postgres-storage'
import { CloseCode } from '../../shared/protocol/close-codes'
import { dropSchema, freshSchema, postgresUnavailable, TEST_DATABASE_URL } from '../helpers/postgres'
import { redisUnavailable, TEST_REDIS_URL } from '../helpers/redis'
import { createBoard, startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { connectClient, textOf, type SyncClient } from '../server/clients'

const unavailable = (await postgresUnavailable()) ?? (await redisUnavailable())
if (unavailable) console.warn(`skipping the fencing test: ${unavailable}`)

/** Long, so that the server's renewal (every third of it) does not notice the take-over before its write does. */
const LEASE_TTL_MS = 60_000

describe.skipIf(unavailable !== null)('a server whose room was taken over', () => {
  let server: TestServer | null = null
  let storage: BoardStorage | null = null
  let redis: RedisClient | null = null
  let client: SyncClient | null = null
  let schema = freshSchema()
  let prefix = ''

  beforeEach(() => {
    schema = freshSchema()
    prefix = `gatherboard-test-${randomBytes(6).toString('hex')}:`
  })

  afterEach(async () => {
    client?.destroy()
    await server?.close()
    await storage?.close()
    if (redis) {
      const keys = await redis.keys(`${prefix}*`)
      if (keys.length > 0) await redis.del(keys)
      await redis.close()
    }
    await dropSchema(schema)
    client = server = storage = redis = null
  })

  /** Server "a" with a client that has stored "before"; then "b" takes the room over (fence 2, written). */
  async function takenOver() {
    server = await startTestServer({
      databaseUrl: TEST_DATABASE_URL,
      databaseSchema: schema,
      redisUrl: TEST_REDIS_URL,
      redisKeyPrefix: prefix,
      cluster: { serverId: 'a', secret: randomBytes(24).toString('base64url'), address: null, leaseTtlMs: LEASE_TTL_MS, prefix },
    })
    storage = await openPostgresStorage({ url: TEST_DATABASE_URL, schema, logger: createLogger({ level: 'silent' }) })
    redis = createClient({ url: TEST_REDIS_URL })
    await redis.connect()
    const boardId = await createBoard(server.url)
    const writer = (client = connectClient(server.syncUrl, boardId))
    await writer.synced()
    const closes: number[] = []
    writer.provider.on('connection-close', (event: { code: number } | null) => event && closes.push(event.code))
    writer.doc.getText('t').insert(0, 'before')
    await waitFor(async () => (await storedText(storage!, boardId)) === 'before', { message: 'the first edit to be stored' })

    // As if a's lease had run out and b had taken the room and written with its fence.
    await redis.del(`${prefix}lease:${boardId}`)
    const leasesOfB = new RoomLeases(redis, { serverId: 'b', ttlMs: LEASE_TTL_MS, prefix })
    const leaseOfB = (await leasesOfB.acquire(boardId))!
    expect(leaseOfB.fence).toBe(2)
    await storage.appendUpdates([{ boardId, updates: [], clientIds: [], fence: leaseOfB.fence }])
    return { boardId, writer, closes, server, storage, redis, release: () => leasesOfB.release(leaseOfB) }
  }

  it('cannot write: its append is refused, its clients are sent on with 1012, and their edits arrive once through the next owner', async () => {
    const { boardId, writer, closes, server, storage, redis, release } = await takenOver()
    writer.doc.getText('t').insert(6, ' after')
    await waitFor(() => closes.includes(CloseCode.serviceRestart), { message: 'the client to be sent on with 1012' })
    expect(server.logs.some((line) => /room\.fence_refused .*fence=1 recorded=2/.test(line))).toBe(true)
    expect(server.logs.some((line) => line.includes('room.append_failed'))).toBe(false)
    expect(await storedText(storage, boardId)).toBe('before')

    // b lets the room go; the client comes back, a takes the room with a new fence, and the
    // edit that was refused arrives from the client's copy.
    await release()
    await waitFor(async () => (await storedText(storage, boardId)) === 'before after', { timeout: 20_000, message: 'the refused edit through the next owner' })
    expect(textOf(writer)).toBe('before after')
    expect(await redis.get(`${prefix}lease:${boardId}`)).toBe('a 3')
    // The metrics count both claims of a (fences 1 and 3).
    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    expect(metrics).toMatch(/^gatherboard_lease_changes_total\{change="acquired"\} 2$/m)
  })

  it('after Redis lost its fence counters (a restart), the first refusal raises the counter and the next owner writes', async () => {
    const { boardId, writer, closes, server, storage, redis, release } = await takenOver()
    await release()
    // Redis restarted without persistence: the counter is gone, the database remembers fence 2.
    await redis.del(`${prefix}fence:${boardId}`)
    writer.doc.getText('t').insert(6, ' after')
    // a's room was taken over (its fence 1 is refused)...
    await waitFor(() => closes.includes(CloseCode.serviceRestart), { message: 'the client to be sent on with 1012' })
    // ...and its next claim draws 3, above what the database has seen, instead of 1 again.
    await waitFor(async () => (await storedText(storage, boardId)) === 'before after', { timeout: 20_000, message: 'the edit through the next claim' })
    expect(await redis.get(`${prefix}lease:${boardId}`)).toBe('a 3')
    expect(server.logs.filter((line) => line.includes('room.fence_refused'))).toHaveLength(1)
  })
})

/** The text the board's stored document holds. */
async function storedText(storage: BoardStorage, boardId: string): Promise<string> {
  const doc = new Y.Doc()
  try {
    applyStoredDocument(doc, await storage.loadDocument(boardId))
    return doc.getText('t').toString()
  } finally {
    doc.destroy()
  }
}
