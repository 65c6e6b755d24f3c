/**
 * The phone capture page in real Chromium against a real server, with a facilitator as a Node
 * client: a person is the same person on the phone and on the board of the same device (one user
 * id for cards, presence and the participants list, also for a device that used the board before
 * the capture page kept its own profile); a card for a locked section is not added and the page
 * says why; a card written offline into a section locked meanwhile is refused by the server, marked
 * "not sent" with the reason, and the page starts over from the server's copy in place, once, after
 * which its cards go through again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { setLock } from '../../shared/model/locks'
import { writeMeeting } from '../../shared/model/meeting'
import { readParticipants } from '../../shared/model/participant'
import { readRecords } from '../../shared/model/record-log'
import { openPage } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { createBoardWithLinks, syncUrlOf, type CreatedBoard } from '../helpers/server'
import { connectClient, type SyncClient } from '../server/clients'
import { putRecords, sectionRecord } from '../server/roles-fixtures'
import { AWARENESS_FIELDS } from '../../shared/model/awareness'

const PHONE = { width: 360, height: 740 }
const lock = { by: 'Fran', at: 1 }

async function join(page: Page, name: string) {
  await page.locator('#display-name').fill(name)
  await page.getByRole('radio', { name: /^On site$/ }).check()
  await page.locator('#profile-city').fill('Leipzig')
  await page.getByRole('button', { name: 'Join the board' }).click()
}

const connected = (page: Page) => page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
const storedJson = (page: Page, key: string) => page.evaluate((name) => JSON.parse(localStorage.getItem(name) ?? 'null') as unknown, key)

async function send(page: Page, section: string, text: string) {
  await page.getByLabel('Section').selectOption({ label: section })
  await page.getByLabel('Your card').fill(text)
  await page.getByRole('button', { name: 'Send card' }).click()
}

const sentCard = (page: Page, text: string) => page.getByTestId('sent-card').filter({ hasText: text })

describe('the phone capture page', () => {
  let env: BrowserEnvironment
  let facilitator: SyncClient | null = null

  beforeAll(async () => {
    env = await startBrowserEnvironment()
  })

  afterAll(async () => {
    facilitator?.destroy()
    await env?.close()
  })

  /** A new board and its facilitator, connected from Node. */
  async function newBoard(): Promise<{ board: CreatedBoard; facilitator: SyncClient }> {
    const board = await createBoardWithLinks(env.url)
    facilitator?.destroy()
    facilitator = connectClient(syncUrlOf(env.url), board.id)
    await facilitator.synced()
    return { board, facilitator }
  }

  /**
   * Something the facilitator writes after `change`, shown on the phone: the server relays one
   * client's updates in order, so once the title shows, the phone has `change` too.
   */
  async function seenOnPhone(page: Page, client: SyncClient, title: string, change: () => void) {
    change()
    writeMeeting(client.doc, { title })
    await page.getByRole('heading', { name: title }).waitFor()
  }

  const onServer = (client: SyncClient, text: string) => JSON.stringify([...readRecords(client.doc).values()]).includes(text)

  it('is the same person as the board on the same device, and as tldraw had it before', async () => {
    // No records yet: the board page, opened second, writes the board's tldraw schema.
    const { board, facilitator } = await newBoard()
    const { context, page: phone } = await openPage(env.browser, env.url, { viewport: PHONE })
    await phone.goto(`${env.url}/b/${board.id}/capture#k=${board.tokens.participant}`)
    await join(phone, 'Carla')
    await connected(phone)
    const { userId } = (await storedJson(phone, 'gatherboard.profile')) as { userId: string }
    expect(userId).toMatch(/\S/)

    // The board in another tab of the same phone: no second join, and tldraw goes by the same id.
    const tab = await context.newPage()
    await tab.goto(`${env.url}/b/${board.id}#k=${board.tokens.participant}`)
    await tab.locator('.tl-canvas').waitFor()
    await connected(tab)
    expect(await tab.locator('#display-name').count()).toBe(0)
    expect(await storedJson(tab, 'TLDRAW_USER_DATA_v3')).toMatchObject({ user: { id: userId, name: 'Carla' } })
    await expect
      .poll(() => {
        const sessions = [...facilitator.provider.awareness.getStates().values()].filter((state) => state[AWARENESS_FIELDS.profile])
        return sessions.map((state) => [(state[AWARENESS_FIELDS.profile] as { userId: string }).userId, (state.presence as { userId?: string } | undefined)?.userId ?? null])
      })
      .toEqual(expect.arrayContaining([[userId, null], [userId, `user:${userId}`]]))
    // The server recorded the phone once (one device, two tabs), with the role of its link.
    await expect.poll(() => readParticipants(facilitator.doc).map((entry) => [entry.name, entry.role])).toEqual([['Carla', 'participant']])
    await context.close()

    // A device that used the board before keeps tldraw's id and name on the capture page.
    const old = await openPage(env.browser, env.url, { viewport: PHONE })
    await old.page.goto(`${env.url}/b/${board.id}/capture#k=${board.tokens.participant}`)
    await old.page.locator('#display-name').waitFor()
    await old.page.evaluate(() => {
      localStorage.removeItem('gatherboard.profile')
      localStorage.setItem('TLDRAW_USER_DATA_v3', JSON.stringify({ version: 13, user: { id: 'used-the-board-before', name: 'Dana' } }))
    })
    await old.page.reload()
    expect(await old.page.locator('#display-name').inputValue()).toBe('Dana')
    await join(old.page, 'Dana')
    await connected(old.page)
    expect(await storedJson(old.page, 'gatherboard.profile')).toMatchObject({ userId: 'used-the-board-before', name: 'Dana' })
    await old.context.close()
  })

  it('says why a card for a locked section is not added, and marks one the server refused as not sent, once', async () => {
    // Sections written straight into the record log: the capture page reads the board without tldraw.
    const { board, facilitator } = await newBoard()
    putRecords(facilitator.doc, [sectionRecord('shape:questions', 'questions', 0), sectionRecord('shape:ideas', 'ideas', 1000)])
    const { context, page: phone, foreignRequests } = await openPage(env.browser, env.url, { viewport: PHONE })
    let loads = 0
    phone.on('load', () => loads++)
    await phone.goto(`${env.url}/b/${board.id}/capture#k=${board.tokens.participant}`)
    await join(phone, 'Carla')
    await connected(phone)

    // Locked, and the phone knows it: the card is not written, the person is told why, the text stays.
    await seenOnPhone(phone, facilitator, 'Locked questions', () => setLock(facilitator.doc, 'shape:questions', lock))
    await send(phone, 'Questions', 'Who pays for the benches?')
    await phone.getByTestId('card-not-added').filter({ hasText: 'The facilitator has locked this section: your card was not added.' }).waitFor()
    expect(await phone.getByLabel('Your card').inputValue()).toBe('Who pays for the benches?')
    expect(await phone.getByTestId('sent-card').count()).toBe(0)
    await send(phone, 'Ideas', 'A bench festival')
    await sentCard(phone, 'A bench festival').filter({ hasText: 'sent' }).waitFor()
    await expect.poll(() => onServer(facilitator, 'A bench festival'), { timeout: 10_000 }).toBe(true)

    // Locked while the phone is offline: the card it writes meanwhile is refused when it returns.
    await context.setOffline(true)
    await phone.getByTestId('capture-offline').waitFor()
    setLock(facilitator.doc, 'shape:ideas', lock)
    await send(phone, 'Ideas', 'Written in the park')
    await sentCard(phone, 'Written in the park').filter({ hasText: 'waiting for the connection' }).waitFor()
    await context.setOffline(false)
    await phone.getByTestId('capture-refused').filter({ hasText: 'The facilitator has locked this section.' }).waitFor({ timeout: 15_000 })
    const refused = sentCard(phone, 'Written in the park')
    await refused.filter({ hasText: 'not sent: The facilitator has locked this section.' }).waitFor({ timeout: 15_000 })
    expect(await refused.getAttribute('data-refused')).toBe('true')
    expect(await sentCard(phone, 'A bench festival').getAttribute('data-refused')).toBe('false')

    // It started over in place (no reload) from the server's copy: the next card goes through, and
    // after a reload nothing refused is sent again.
    await connected(phone)
    await seenOnPhone(phone, facilitator, 'Ideas open again', () => setLock(facilitator.doc, 'shape:ideas', null))
    await send(phone, 'Ideas', 'Tool library')
    await expect.poll(() => onServer(facilitator, 'Tool library'), { timeout: 10_000 }).toBe(true)
    expect(loads).toBe(1)
    await phone.reload()
    await connected(phone)
    await send(phone, 'Ideas', 'Night walks')
    await expect.poll(() => onServer(facilitator, 'Night walks'), { timeout: 10_000 }).toBe(true)
    expect(await phone.getByTestId('capture-refused').count()).toBe(0)
    expect(onServer(facilitator, 'Written in the park')).toBe(false)
    expect(await refused.getAttribute('data-refused')).toBe('true')
    expect(foreignRequests).toEqual([])
    await context.close()
  })
})
