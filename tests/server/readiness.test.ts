/**
 * `GET /readyz`: ready when the database answers, and Redis too when `REDIS_URL` is set; not
 * ready (503, naming what is unreachable) while either is not, and ready again by itself once it
 * is back. PostgreSQL is made unreachable for the server alone by a TCP relay in front of it
 * (tests/helpers/tcp-relay.ts).
 */
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { dropSchema, freshSchema, postgresUnavailable, TEST_DATABASE_URL } from '../helpers/postgres'
import { redisUnavailable, TEST_REDIS_URL } from '../helpers/redis'
import { serversPerTest } from '../helpers/server'
import { tcpRelay, throughRelay } from '../helpers/tcp-relay'
import { waitFor } from '../helpers/wait'

const withoutPostgres = await postgresUnavailable()
const withoutRedis = await redisUnavailable()
for (const reason of [withoutPostgres, withoutRedis]) if (reason !== null) console.warn(`readiness tests skipped: ${reason}`)

const startServer = serversPerTest()
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function readiness(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/readyz`)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

/** A port that refuses connections: one that was just free. */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('readiness', () => {
  it('is ready on SQLite without Redis, and says Redis is not configured', async () => {
    const server = await startServer()
    expect(await readiness(server.url)).toEqual({ status: 200, body: { status: 'ready', database: 'ok', redis: 'not configured' } })
  })

  it.skipIf(withoutRedis !== null)('checks Redis when REDIS_URL is set', async () => {
    const server = await startServer({ redisUrl: TEST_REDIS_URL })
    await waitFor(async () => (await readiness(server.url)).status === 200, { message: 'the server to connect to Redis' })
    expect((await readiness(server.url)).body).toEqual({ status: 'ready', database: 'ok', redis: 'ok' })
  })

  it('is not ready while Redis cannot be reached, and still serves its health check', async () => {
    const server = await startServer({ redisUrl: `redis://127.0.0.1:${await closedPort()}` })
    expect(await readiness(server.url)).toEqual({ status: 503, body: { error: 'not ready: Redis unreachable' } })
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })

  it.skipIf(withoutPostgres !== null)('is not ready while PostgreSQL cannot be reached, and ready again once it can', async () => {
    const database = new URL(TEST_DATABASE_URL)
    const path = await tcpRelay(database.hostname, Number(database.port || 5432))
    cleanups.push(() => path.cut())
    const schema = freshSchema()
    cleanups.push(() => dropSchema(schema))
    const server = await startServer({ databaseUrl: throughRelay(TEST_DATABASE_URL, path), databaseSchema: schema })
    expect((await readiness(server.url)).status).toBe(200)

    await path.cut()
    expect(await readiness(server.url)).toEqual({ status: 503, body: { error: 'not ready: database unreachable' } })
    await path.restore()
    await waitFor(async () => (await readiness(server.url)).status === 200, { message: 'the server to reach the database again' })
  })
})
