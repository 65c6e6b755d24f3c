/**
 * The start page on a server that needs its board creation secret (CREATE_BOARD_SECRET): it asks
 * for the secret only once the server says so, keeps the meeting's fields, says when the secret is
 * wrong, and creates the board with the right one. Without a secret it asks for nothing on
 * localhost, and reached through a proxy it says that the server does not let anyone create boards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { readMeeting } from '../../shared/model/meeting'
import { openPage, saveScreenshot, seriousViolations } from '../helpers/browser'
import { CLIENT_DIR, startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { rememberFacilitatorLink, startTestServer, syncUrlOf } from '../helpers/server'
import { connectClient } from '../server/clients'
import { waitFor } from '../helpers/wait'

const SECRET = 'city-hall-2026-boards'
const TITLE = 'Street lab exchange'
const PURPOSE = 'Learn from each other what went wrong with street experiments.'

/** The ids a control's `aria-describedby` names. */
async function describedBy(page: Page, selector: string): Promise<string[]> {
  return ((await page.locator(selector).getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean)
}

async function fillMeeting(page: Page) {
  await page.locator('#meeting-title').fill(TITLE)
  await page.locator('#meeting-purpose').fill(PURPOSE)
  await page.locator('#meeting-city').fill('Leipzig')
  await page.locator('#meeting-city').press('Enter')
  await page.getByRole('radio', { name: /blank board/i }).check()
}

const createButton = (page: Page) => page.getByRole('button', { name: /create board/i })

describe('the start page', () => {
  let env: BrowserEnvironment

  beforeAll(async () => {
    env = await startBrowserEnvironment({ createBoardSecret: SECRET })
  })

  afterAll(() => env?.close())

  it('asks for the board creation secret when the server needs it, keeps the meeting, and says when it is wrong', async () => {
    const { page, context, foreignRequests } = await openPage(env.browser, env.url)
    const creates: { status: number; authorization: string | undefined }[] = []
    page.on('response', (response) => {
      if (response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/boards') {
        creates.push({ status: response.status(), authorization: response.request().headers().authorization })
      }
    })
    await page.goto(env.url)
    await page.locator('#meeting-title').waitFor()
    // Nothing is asked before the server says so.
    expect(await page.locator('#create-secret').count()).toBe(0)
    await fillMeeting(page)
    await createButton(page).click()

    // The server answered 401: the field appears, has the focus, and its label, hint and error belong to it.
    const secretField = page.getByLabel('Board creation secret')
    await secretField.waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('create-secret')
    expect(creates).toEqual([{ status: 401, authorization: undefined }])
    expect(await secretField.getAttribute('type')).toBe('password')
    expect(await secretField.getAttribute('aria-invalid')).toBe('true')
    expect(await describedBy(page, '#create-secret')).toEqual(['create-secret-hint', 'create-secret-error'])
    await expect.poll(() => page.locator('#create-secret-error').textContent()).toBe('Enter the board creation secret to create the board.')
    expect(await page.locator('#create-secret-error').getAttribute('role')).toBe('alert')
    expect(await page.locator('#create-secret-hint').textContent()).toMatch(/only people who have its board creation secret/)
    // What was typed about the meeting is still there.
    expect(await page.locator('#meeting-title').inputValue()).toBe(TITLE)
    expect(await page.locator('#meeting-purpose').inputValue()).toBe(PURPOSE)
    expect(await page.getByRole('list', { name: /cities/i }).textContent()).toContain('Leipzig')
    expect(await page.getByRole('radio', { name: /blank board/i }).isChecked()).toBe(true)
    expect(await seriousViolations(page)).toEqual([])

    // Typing clears the error; an empty field is not sent.
    await secretField.fill('x')
    expect(await page.locator('#create-secret-error').count()).toBe(0)
    expect(await describedBy(page, '#create-secret')).toEqual(['create-secret-hint'])
    await secretField.fill('')
    await createButton(page).click()
    await page.locator('#create-secret-error').waitFor()
    expect(creates).toHaveLength(1)

    // A wrong secret: sent, refused (403), and said so clearly, with the focus back on the field.
    await secretField.fill('not-the-right-secret')
    await createButton(page).click()
    await expect.poll(() => creates.length).toBe(2)
    expect(creates[1]).toEqual({ status: 403, authorization: 'Bearer not-the-right-secret' })
    await expect.poll(() => page.locator('#create-secret-error').textContent()).toMatch(/not this server’s board creation secret/)
    expect(await describedBy(page, '#create-secret')).toEqual(['create-secret-hint', 'create-secret-error'])
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('create-secret')
    expect(await page.locator('#meeting-title').inputValue()).toBe(TITLE)
    expect(await seriousViolations(page)).toEqual([])
    await page.locator('#create-secret').scrollIntoViewIfNeeded()
    await saveScreenshot(page, 'start-page-wrong-secret')

    // The right one creates the board, with the meeting as it was typed.
    await secretField.fill(SECRET)
    await createButton(page).click()
    await page.waitForURL(/\/b\/[A-Za-z0-9_-]+#k=/)
    expect(creates[2]).toEqual({ status: 201, authorization: `Bearer ${SECRET}` })
    const boardId = rememberFacilitatorLink(page.url())
    await page.locator('#display-name').fill('Anna')
    await page.getByRole('radio', { name: /^On site$/i }).check()
    await page.getByRole('button', { name: /join the board/i }).click()
    await page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
    const reader = connectClient(syncUrlOf(env.url), boardId)
    try {
      await reader.synced()
      await waitFor(() => readMeeting(reader.doc).title === TITLE, { message: 'the meeting in the new board' })
      expect(readMeeting(reader.doc).purpose).toBe(PURPOSE)
    } finally {
      reader.destroy()
    }
    // The secret is not kept anywhere on the page or in the browser's storage.
    expect(page.url()).not.toContain(SECRET)
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toContain(SECRET)
    expect(foreignRequests).toEqual([])
    await context.close()
  })

  it('asks for nothing on a server without a secret', async () => {
    const open = await startTestServer({ staticDir: CLIENT_DIR })
    try {
      const { page, context } = await openPage(env.browser, open.url)
      const statuses: number[] = []
      page.on('response', (response) => {
        if (new URL(response.url()).pathname === '/api/boards') statuses.push(response.status())
      })
      await page.goto(open.url)
      await fillMeeting(page)
      await createButton(page).click()
      await page.waitForURL(/\/b\/[A-Za-z0-9_-]+#k=/)
      expect(statuses).toEqual([201])
      await context.close()
    } finally {
      await open.close()
    }
  })

  it('says what the operator must set when a server without a secret is reached from elsewhere', async () => {
    const open = await startTestServer({ staticDir: CLIENT_DIR })
    try {
      const { page, context } = await openPage(env.browser, open.url)
      // As through a reverse proxy: the request names the person's address.
      await page.route('**/api/boards', (route) => route.continue({ headers: { ...route.request().headers(), 'x-forwarded-for': '198.51.100.7' } }))
      await page.goto(open.url)
      await fillMeeting(page)
      await createButton(page).click()
      const alert = page.getByText(/does not let anyone create boards yet/)
      await alert.waitFor()
      expect(await alert.textContent()).toContain('CREATE_BOARD_SECRET')
      expect(await page.locator('#create-secret').count()).toBe(0)
      expect(await page.locator('#meeting-title').inputValue()).toBe(TITLE)
      expect(await seriousViolations(page)).toEqual([])
      await context.close()
    } finally {
      await open.close()
    }
  })
})
