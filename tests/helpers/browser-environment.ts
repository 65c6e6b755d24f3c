/**
 * What every browser test file starts with: a real server that serves the production build and
 * one headless Chromium to open its pages in.
 */
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { launchBrowser } from './browser'
import { startTestServer, type TestServer, type TestServerOptions } from './server'

/** The production build of the client, made once per run by tests/setup/global-setup.ts. */
export const CLIENT_DIR = fileURLToPath(new URL('../../dist/client', import.meta.url))

export interface BrowserEnvironment {
  /** The server (on 127.0.0.1, its own data dir), serving `CLIENT_DIR`. */
  readonly server: TestServer
  /** The server's base URL, `http://127.0.0.1:<port>` (it keeps its port across `server.stop`/`resume`). */
  readonly url: string
  readonly browser: Browser
  /** Closes the browser, then stops the server and deletes its data dir. */
  close(): Promise<void>
}

/**
 * Starts the server (with `options`, e.g. a board creation secret) and the browser, typically in a `beforeAll` with `close` in the `afterAll`.
 * A missing Chromium fails here (see `launchBrowser`) after the server is stopped again, so a
 * failed start leaves nothing running.
 */
export async function startBrowserEnvironment(options: TestServerOptions = {}): Promise<BrowserEnvironment> {
  const server = await startTestServer({ staticDir: CLIENT_DIR, ...options })
  let browser: Browser
  try {
    browser = await launchBrowser()
  } catch (error) {
    await server.close()
    throw error
  }
  return {
    server,
    url: server.url,
    browser,
    async close() {
      await browser.close()
      await server.close()
    },
  }
}
