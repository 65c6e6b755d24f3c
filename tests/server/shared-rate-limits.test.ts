/**
 * The per-address limits counted through the shared Redis (server/limits/address-limits.ts): two
 * real servers on one Redis give an address the limit once in total, not once each; with Redis
 * cut off or silent (a TCP relay in front of it, for this test's server alone) a server counts on
 * its own, says so in its log and keeps running, and counts shared again once Redis is back.
 */
import { randomBytes } from 'node:crypto'
import { createClient } from 'redis'
import { afterEach, describe, expect, it } from 'vitest'
import { redisUnavailable, TEST_REDIS_URL } from '../helpers/redis'
import { serversPerTest, tokenOf, type TestServer } from '../helpers/server'
import { tcpRelay, throughRelay, type TcpRelay } from '../helpers/tcp-relay'
import { waitFor } from '../helpers/wait'
import { LINK_TOKEN_PARAM } from '../../shared/model/roles'
import { upgradeStatus } from './clients'

const withoutRedis = await redisUnavailable()
if (withoutRedis !== null) console.warn(`shared rate limit tests skipped: ${withoutRedis}`)

const startServer = serversPerTest()
let prefix = ''
const relays: TcpRelay[] = []

afterEach(async () => {
  for (const relay of relays.splice(0)) await relay.cut()
  if (withoutRedis !== null) return
  const redis = createClient({ url: TEST_REDIS_URL })
  await redis.connect()
  const keys = await redis.keys(`${prefix}*`)
  if (keys.length > 0) await redis.del(keys)
  await redis.close()
})

/** A server on the shared Redis (or `redisUrl`) under this test's key prefix, once it is connected. */
async function serverOnRedis(options: Parameters<typeof startServer>[0] & { redisUrl?: string }): Promise<TestServer> {
  const server = await startServer({ redisUrl: TEST_REDIS_URL, redisKeyPrefix: prefix, ...options })
  await waitFor(async () => (await fetch(`${server.url}/readyz`)).status === 200, { message: 'the server to reach Redis' })
  return server
}

async function createStatus(server: TestServer): Promise<number> {
  const response = await fetch(`${server.url}/api/boards`, { method: 'POST' })
  await response.body?.cancel()
  return response.status
}

/** The HTTP status a sync connection attempt gets: 101 when it opened. */
function connectStatus(server: TestServer, boardId: string): Promise<number> {
  return upgradeStatus(`${server.syncUrl}/${boardId}?${LINK_TOKEN_PARAM}=${tokenOf(boardId)}`)
}

/** Hardly any refill within a test: what is allowed is the burst. */
const BOARD_LIMIT = { boardsPerIpBurst: 4, boardsPerIpPerHour: 1 }

describe.skipIf(withoutRedis !== null)('per-address limits shared through Redis', () => {
  it('board creation: two servers allow an address the burst once in total', async () => {
    prefix = `gatherboard-test-${randomBytes(6).toString('hex')}:`
    const [a, b] = [await serverOnRedis(BOARD_LIMIT), await serverOnRedis(BOARD_LIMIT)]
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push(await createStatus(i % 2 === 0 ? a! : b!))
    expect(statuses).toEqual([201, 201, 201, 201, 429, 429, 429, 429])
  })

  it('sync connection attempts: the burst holds across both servers', async () => {
    prefix = `gatherboard-test-${randomBytes(6).toString('hex')}:`
    const limit = { connectsPerIpBurst: 3, connectsPerIpPerSecond: 0.01 }
    const a = await serverOnRedis(limit)
    const b = await serverOnRedis(limit)
    const board = await a.createBoard()
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push(await connectStatus(i % 2 === 0 ? a : b, board))
    expect(statuses).toEqual([101, 101, 101, 429, 429, 429])
  })

  it.each([
    ['gone (connections dropped, connecting refused)', (relay: TcpRelay) => relay.cut()],
    ['silent (connections held, nothing answered)', (relay: TcpRelay) => relay.stall()],
  ])('with Redis %s a server counts on its own and says so, and shares the count again once Redis is back', async (_, goAway) => {
    prefix = `gatherboard-test-${randomBytes(6).toString('hex')}:`
    const redis = new URL(TEST_REDIS_URL)
    const relay = await tcpRelay(redis.hostname, Number(redis.port || 6379))
    relays.push(relay)
    const server = await serverOnRedis({ ...BOARD_LIMIT, redisUrl: throughRelay(TEST_REDIS_URL, relay) })
    expect(await createStatus(server)).toBe(201)

    await goAway(relay)
    await waitFor(async () => (await fetch(`${server.url}/readyz`)).status === 503, { message: 'the server to lose Redis' })
    // Its own bucket, full at the start: the burst, then refused. Never everything let through.
    const during: number[] = []
    for (let i = 0; i < 6; i++) during.push(await createStatus(server))
    expect(during).toEqual([201, 201, 201, 201, 429, 429])
    expect(server.logs.filter((line) => line.includes('rate_limit.local_fallback'))).toHaveLength(1)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)

    await relay.restore()
    await waitFor(async () => (await fetch(`${server.url}/readyz`)).status === 200, { message: 'the server to reach Redis again' })
    // Its own bucket is empty; within a second a take asks Redis again, which still holds the
    // shared bucket: one taken before the outage, three left (the first of them taken here).
    await waitFor(async () => (await createStatus(server)) === 201, { message: 'a board counted in Redis again' })
    const after: number[] = []
    for (let i = 0; i < 4; i++) after.push(await createStatus(server))
    expect(after).toEqual([201, 201, 429, 429])
    expect(server.logs.some((line) => line.includes('rate_limit.shared_again'))).toBe(true)
  })
})
