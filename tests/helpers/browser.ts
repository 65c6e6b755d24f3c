import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const ARTIFACTS_DIR = fileURLToPath(new URL('../artifacts', import.meta.url))
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/**
 * Starts Debian's Chromium headless. A missing browser is an error, never a skip: a browser test
 * that silently does not run proves nothing.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`)
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

/**
 * A page that records every request that leaves for a host other than `allowedOrigin`, so a test
 * can prove the app made no third-party request.
 */
export async function openPage(
  browser: Browser,
  allowedOrigin: string,
  options: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page; foreignRequests: string[] }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: options.locale ?? 'en-US',
  })
  const foreignRequests: string[] = []
  context.on('request', (request) => {
    const url = request.url()
    if (url.startsWith('data:') || url.startsWith('blob:')) return
    const origin = new URL(url).origin
    const allowedWs = allowedOrigin.replace(/^http/, 'ws')
    if (origin !== allowedOrigin && origin !== allowedWs) foreignRequests.push(url)
  })
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`))
  return { context, page, foreignRequests }
}

/**
 * Opens a board link in `page` and joins under `name` with the profile's other answers left as
 * they are; resolves once the canvas shows and the board is connected.
 */
export async function joinBoard(page: Page, boardUrl: string, name: string): Promise<void> {
  await page.goto(boardUrl)
  await page.getByLabel(/display name/i).fill(name)
  await page.getByRole('dialog').getByRole('button', { name: /join the board/i }).click()
  await page.locator('.tl-canvas').waitFor()
  await page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
}

/**
 * Answers the profile dialog a board link opens with (the board, the stage-less phone page): the
 * name, on site or remote (`where`, the radio's label in the page's language) and the city.
 */
export async function answerProfile(page: Page, profile: { name: string; where: RegExp; city: string }): Promise<void> {
  await page.locator('#display-name').fill(profile.name)
  await page.getByRole('radio', { name: profile.where }).check()
  await page.locator('#profile-city').fill(profile.city)
  // The dialog's one submit button, whatever the language calls it.
  await page.getByRole('dialog').locator('button[type="submit"]').click()
}

/** Clicks `trigger` and returns the bytes, name and address of the download it starts. */
export async function download(page: Page, trigger: Locator): Promise<{ bytes: Buffer; name: string; url: string }> {
  const [started] = await Promise.all([page.waitForEvent('download'), trigger.click()])
  const path = await started.path()
  return { bytes: readFileSync(path), name: started.suggestedFilename(), url: started.url() }
}

/** Keeps a screenshot as a test artifact in tests/artifacts/. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  const path = `${ARTIFACTS_DIR}/${name}.png`
  await page.screenshot({ path })
  return path
}

/** Keeps a file a test made (a PDF, an export) beside the screenshots, for a person to look at. */
export function writeArtifact(name: string, bytes: Uint8Array): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  const path = `${ARTIFACTS_DIR}/${name}`
  writeFileSync(path, bytes)
  return path
}

/** Runs axe-core in the page; returns the serious and critical violations, described for a failure message. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the page's CSP forbids injected script tags.
  await page.evaluate(readFileSync(AXE_SCRIPT, 'utf8'))
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe
    const result = await axe.run(document)
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.targets.join(' ')}`)
}

/**
 * Waits until the boxes of everything `selector` matches stop moving: the canvas animates the
 * camera (showing a card, fitting the map as controls get their sizes), and a box read mid-flight
 * compares with nothing.
 */
export async function waitUntilStill(page: Page, selector: string): Promise<void> {
  let last = ''
  await expect
    .poll(
      async () => {
        const boxes = await page.locator(selector).evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().toJSON()))
        const key = JSON.stringify(boxes)
        const same = key === last
        last = key
        return same
      },
      { timeout: 10_000, interval: 300 },
    )
    .toBe(true)
}
