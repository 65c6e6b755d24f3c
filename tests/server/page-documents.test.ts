/**
 * Each page's document from the built client (tests/setup builds it): the paths of a page get
 * the document that preloads that page's own chunks and styles, so a phone loads them together
 * with the main script instead of a round trip after it; the phone page's paths get the phone
 * page's own document and build (scripts/phone-build.ts); anything else gets index.html.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLIENT_DIR } from '../helpers/browser-environment'
import { startTestServer, type TestServer } from '../helpers/server'

const BOARD_ID = 'AAAAAAAAAAAAAAAAAAAAAA'

const preloads = (html: string) => [...html.matchAll(/<link rel="modulepreload" crossorigin href="\/assets\/([^"]+)">/g)].map((match) => match[1]!)
const scripts = (html: string) => [...html.matchAll(/<script type="module" crossorigin src="\/assets\/([^"]+)">/g)].map((match) => match[1]!)

describe('page documents', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ staticDir: CLIENT_DIR })
  })
  afterAll(() => server?.close())

  const page = async (route: string) => {
    const response = await fetch(`${server.url}${route}`)
    expect(response.status, route).toBe(200)
    expect(response.headers.get('cache-control'), route).toBe('no-cache')
    expect(response.headers.get('content-security-policy'), route).toBeTruthy()
    return response.text()
  }

  it('preloads each page\'s own chunk', async () => {
    const expected = { '/': 'StartPage', [`/b/${BOARD_ID}`]: 'BoardPage', [`/b/${BOARD_ID}/stage/`]: 'StagePage' }
    for (const [route, chunk] of Object.entries(expected)) {
      const files = preloads(await page(route))
      expect(files.some((file) => file.startsWith(`${chunk}-`)), `${route}: ${files.join(', ')}`).toBe(true)
    }
  })

  it('gives the phone page its own document, which loads its own build and nothing of the other pages', async () => {
    for (const route of [`/b/${BOARD_ID}/capture`, `/b/${BOARD_ID}/capture/`]) {
      const html = await page(route)
      const files = [...scripts(html), ...preloads(html)]
      // The script that opens the sync socket early (client/capture/connect-early.ts), then the page's.
      expect(scripts(html), route).toEqual([expect.stringMatching(/^capture-[\w-]+\.js$/), expect.stringMatching(/^capture-[\w-]+\.js$/)])
      expect(files.filter((file) => /^(index|BoardPage|StagePage|StartPage|CapturePage)-/.test(file)), route).toEqual([])
      // Every file it loads exists: the document and the build belong together.
      for (const file of files) expect(readFileSync(path.join(CLIENT_DIR, 'assets', file)).length).toBeGreaterThan(0)
    }
  })

  it('answers other paths with the plain index.html', async () => {
    const index = readFileSync(path.join(CLIENT_DIR, 'index.html'), 'utf8')
    for (const route of ['/some/later/route', '/b/not-a-board-id', `/b/${BOARD_ID}/unknown`]) expect(await page(route)).toBe(index)
    expect(preloads(index)).toEqual([])
  })
})
