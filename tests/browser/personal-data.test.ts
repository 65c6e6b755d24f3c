/**
 * The facilitator's personal-data controls in the meeting-record dialog, in real Chromium against a
 * real server: "Remove names" empties the author's name on the stored card (the city stays), and
 * "Delete the board" is only possible once the board's name is typed out; then the board page says
 * it was deleted and the server answers 404 for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { RecordLog, readRecords } from '../../shared/model/record-log'
import { cardRecord } from '../helpers/card-record'
import { joinBoard, openPage, seriousViolations } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { createBoardWithLinks, facilitatorFetch, syncUrlOf } from '../helpers/server'
import { connectClient } from '../server/clients'

const CARD_TEXT = 'Benches in the shade'
const AUTHOR = { name: 'Zofia Nowak', city: 'Görlitz' }

describe('the facilitator removes names and deletes the board', () => {
  let env: BrowserEnvironment
  let page: Page
  let boardId: string

  const dialog = () => page.getByRole('dialog', { name: 'Meeting record' })
  const status = () => dialog().getByTestId('export-status')

  beforeAll(async () => {
    env = await startBrowserEnvironment()
    const board = await createBoardWithLinks(env.url)
    boardId = board.id
    const writer = connectClient(syncUrlOf(env.url), boardId)
    await writer.synced()
    const log = new RecordLog<{ id: string } & Record<string, unknown>>(writer.doc)
    log.put([
      cardRecord({
        id: 'shape:named-card',
        parentId: 'page:page',
        x: 24,
        y: 56,
        props: { text: CARD_TEXT, kind: 'note', authorName: AUTHOR.name, authorCity: AUTHOR.city, anonymous: false, createdAt: Date.UTC(2026, 5, 12, 12) },
      }),
    ])
    log.dispose()
    writer.destroy()
    ;({ page } = await openPage(env.browser, env.url, { locale: 'en-GB' }))
    await joinBoard(page, board.url, 'Anna')
    await page.locator('.tl-shape[data-shape-type="gb-card"]', { hasText: CARD_TEXT }).waitFor({ timeout: 15_000 })
    await page.getByTestId('export-button').click()
    await dialog().waitFor()
  })

  afterAll(async () => {
    await env?.close()
  })

  it('removes the names from the stored cards after a confirmation, keeping the city', async () => {
    await dialog().getByRole('button', { name: 'Remove names…' }).click()
    await dialog().getByRole('button', { name: 'Remove names', exact: true }).click()
    await expect.poll(() => status().textContent()).toMatch(/Names removed from 1 card/)
    const reader = connectClient(syncUrlOf(env.url), boardId)
    try {
      await reader.synced()
      const props = (readRecords(reader.doc).get('shape:named-card') as { props?: unknown } | undefined)?.props as { authorName: string; authorCity: string; text: string }
      expect(props).toMatchObject({ authorName: '', authorCity: AUTHOR.city, text: CARD_TEXT })
    } finally {
      reader.destroy()
    }
  })

  it('deletes the board only once its name is typed, and the board page then says it is gone', async () => {
    await dialog().getByRole('button', { name: 'Delete the board…' }).click()
    const confirmButton = dialog().getByRole('button', { name: 'Delete for good' })
    expect(await seriousViolations(page)).toEqual([])
    await expect.poll(() => confirmButton.isDisabled()).toBe(true)
    const field = dialog().getByLabel(`Type “${boardId}” to confirm`)
    await field.fill('some other board')
    expect(await confirmButton.isDisabled()).toBe(true)
    await field.fill(boardId)
    await confirmButton.click()
    await page.getByRole('heading', { name: 'This board was deleted' }).waitFor({ timeout: 15_000 })
    expect((await facilitatorFetch(`${env.url}/api/boards/${boardId}`)).status).toBe(404)
  })
})
