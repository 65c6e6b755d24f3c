/**
 * Compressed responses from a real server: the built client's `.br`/`.gz` files (made by the
 * build, tests/setup) and copies made on the fly for files without them, chosen by
 * `Accept-Encoding`; every coding decodes to exactly the file's bytes. Requests go through
 * node:http, which (unlike fetch) neither adds an `Accept-Encoding` nor decodes the body.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { mkdir, utimes, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tldrawAssetsDir } from '../../server/http/tldraw-assets'
import { CLIENT_DIR } from '../helpers/browser-environment'
import { makeTempDir, removeDir, startTestServer, type TestServer } from '../helpers/server'

interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

function rawRequest(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

const decode: Record<string, (body: Buffer) => Buffer> = { br: brotliDecompressSync, gzip: gunzipSync }

/** Text that compresses like source code does, different for every seed. */
function wordySource(seed: number, bytes: number): string {
  const words = ['const', 'card', 'section', 'return', 'board', 'function', 'meeting', 'vote', '=>', '{', '}', ';']
  let state = seed
  let text = ''
  while (text.length < bytes) {
    state = (state * 1103515245 + 12345) % 2 ** 31
    text += `${words[state % words.length]}${state % 7 === 0 ? '\n' : ' '}`
  }
  return text.slice(0, bytes)
}

/** Asserts that `response` carries `file`'s bytes in `coding` (null: as they are). */
function expectBodyOf(response: RawResponse, file: string, coding: 'br' | 'gzip' | null) {
  expect(response.status).toBe(200)
  expect(response.headers['content-encoding']).toBe(coding ?? undefined)
  expect(Number(response.headers['content-length'])).toBe(response.body.length)
  const decoded = coding === null ? response.body : decode[coding]!(response.body)
  expect(decoded.equals(readFileSync(file))).toBe(true)
}

const varies = (response: RawResponse) => String(response.headers.vary ?? '').toLowerCase().includes('accept-encoding')

