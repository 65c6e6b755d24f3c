/**
 * `GET /readyz`: ready when the database answers, and Redis too when `REDIS_URL` is set; not
 * ready (503, naming what is unreachable) while either is not, and ready again by itself once it
 * is back. PostgreSQL is made unreachable for the server alone by a TCP relay in front of it.
 */
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { dropSchema, freshSchema, postgresUnavailable, TEST_DATABASE_URL } from '../helpers/postgres'
import { redisUnavailable, TEST_REDIS_URL } from '../helpers/redis'
import { serversPerTest } from '../helpers/server'
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

/** Relays TCP connections to `target` until `cut`, which also drops every open one; `restore` listens again. */
async function relay(target: URL): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void> }> {
  const sockets = new Set<net.Socket>()
  let server: net.Server
  const listen = async (port: number) => {
    server = net.createServer((socket) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname)
      for (const end of [socket, upstream]) {
        sockets.add(end)
        end.on('close', () => sockets.delete(end))
        end.on('error', () => {})
      }
      socket.pipe(upstream).pipe(socket)
    })
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
    return (server.address() as net.AddressInfo).port
  }
  const port = await listen(0)
  const cut = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const socket of sockets) socket.destroy()
    await closed
  }
  cleanups.push(cut)
  return { port, cut, restore: async () => void (await listen(port)) }
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
    const path = await relay(new URL(TEST_DATABASE_URL))
    const schema = freshSchema()
    cleanups.push(() => dropSchema(schema))
    const throughRelay = new URL(TEST_DATABASE_URL)
    throughRelay.hostname = '127.0.0.1'
    throughRelay.port = String(path.port)
    const server = await startServer({ databaseUrl: throughRelay.toString(), databaseSchema: schema })
    expect((await readiness(server.url)).status).toBe(200)

    await path.cut()
    expect(await readiness(server.url)).toEqual({ status: 503, body: { error: 'not ready: database unreachable' } })
    await path.restore()
    await waitFor(async () => (await readiness(server.url)).status === 200, { message: 'the server to reach the database again' })
  })
})
