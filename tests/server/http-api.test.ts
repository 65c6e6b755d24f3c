import { readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isBoardId } from '../../shared/model/board-id'
import { tldrawAssetsDir } from '../../server/http/tldraw-assets'
import { facilitatorFetch, makeTempDir, removeDir, startTestServer, type TestServer } from '../helpers/server'

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)
const ASSET_LIMIT = 4096

let server: TestServer
let staticDir: string

beforeAll(async () => {
  staticDir = await makeTempDir('gatherboard-static-')
  await mkdir(path.join(staticDir, 'assets'))
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>gatherboard</title>')
  await writeFile(path.join(staticDir, 'assets', 'index-abc123.js'), 'console.log("hi")')
  server = await startTestServer({ staticDir, maxAssetBytes: ASSET_LIMIT, tldrawLicenseKey: 'test-key' })
})

afterAll(async () => {
  await server.close()
  await removeDir(staticDir)
})

function get(pathname: string, init?: RequestInit): Promise<Response> {
  return fetch(`${server.url}${pathname}`, init)
}

async function expectJsonError(response: Response, status: number): Promise<string> {
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  const body = (await response.json()) as { error: string }
  expect(typeof body.error).toBe('string')
  return body.error
}

describe('boards API', () => {
  it('creates a board and answers its metadata', async () => {
    const created = await fetch(`${server.url}/api/boards`, { method: 'POST' })
    expect(created.status).toBe(201)
    const { id, url, tokens } = (await created.json()) as { id: string; url: string; tokens: { facilitator: string } }
    expect(isBoardId(id)).toBe(true)
    expect(url).toBe(`${server.url}/b/${id}#k=${tokens.facilitator}`)

    const response = await get(`/api/boards/${id}`, { headers: { Authorization: `Bearer ${tokens.facilitator}` } })
    expect(response.status).toBe(200)
    const board = (await response.json()) as { id: string; createdAt: string; updatedAt: string }
    expect(board.id).toBe(id)
    expect(Date.parse(board.createdAt)).toBeGreaterThan(0)
    expect(Date.parse(board.updatedAt)).toBeGreaterThanOrEqual(Date.parse(board.createdAt))
  })

  it('answers 404 JSON for unknown and malformed board ids and unknown endpoints', async () => {
    await expectJsonError(await get('/api/boards/AAAAAAAAAAAAAAAAAAAAAA'), 404)
    await expectJsonError(await get('/api/boards/..%2F..%2Fetc'), 404)
    await expectJsonError(await get('/api/nothing-here'), 404)
    const wrongMethod = await fetch(`${server.url}/api/boards`, { method: 'DELETE' })
    await expectJsonError(wrongMethod, 405)
  })

  it('serves the run-time config and the health check', async () => {
    expect(await (await get('/api/config')).json()).toEqual({ tldrawLicenseKey: 'test-key' })
    const health = await get('/healthz')
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })
  })
})