describe('the built client, compressed', () => {
  let server: TestServer
  /** The largest script of the build: the board's. */
  let script: { url: string; file: string }

  beforeAll(async () => {
    server = await startTestServer({ staticDir: CLIENT_DIR })
    const assets = path.join(CLIENT_DIR, 'assets')
    const largest = readdirSync(assets)
      .filter((name) => name.endsWith('.js'))
      .sort((a, b) => statSync(path.join(assets, b)).size - statSync(path.join(assets, a)).size)[0]!
    script = { url: `${server.url}/assets/${largest}`, file: path.join(assets, largest) }
  })

  afterAll(() => server?.close())

  it('sends the build\'s brotli and gzip files, each decoding to the script, with its own ETag', async () => {
    const etags = new Set<string>()
    for (const [accept, coding, sibling] of [
      ['gzip, deflate, br, zstd', 'br', '.br'],
      ['gzip', 'gzip', '.gz'],
      ['br;q=0.5, gzip', 'gzip', '.gz'],
      ['*', 'br', '.br'],
    ] as const) {
      const response = await rawRequest(script.url, { 'Accept-Encoding': accept })
      expectBodyOf(response, script.file, coding)
      // The build's file itself, not a copy made now.
      expect(response.body.equals(readFileSync(script.file + sibling)), accept).toBe(true)
      expect(varies(response)).toBe(true)
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      etags.add(String(response.headers.etag))
    }
    const identity = await rawRequest(script.url)
    expectBodyOf(identity, script.file, null)
    expect(varies(identity)).toBe(true)
    etags.add(String(identity.headers.etag))
    expect(etags.size).toBe(3)
  })

  it('sends the bytes as they are without Accept-Encoding, or when every coding is refused', async () => {
    const refusals: Record<string, string>[] = [{}, { 'Accept-Encoding': 'br;q=0, gzip;q=0' }, { 'Accept-Encoding': 'identity' }, { 'Accept-Encoding': '*;q=0' }]
    for (const headers of refusals) {
      const response = await rawRequest(script.url, headers)
      expectBodyOf(response, script.file, null)
      expect(varies(response)).toBe(true)
    }
  })

  it('answers HEAD, revalidation and ranges consistently with the coding', async () => {
    const accept = { 'Accept-Encoding': 'br' }
    const get = await rawRequest(script.url, accept)
    const head = await rawRequest(script.url, accept, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
    for (const name of ['content-encoding', 'content-length', 'etag', 'vary']) expect(head.headers[name], name).toBe(get.headers[name])

    const revalidated = await rawRequest(script.url, { ...accept, 'If-None-Match': String(get.headers.etag) })
    expect(revalidated.status).toBe(304)
    expect(varies(revalidated)).toBe(true)
    // The identity's ETag does not validate the brotli body.
    const identityEtag = String((await rawRequest(script.url)).headers.etag)
    expect((await rawRequest(script.url, { ...accept, 'If-None-Match': identityEtag })).status).toBe(200)

    // Ranges count the file's bytes: they get the file as it is.
    const range = await rawRequest(script.url, { ...accept, Range: 'bytes=10-19' })
    expect(range.status).toBe(206)
    expect(range.headers['content-encoding']).toBeUndefined()
    expect(range.body.equals(readFileSync(script.file).subarray(10, 20))).toBe(true)
  })

  it('keeps pages and the service worker revalidated, compressed or not', async () => {
    for (const route of ['/', '/b/some-board', '/sw.js']) {
      const response = await rawRequest(`${server.url}${route}`, { 'Accept-Encoding': 'br' })
      expect(response.status, route).toBe(200)
      expect(response.headers['cache-control'], route).toBe('no-cache')
    }
    expectBodyOf(await rawRequest(`${server.url}/sw.js`, { 'Accept-Encoding': 'br' }), path.join(CLIENT_DIR, 'sw.js'), 'br')
  })

  it('compresses tldraw\'s translations on the fly and sends its fonts as they are', async () => {
    const translations = path.join(tldrawAssetsDir(), 'translations/de.json')
    for (const coding of ['br', 'gzip'] as const) {
      const first = await rawRequest(`${server.url}/tldraw-assets/translations/de.json`, { 'Accept-Encoding': coding })
      expectBodyOf(first, translations, coding)
      const again = await rawRequest(`${server.url}/tldraw-assets/translations/de.json`, { 'Accept-Encoding': coding })
      expect(again.headers.etag).toBe(first.headers.etag)
      expect(again.body.equals(first.body)).toBe(true)
    }
    expect(server.server.stats().compressedCacheBytes).toBeGreaterThan(0)

    const font = await rawRequest(`${server.url}/tldraw-assets/fonts/IBMPlexSans-Medium.woff2`, { 'Accept-Encoding': 'br, gzip' })
    expectBodyOf(font, path.join(tldrawAssetsDir(), 'fonts/IBMPlexSans-Medium.woff2'), null)
    expect(varies(font)).toBe(false)
  })
})

describe('files without precompressed copies', () => {
  const CACHE_LIMIT = 6000
  let server: TestServer
  let staticDir: string
  const file = (name: string) => path.join(staticDir, 'assets', name)
  const url = (name: string) => `${server.url}/assets/${name}`

  beforeAll(async () => {
    staticDir = await makeTempDir('gatherboard-compression-')
    await mkdir(path.join(staticDir, 'assets'))
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>gatherboard</title>')
    server = await startTestServer({ staticDir, compressedCacheBytes: CACHE_LIMIT })
  })

  afterAll(async () => {
    await server?.close()
    await removeDir(staticDir)
  })

  it('never lets the copies made on the fly take more than the limit', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `chunk-${i}.js`)
    for (const [i, name] of names.entries()) await writeFile(file(name), wordySource(i + 1, 12_000))
    let largest = 0
    for (const round of [0, 1]) {
      for (const name of names) {
        for (const coding of ['br', 'gzip'] as const) {
          expectBodyOf(await rawRequest(url(name), { 'Accept-Encoding': coding }), file(name), coding)
          const cached = server.server.stats().compressedCacheBytes
          expect(cached, `round ${round}, ${name} ${coding}`).toBeLessThanOrEqual(CACHE_LIMIT)
          largest = Math.max(largest, cached)
        }
      }
    }
    // The limit was reached, so evictions happened and the answers above were made again.
    expect(largest).toBeGreaterThan(CACHE_LIMIT / 2)

    // A copy larger than the whole cache is still sent, just not kept.
    await writeFile(file('big.js'), wordySource(99, 400_000))
    expectBodyOf(await rawRequest(url('big.js'), { 'Accept-Encoding': 'gzip' }), file('big.js'), 'gzip')
    expect(server.server.stats().compressedCacheBytes).toBeLessThanOrEqual(CACHE_LIMIT)
  })

  it('does not remember a 404: a file that appears later is served', async () => {
    const missing = await rawRequest(url('later-1.js'), { 'Accept-Encoding': 'br' })
    expect(missing.status).toBe(404)
    expect(missing.headers['cache-control']).toBe('no-store')
    await writeFile(file('later-1.js'), wordySource(7, 5000))
    expectBodyOf(await rawRequest(url('later-1.js'), { 'Accept-Encoding': 'br' }), file('later-1.js'), 'br')
  })

  it('ignores a precompressed copy older than its file, and compresses a replaced file afresh', async () => {
    await writeFile(file('app.js'), wordySource(3, 8000))
    await writeFile(file('app.js.br'), 'stale bytes of an older build')
    const past = new Date(Date.now() - 60_000)
    await utimes(file('app.js.br'), past, past)
    expectBodyOf(await rawRequest(url('app.js'), { 'Accept-Encoding': 'br' }), file('app.js'), 'br')

    await writeFile(file('app.js'), wordySource(4, 9000))
    expectBodyOf(await rawRequest(url('app.js'), { 'Accept-Encoding': 'br' }), file('app.js'), 'br')
  })

  it('sends small files and compressed formats as they are, without Vary', async () => {
    await writeFile(file('tiny.js'), 'console.log("hi")')
    await writeFile(file('photo.png'), Buffer.alloc(5000, 7))
    for (const name of ['tiny.js', 'photo.png']) {
      const response = await rawRequest(url(name), { 'Accept-Encoding': 'br, gzip' })
      expectBodyOf(response, file(name), null)
      expect(varies(response), name).toBe(false)
    }
  })
})
