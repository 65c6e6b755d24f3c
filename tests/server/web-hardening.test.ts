import { mkdir } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { DATABASE_FILE, WRITE_PROBE_FILE } from '../../server/storage/sqlite-storage'
import { serversPerTest } from '../helpers/server'
import { upgradeStatus } from './clients'

const start = serversPerTest()

describe('security headers', () => {
  it('sends nosniff and no-referrer on API answers and errors', async () => {
    const { url } = await start()
    for (const path of ['/api/config', '/api/nothing-here']) {
      const response = await fetch(`${url}${path}`)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    }
  })

  it('puts a strict CSP with the configured frame-ancestors on app pages', async () => {
    const denied = await start()
    const page = await fetch(`${denied.url}/b/some-board`)
    const policy = page.headers.get('content-security-policy') ?? ''
    expect(policy).toContain("script-src 'self'")
    expect(policy).toContain("object-src 'none'")
    expect(policy).toContain("frame-ancestors 'none'")
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    const embeddable = await start({ frameAncestors: "'self' https://portal.example.org" })
    const embedded = await fetch(`${embeddable.url}/`)
    expect(embedded.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://portal.example.org")
    expect(embedded.headers.get('x-frame-options')).toBeNull()
  })
})

describe('health check', () => {
  it('answers 503 with the reason when the database refuses writes', async () => {
    const { url, dataDir } = await start()
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    const other = new Database(path.join(dataDir, DATABASE_FILE))
    other.exec("CREATE TRIGGER refuse_health BEFORE INSERT ON health BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    other.close()
    const response = await fetch(`${url}/healthz`)
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({ error: expect.stringContaining('the database cannot write') })
  })

  it('answers 503 when the data directory refuses a file', async () => {
    const { url, dataDir } = await start()
    await mkdir(path.join(dataDir, WRITE_PROBE_FILE))
    const response = await fetch(`${url}/healthz`)
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({ error: 'storage unavailable: the data directory cannot write (EISDIR)' })
  })
})

describe('board creation', () => {
  it('answers 429 with Retry-After beyond the per-address burst', async () => {
    const { url } = await start({ boardsPerIpBurst: 2, boardsPerIpPerHour: 1 })
    expect((await fetch(`${url}/api/boards`, { method: 'POST' })).status).toBe(201)
    expect((await fetch(`${url}/api/boards`, { method: 'POST' })).status).toBe(201)
    const refused = await fetch(`${url}/api/boards`, { method: 'POST' })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000)
    expect(await refused.json()).toEqual({ error: expect.stringContaining('too many new boards') })
  })

  it('counts per forwarded address only behind a trusted proxy', async () => {
    // Forwarded requests are not local: creating a board needs the secret.
    const { url } = await start({ boardsPerIpBurst: 1, trustProxy: true, createBoardSecret: 'the-city-secret' })
    const from = (address: string) =>
      fetch(`${url}/api/boards`, {
        method: 'POST',
        headers: { 'X-Forwarded-For': `203.0.113.9, ${address}`, Authorization: 'Bearer the-city-secret' },
      })
    expect((await from('198.51.100.1')).status).toBe(201)
    expect((await from('198.51.100.2')).status).toBe(201)
    expect((await from('198.51.100.1')).status).toBe(429)
  })

  it('needs the creation secret when one is set', async () => {
    const { url } = await start({ createBoardSecret: 'the-city-secret' })
    const create = (authorization?: string) =>
      fetch(`${url}/api/boards`, { method: 'POST', headers: authorization ? { Authorization: authorization } : {} })
    const missing = await create()
    expect(missing.status).toBe(401)
    expect(await missing.json()).toEqual({ error: expect.stringContaining('board creation secret') })
    expect((await create('Bearer wrong-secret')).status).toBe(403)
    expect((await create('Bearer the-city-secret')).status).toBe(201)
  })

  it('without a secret is open on localhost only, and tells everyone else what the operator sets', async () => {
    const { url, port, logs } = await start()
    expect((await fetch(`${url}/api/boards`, { method: 'POST' })).status).toBe(201)
    expect((await createVia(port, { Host: `localhost:${port}` })).status).toBe(201)
    for (const headers of <Record<string, string>[]>[
      // The server's public name, as a browser elsewhere sends it.
      { Host: 'board.goerlitz.example' },
      // A reverse proxy on the same machine: from loopback, but forwarding.
      { Host: `localhost:${port}`, 'X-Forwarded-For': '198.51.100.7' },
      { Host: `127.0.0.1:${port}`, Forwarded: 'for=198.51.100.7' },
    ]) {
      const refused = await createVia(port, headers)
      expect(refused.status, JSON.stringify(headers)).toBe(403)
      expect(JSON.parse(refused.body)).toEqual({ error: expect.stringMatching(/CREATE_BOARD_SECRET.*OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/) })
    }
    expect(logs.filter((line) => line.includes('board.create_closed'))).toHaveLength(3)
  })

  it('refuses a series from elsewhere as it refuses a board: the refusal ends the request', async () => {
    const { port, url } = await start()
    const refused = await createVia(port, { Host: 'board.goerlitz.example', 'Content-Type': 'application/json' }, '/api/series', { title: 'Stadtlabor2Go' })
    expect(refused.status).toBe(403)
    expect(JSON.parse(refused.body)).toEqual({ error: expect.stringMatching(/CREATE_BOARD_SECRET/) })
    // The server is still there (an unawaited refusal used to go unhandled).
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
  })

  it('with a secret needs it on localhost too, and takes it from elsewhere', async () => {
    const { port } = await start({ createBoardSecret: 'the-city-secret' })
    expect((await createVia(port, { Host: `localhost:${port}` })).status).toBe(401)
    expect((await createVia(port, { Host: 'board.goerlitz.example', Authorization: 'Bearer the-city-secret' })).status).toBe(201)
  })
})

/** POST to `path` (a board by default) with headers fetch may not set (Host), and an optional JSON body. */
function createVia(port: number, headers: Record<string, string>, path = '/api/boards', body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
    })
    request.on('error', reject)
    request.end(body === undefined ? undefined : JSON.stringify(body))
  })
}

describe('sync connection attempts', () => {
  it('answers the upgrade with 429 beyond the per-address burst', async () => {
    const { syncUrl, createBoard } = await start({ connectsPerIpBurst: 3, connectsPerIpPerSecond: 1 })
    const board = await createBoard()
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push(await upgradeStatus(`${syncUrl}/${board}`))
    // Without a link the server refuses after the upgrade (4403), so the first three open.
    expect(statuses).toEqual([101, 101, 101, 429])
  })
})
