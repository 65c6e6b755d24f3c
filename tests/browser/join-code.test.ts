/**
 * The join code page in real Chromium on a phone-sized window against a real server: typing the
 * code from the projector (small letters, no dash) lands on the board's phone page with the
 * participant link; a code in the address opens it at once; a wrong code and too many wrong codes
 * are said in the person's language, with when to try again, and belong to the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BoardAccessInfo } from '../../shared/model/roles'
import { tokenFromFragment } from '../../shared/model/roles'
import { openPage, saveScreenshot, seriousViolations } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { createBoardWithLinks, type CreatedBoard } from '../helpers/server'

const PHONE = { width: 360, height: 740 }

describe('the join code page', () => {
  let env: BrowserEnvironment
  let board: CreatedBoard
  let code: string

  beforeAll(async () => {
    // Few failed tries, so that the last test reaches the limit quickly.
    env = await startBrowserEnvironment({ joinCodeTriesPerMinute: 2 })
    board = await createBoardWithLinks(env.url)
    const response = await fetch(`${env.url}/api/boards/${board.id}`, { headers: { Authorization: `Bearer ${board.tokens.stage}` } })
    code = ((await response.json()) as BoardAccessInfo).joinCode!.code
  })

  afterAll(() => env?.close())

  it('takes the code typed in small letters without the dash and opens the phone page of the board', async () => {
    const { context, page, foreignRequests } = await openPage(env.browser, env.url, { viewport: PHONE })
    await page.goto(`${env.url}/j`)
    const field = page.getByLabel('Join code')
    await field.waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('join-code')
    expect(await field.getAttribute('autocapitalize')).toBe('characters')
    expect(await field.getAttribute('inputmode')).toBe('text')
    expect(await field.getAttribute('aria-describedby')).toBe('join-code-hint')
    expect(await seriousViolations(page)).toEqual([])
    await saveScreenshot(page, 'join-code-page')

    await page.keyboard.type(code.replace('-', '').toLowerCase())
    await page.keyboard.press('Enter')
    await page.locator('#display-name').waitFor()
    const landed = new URL(page.url())
    expect(landed.pathname).toBe(`/b/${board.id}/capture`)
    expect(tokenFromFragment(landed.hash)).toBe(board.tokens.participant)
    expect(foreignRequests).toEqual([])
    await context.close()
  })

  it('opens the board at once from a code in the address', async () => {
    const { context, page } = await openPage(env.browser, env.url, { viewport: PHONE })
    await page.goto(`${env.url}/j/${code}`)
    await page.locator('#display-name').waitFor()
    expect(new URL(page.url()).pathname).toBe(`/b/${board.id}/capture`)
    await context.close()
  })

  it('says when a code is wrong, and when there were too many wrong ones, in German, with when to try again', async () => {
    const { context, page } = await openPage(env.browser, env.url, { viewport: PHONE, locale: 'de-DE' })
    await page.goto(`${env.url}/j`)
    const field = page.getByLabel('Beitrittscode')
    await field.waitFor()
    const error = page.locator('#join-code-error')

    // Not a code at all: said at once, without asking the server (and without counting as a try).
    await field.fill('K7M2-Q9')
    await page.getByRole('button', { name: 'Beitreten' }).click()
    await expect.poll(() => error.textContent()).toMatch(/8 Buchstaben und Ziffern/)
    expect(await field.getAttribute('aria-invalid')).toBe('true')
    expect(await field.getAttribute('aria-describedby')).toBe('join-code-hint join-code-error')
    expect(await error.getAttribute('role')).toBe('alert')

    // A code of no board (its last character changed), twice: the limit of this server.
    const last = code.at(-1) === '2' ? '3' : '2'
    const wrong = `${code.slice(0, -1)}${last}`
    for (let i = 0; i < 2; i++) {
      await field.fill(wrong)
      await page.getByRole('button', { name: 'Beitreten' }).click()
      await expect.poll(() => error.textContent()).toMatch(/Zu diesem Code gibt es kein Board/)
    }
    await field.fill(wrong)
    await page.getByRole('button', { name: 'Beitreten' }).click()
    await expect.poll(() => error.textContent()).toMatch(/zu viele falsche Codes versucht\. Versuchen Sie es in \d+ Sekunden? wieder/)
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('join-code')
    expect(await seriousViolations(page)).toEqual([])
    await saveScreenshot(page, 'join-code-too-many-de')
    await context.close()
  })
})