describe('assets API', () => {
  async function upload(boardId: string, body: BodyInit, contentType: string): Promise<Response> {
    return facilitatorFetch(`${server.url}/api/boards/${boardId}/assets`, {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body,
    })
  }

  it('stores an image and serves it back with safe, long-lived caching', async () => {
    const boardId = await server.createBoard()
    const response = await upload(boardId, PNG, 'image/png')
    expect(response.status).toBe(201)
    const asset = (await response.json()) as { url: string; contentType: string; size: number }
    expect(asset).toMatchObject({ contentType: 'image/png', size: PNG.length })
    expect(asset.url).toMatch(new RegExp(`^/api/boards/${boardId}/assets/[A-Za-z0-9_-]{22}$`))

    const served = await get(asset.url)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('cache-control')).toContain('immutable')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(served.headers.get('content-security-policy')).toContain('sandbox')
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true)

    const partial = await get(asset.url, { headers: { Range: 'bytes=0-7' } })
    expect(partial.status).toBe(206)
    expect(partial.headers.get('content-range')).toBe(`bytes 0-7/${PNG.length}`)
    expect(Buffer.from(await partial.arrayBuffer()).equals(PNG.subarray(0, 8))).toBe(true)

    const revalidated = await get(asset.url, { headers: { 'If-None-Match': served.headers.get('etag')! } })
    expect(revalidated.status).toBe(304)
  })

  it('serves SVG sandboxed, so a script inside cannot run on our origin', async () => {
    const boardId = await server.createBoard()
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    const { url } = (await (await upload(boardId, svg, 'image/svg+xml')).json()) as { url: string }
    const served = await get(url)
    expect(served.headers.get('content-type')).toBe('image/svg+xml')
    expect(served.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/)
  })

  it('refuses types that are not images or videos with 415', async () => {
    const boardId = await server.createBoard()
    const error = await expectJsonError(await upload(boardId, '<script>alert(1)</script>', 'text/html'), 415)
    expect(error).toContain('image/png')
    await expectJsonError(await upload(boardId, PNG, ''), 415)
  })

  it('refuses files over the limit with 413, whether the size is declared or streamed', async () => {
    const boardId = await server.createBoard()
    const tooBig = Buffer.alloc(ASSET_LIMIT + 1)
    const error = await expectJsonError(await upload(boardId, tooBig, 'image/png'), 413)
    expect(error).toContain(`${ASSET_LIMIT} bytes`)

    const chunks = [Buffer.alloc(ASSET_LIMIT / 2), Buffer.alloc(ASSET_LIMIT / 2), Buffer.alloc(16)]
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift()
        if (chunk) controller.enqueue(chunk)
        else controller.close()
      },
    })
    const streamed = await facilitatorFetch(`${server.url}/api/boards/${boardId}/assets`, {
      method: 'POST',
      headers: { 'Content-Type': 'image/png' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    await expectJsonError(streamed, 413)
  })

  it('answers 404 for assets of unknown boards and unknown asset names', async () => {
    await expectJsonError(await upload('AAAAAAAAAAAAAAAAAAAAAA', PNG, 'image/png'), 404)
    const boardId = await server.createBoard()
    await expectJsonError(await get(`/api/boards/${boardId}/assets/AAAAAAAAAAAAAAAAAAAAAA`), 404)
    await expectJsonError(await get(`/api/boards/${boardId}/assets/..%2F..%2Fgatherboard.sqlite`), 404)
  })
})

describe('static files', () => {
  it('serves tldraw fonts from @tldraw/assets', async () => {
    const font = 'fonts/IBMPlexSans-Medium.woff2'
    const response = await get(`/tldraw-assets/${font}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('font/woff2')
    const expected = readFileSync(path.join(tldrawAssetsDir(), font))
    expect(Buffer.from(await response.arrayBuffer()).equals(expected)).toBe(true)
    expect((await get('/tldraw-assets/translations/en.json')).status).toBe(200)
  })

  it('never serves files outside the served folders', async () => {
    for (const attempt of [
      '/tldraw-assets/package.json',
      '/tldraw-assets/fonts/..%2F..%2Fpackage.json',
      '/tldraw-assets/fonts/%2e%2e/%2e%2e/package.json',
      '/assets/..%2F..%2Fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/.env',
    ]) {
      const response = await get(attempt)
      expect(response.status, attempt).toBe(404)
    }
  })

  it('serves the built client with the SPA fallback and immutable hashed assets', async () => {
    for (const route of ['/', '/b/whatever', '/some/later/route']) {
      const page = await get(route)
      expect(page.status, route).toBe(200)
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(page.headers.get('cache-control')).toBe('no-cache')
      expect(await page.text()).toContain('<title>gatherboard</title>')
    }
    const script = await get('/assets/index-abc123.js')
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    await expectJsonError(await get('/assets/missing-123.js'), 404)
  })

  it('says to build the client when there is none', async () => {
    const unbuilt = await startTestServer()
    try {
      const page = await fetch(`${unbuilt.url}/b/some-board`)
      expect(page.status).toBe(503)
      expect(await page.text()).toContain('npm run build')
    } finally {
      await unbuilt.close()
    }
  })
})
