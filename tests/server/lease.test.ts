/**
 * Room leases in the real Redis (server/cluster/lease.ts), each test under a key prefix of its
 * own, and PostgreSQL refusing the writes of a server whose lease was taken over: two servers'
 * storages and leases on one database and one Redis. Without Redis or PostgreSQL: see
 * tests/helpers/redis.ts and tests/helpers/postgres.ts.
 */
import { randomBytes } from 'node:crypto'
import { createClient } from 'redis'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RoomLeases, type RedisClient } from '../../server/cluster/lease'
import { createLogger } from '../../server/log'
import type { BoardStorage } from '../../server/storage/board-storage'
import { openPostgresStorage } from '../../server/storage/postgres-storage'
import { dropSchema, freshSchema, postgresUnavailable, TEST_DATABASE_URL } from '../helpers/postgres'
import { redisUnavailable, TEST_REDIS_URL } from '../helpers/redis'
import { waitFor } from '../helpers/wait'

const withoutRedis = await redisUnavailable()
const withoutPostgres = await postgresUnavailable()
for (const reason of [withoutRedis, withoutPostgres]) if (reason !== null) console.warn(`lease tests skipped: ${reason}`)

const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA'
/** Short, so that a test can let a lease run out; servers use a few seconds. */
const TTL_MS = 300

let redis: RedisClient
let prefix: string

beforeEach(async () => {
  if (withoutRedis !== null) return
  prefix = `gatherboard-test-${randomBytes(6).toString('hex')}:`
  redis = createClient({ url: TEST_REDIS_URL })
  await redis.connect()
})

afterEach(async () => {
  if (withoutRedis !== null) return
  const keys = await redis.keys(`${prefix}*`)
  if (keys.length > 0) await redis.del(keys)
  await redis.close()
})

const leasesOf = (serverId: string, ttlMs = TTL_MS) => new RoomLeases(redis, { serverId, ttlMs, prefix })

/** Waits until `leases` gets the board's lease (the holder's has run out). */
const takeOver = (leases: RoomLeases) => waitFor(() => leases.acquire(BOARD), { message: 'the old lease to run out' })

describe.skipIf(withoutRedis !== null)('room leases', () => {
  it('go to one server at a time, each with a higher fencing number', async () => {
    const a = leasesOf('server-a', 60_000)
    const b = leasesOf('server-b', 60_000)
    const first = await a.acquire(BOARD)
    expect(first).toMatchObject({ boardId: BOARD, owner: 'server-a' })
    expect(await b.acquire(BOARD)).toBeNull()
    expect(await a.acquire(BOARD)).toBeNull()
    expect(await b.holder(BOARD)).toEqual(first)
    // Another board is free, and numbered on its own.
    expect(await b.acquire('BBBBBBBBBBBBBBBBBBBBBQ')).toMatchObject({ owner: 'server-b', fence: 1 })

    expect(await b.release(first!)).toBe(true)
    expect(await b.holder(BOARD)).toBeNull()
    const second = await b.acquire(BOARD)
    expect(second!.fence).toBeGreaterThan(first!.fence)
    // The old lease is gone: its holder can neither renew nor release the successor's.
    expect(await a.renew(first!)).toBe(false)
    expect(await a.release(first!)).toBe(false)
    expect(await a.holder(BOARD)).toEqual(second)
  })

  it('run out when not renewed, and last while renewed', async () => {
    const ttlMs = 1_500
    const a = leasesOf('server-a', ttlMs)
    const b = leasesOf('server-b', ttlMs)
    const lease = (await a.acquire(BOARD))!
    // Renewed every tenth of its time (as a server's timer does), it stays a's for longer than its time.
    const started = Date.now()
    while (Date.now() - started < ttlMs * 1.2) {
      expect(await a.renew(lease)).toBe(true)
      expect(await b.acquire(BOARD)).toBeNull()
      await new Promise((resolve) => setTimeout(resolve, ttlMs / 10))
    }
    // Then a stops (dies, or is paused): the lease runs out and b takes the room with a higher number.
    const taken = await takeOver(b)
    expect(taken.fence).toBeGreaterThan(lease.fence)
    expect(await a.renew(lease)).toBe(false)
  })
})

describe.skipIf(withoutRedis !== null || withoutPostgres !== null)('fencing on PostgreSQL', () => {
  const schema = freshSchema()
  const storages: BoardStorage[] = []
  afterEach(async () => {
    await Promise.all(storages.splice(0).map((storage) => storage.close()))
    await dropSchema(schema)
  })

  it('refuses the writes of a server whose lease another server took over, and keeps the new owner’s', async () => {
    const open = async () => {
      const storage = await openPostgresStorage({ url: TEST_DATABASE_URL, schema, logger: createLogger({ level: 'silent' }) })
      storages.push(storage)
      return storage
    }
    const [storageA, storageB] = [await open(), await open()]
    const [a, b] = [leasesOf('server-a'), leasesOf('server-b')]
    await storageA.createBoard(BOARD, { meta: {}, joinCode: null })
    const write = (fence: number, update: number) => ({ boardId: BOARD, updates: [new Uint8Array([update])], clientIds: [], fence })

    const leaseA = (await a.acquire(BOARD))!
    expect((await storageA.appendUpdates([write(leaseA.fence, 1)]))[0]!.refused).toBeUndefined()
    // a is paused past its lease; b takes the room over and writes.
    const leaseB = await takeOver(b)
    expect((await storageB.appendUpdates([write(leaseB.fence, 2)]))[0]!.refused).toBeUndefined()
    // a wakes up and writes as if it still owned the room: refused, and so is its compaction.
    const [late] = await storageA.appendUpdates([write(leaseA.fence, 3)])
    expect(late!.refused).toMatchObject({ name: 'StaleFenceError', fence: leaseA.fence, recorded: leaseB.fence })
    const { lastSeq } = await storageA.loadDocument(BOARD)
    await expect(storageA.compact(BOARD, new Uint8Array([9]), lastSeq, leaseA.fence)).rejects.toMatchObject({ name: 'StaleFenceError' })
    expect(await a.renew(leaseA)).toBe(false)
    expect((await storageB.loadDocument(BOARD)).updates).toEqual([Buffer.from([1]), Buffer.from([2])])
  })
})
