/**
 * The meeting record from the board in real Chromium against a real server: PNG of the board at its
 * size and not blank, the PDF (cover, one page per section, text with title and a card), the
 * minutes from the server (through a short-lived download token, no link token in the address), the
 * `.tldr` round trip into a new board with the same records, broken and foreign files refused with
 * a message, and closing the meeting as a read-only archive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { IMAGE_EXPORT } from '../../client/board/export/image-export'
import { CARD_TINTS } from '../../shared/model/section-style'
import { CARD_SIZE } from '../../shared/model/card'
import { readMeeting } from '../../shared/model/meeting'
import { RecordLog, readRecords } from '../../shared/model/record-log'
import { SECTION_SIZE, questionMapLayout, templateSectionId } from '../../shared/model/template'
import { cardRecord } from '../helpers/card-record'
import { download, openPage, saveScreenshot, writeArtifact } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { facilitatorFetch, rememberFacilitatorLink, syncUrlOf } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { pdfPageImages, pdfPageTexts } from '../helpers/pdf'
import { crop, pngRegion, shareOfColour, shareOfDark, shareOfLight, type Rect } from '../helpers/pixels'
import { connectClient, type SyncClient } from '../server/clients'

const TITLE = 'Street lab exchange Leipzig–Dresden'
const CARD_TEXT = 'How did you involve the neighbours early?'
/** The card's author, so the record must print letters beyond Western Europe. */
const AUTHOR = { name: 'Łucja Wąsowska', city: 'Київ' }
/** Where the card sits in its section (the Questions frame). */
const CARD_OFFSET = { x: 24, y: 56 }

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

/** A board's records and meeting as the server has them, read by a fresh client. */
async function storedBoard(serverUrl: string, boardId: string) {
  const client = connectClient(syncUrlOf(serverUrl), boardId)
  try {
    await client.synced()
    return { records: readRecords(client.doc), meeting: readMeeting(client.doc) }
  } finally {
    client.destroy()
  }
}

describe('the meeting record from the board', () => {
  let env: BrowserEnvironment
  let page: Page
  let boardId: string
  let seeder: SyncClient
  /** The backup taken in one test and restored in a later one, with the records it holds. */
  let backup: { bytes: Buffer; name: string }
  let backedUp: Awaited<ReturnType<typeof storedBoard>>
  /** What the page logged as an error about rendering shapes for an export (once: "useI18n needs an <I18nProvider>"). */
  const exportErrors: string[] = []

  const dialog = () => page.getByRole('dialog', { name: 'Meeting record' })
  const openExport = async () => {
    if (!(await dialog().isVisible())) await page.getByTestId('export-button').click()
    await dialog().waitFor()
  }
  const status = () => dialog().getByTestId('export-status')
  const drawRectangle = async () => {
    await page.locator('.tl-canvas').click({ position: { x: 40, y: 700 } })
    await page.keyboard.press('r')
    await page.mouse.move(300, 300)
    await page.mouse.down()
    await page.mouse.move(420, 390, { steps: 8 })
    await page.mouse.up()
    await page.keyboard.press('Escape')
  }

  beforeAll(async () => {
    env = await startBrowserEnvironment()

    // The facilitator sets up a meeting on the start page and joins the new board.
    ;({ page } = await openPage(env.browser, env.url, { locale: 'en-GB' }))
    await page.goto(env.url)
    await page.locator('#meeting-title').fill(TITLE)
    await page.locator('#meeting-purpose').fill('Learn from each other what went wrong with street experiments.')
    await page.locator('#meeting-starts').fill('2026-06-12T14:00')
    await page.locator('#meeting-place').fill('Clara-Zetkin-Park')
    await page.locator('#meeting-city').fill('Leipzig')
    await page.locator('#meeting-city').press('Enter')
    await page.getByRole('button', { name: /create board/i }).click()
    await page.waitForURL(/\/b\/[A-Za-z0-9_-]+(#.*)?$/)
    boardId = rememberFacilitatorLink(page.url())
    await page.locator('#display-name').fill('Anna')
    await page.getByRole('radio', { name: /^On site$/i }).check()
    await page.locator('#profile-city').fill('Leipzig')
    await page.getByRole('button', { name: /join the board/i }).click()
    await page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
    await waitFor(async () => (await page.locator('.tl-shape[data-shape-type="frame"]').count()) === 5, { timeout: 15_000 })

    // A card arrives from elsewhere (a plain Yjs client), as cards from phones do.
    seeder = connectClient(syncUrlOf(env.url), boardId)
    await seeder.synced()
    const log = new RecordLog<{ id: string } & Record<string, unknown>>(seeder.doc)
    log.put([
      cardRecord({
        id: 'shape:export-test-card',
        parentId: templateSectionId('questions'),
        ...CARD_OFFSET,
        props: { text: CARD_TEXT, kind: 'note', authorName: AUTHOR.name, authorCity: AUTHOR.city, anonymous: false, createdAt: Date.UTC(2026, 5, 12, 12) },
      }),
    ])
    log.dispose()
    await page.locator('.tl-shape[data-shape-type="gb-card"]', { hasText: CARD_TEXT }).waitFor({ timeout: 15_000 })
    page.on('console', (message) => {
      if (message.type() === 'error' && /provider|export|render/i.test(message.text())) exportErrors.push(message.text())
    })
  })

  afterAll(async () => {
    seeder?.destroy()
    await env?.close()
  })

  it('exports the whole board as a PNG of its size that shows the card and the purpose', async () => {
    await openExport()
    await dialog().getByTestId('export-scope').selectOption('board')
    const png = await download(page, dialog().getByRole('button', { name: 'PNG', exact: true }))
    expect(png.name).toBe('street-lab-exchange-leipzig-dresden-board.png')

    // The board is the template: the purpose in the middle and five sections (the card sits inside one).
    const layout = questionMapLayout()
    const boxes = [layout.purpose, ...layout.sections]
    const left = Math.min(...boxes.map((b) => b.x))
    const right = Math.max(...boxes.map((b) => b.x + b.w))
    const top = Math.min(...boxes.map((b) => b.y))
    const bottom = Math.max(...boxes.map((b) => b.y + b.h))
    const { padding, pixelRatio } = IMAGE_EXPORT
    expect(pngSize(png.bytes)).toEqual({
      width: Math.round((right - left + 2 * padding) * pixelRatio),
      height: Math.round((bottom - top + 2 * padding) * pixelRatio),
    })
    /** A box on the page, in the PNG's pixels. */
    const inPng = (box: Rect): Rect => ({
      x: Math.round((box.x - left + padding) * pixelRatio),
      y: Math.round((box.y - top + padding) * pixelRatio),
      w: Math.round(box.w * pixelRatio),
      h: Math.round(box.h * pixelRatio),
    })

    // The card's area has the card's colour, with its text drawn on it.
    const questions = layout.sections.find((section) => section.kind === 'questions')!
    const card = await pngRegion(page, png.bytes, inPng({ x: questions.x + CARD_OFFSET.x, y: questions.y + CARD_OFFSET.y, ...CARD_SIZE }))
    expect(shareOfColour(card, CARD_TINTS.questions)).toBeGreaterThan(0.4)
    expect(shareOfDark(card)).toBeGreaterThan(0.03)
    // The card's colour is nowhere in an empty section.
    const worked = layout.sections.find((section) => section.kind === 'worked')!
    expect(shareOfColour(await pngRegion(page, png.bytes, inPng(worked)), CARD_TINTS.questions)).toBe(0)
    // The purpose: light text on its dark block.
    const purpose = await pngRegion(page, png.bytes, inPng(layout.purpose))
    expect(shareOfDark(purpose)).toBeGreaterThan(0.5)
    expect(shareOfLight(purpose)).toBeGreaterThan(0.02)
    await expect.poll(() => status().textContent()).toContain('Saved street-lab-exchange-leipzig-dresden-board.png')

    const svg = (await download(page, dialog().getByRole('button', { name: 'SVG', exact: true }))).bytes.toString('utf8')
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/)
    expect(svg).toContain('Learn from each other what went wrong with street experiments.')
    expect(svg).toContain(CARD_TEXT)
    expect(exportErrors).toEqual([])
  })

  it('exports one section as an SVG with its own cards and no others', async () => {
    await openExport()
    const scope = dialog().getByTestId('export-scope')
    await scope.selectOption(templateSectionId('questions'))
    const questions = await download(page, dialog().getByRole('button', { name: 'SVG', exact: true }))
    expect(questions.name).toBe('street-lab-exchange-leipzig-dresden-questions.svg')
    const svg = questions.bytes.toString('utf8')
    expect(svg).toContain(CARD_TEXT)
    expect(svg).toContain(`${AUTHOR.name}, ${AUTHOR.city}`)
    // tldraw frames a lone section exactly by its bounds (its border and name are left out; the PDF page names it).
    expect(svg).toMatch(new RegExp(`^<svg [^>]*width="${SECTION_SIZE.w}" height="${SECTION_SIZE.h}"`))

    await scope.selectOption(templateSectionId('worked'))
    const worked = (await download(page, dialog().getByRole('button', { name: 'SVG', exact: true }))).bytes.toString('utf8')
    expect(worked).toMatch(/^<svg[\s\S]*<\/svg>\s*$/)
    expect(worked).not.toContain(CARD_TEXT)
    await scope.selectOption('board')
    expect(exportErrors).toEqual([])
  })

  it('exports a PDF to file: a cover, a picture of each section with its cards, the minutes, every name in its letters', async () => {
    await openExport()
    const pdf = await download(page, dialog().getByRole('button', { name: 'PDF with minutes' }))
    expect(pdf.name).toBe('street-lab-exchange-leipzig-dresden-2026-06-12-minutes-en.pdf')
    writeArtifact('export-meeting-record.pdf', pdf.bytes)
    const pages = pdfPageTexts(pdf.bytes)
    const images = pdfPageImages(pdf.bytes)

    const cover = pages[0]!.join(' ')
    expect(cover).toContain(TITLE)
    expect(cover).toContain('Learn from each other what went wrong with street experiments.')
    expect(cover).toContain('Place: Clara-Zetkin-Park')
    expect(cover).toContain('1 person: 1 on site, 0 remote')
    // The board's address, and no link token: the record travels to other cities.
    expect(cover).toContain(`Board: ${env.url}/b/${boardId}`)
    expect(pdf.bytes.toString('latin1')).not.toContain(new URL(page.url()).hash.replace('#k=', ''))
    pages.forEach((lines, i) => expect(lines.at(-1)).toBe(`Page ${i + 1} of ${pages.length}`))

    const sectionPages = pages.slice(1, 6)
    expect(sectionPages.map((lines) => lines[0])).toEqual(['Questions', 'What worked', 'What did not work', 'Ideas', 'Commitments'])
    // A section without cards says so on its page instead of showing an empty picture.
    expect(sectionPages.map((lines) => lines.includes('No cards.'))).toEqual([false, true, true, true, true])
    expect(images.map((pictures) => pictures.length).slice(0, 7)).toEqual([0, 1, 1, 1, 1, 1, 0])
    // The Questions picture shows the card: its colour, and dark text inside the card's area.
    const questions = images[1]![0]!
    const tint = shareOfColour(questions, CARD_TINTS.questions)
    const cardShare = (CARD_SIZE.w * CARD_SIZE.h) / (SECTION_SIZE.w * SECTION_SIZE.h)
    expect(tint).toBeGreaterThan(cardShare * 0.4)
    expect(tint).toBeLessThan(cardShare * 1.2)
    const scale = questions.width / SECTION_SIZE.w
    expect(questions.height).toBe(Math.round(SECTION_SIZE.h * scale))
    const cardBox = crop(questions, {
      x: Math.round(CARD_OFFSET.x * scale),
      y: Math.round(CARD_OFFSET.y * scale),
      w: Math.round(CARD_SIZE.w * scale),
      h: Math.round(CARD_SIZE.h * scale),
    })
    expect(shareOfColour(cardBox, CARD_TINTS.questions)).toBeGreaterThan(0.4)
    expect(shareOfDark(cardBox)).toBeGreaterThan(0.03)
    // The other sections have no card: none of the card's colour.
    for (const pictures of images.slice(2, 6)) expect(shareOfColour(pictures[0]!, CARD_TINTS.questions)).toBe(0)

    const minutes = pages.slice(6).flat().join(' ')
    expect(minutes).toContain(`Minutes: ${TITLE}`)
    expect(minutes).toContain(CARD_TEXT)
    expect(minutes).toContain(`${AUTHOR.name} (${AUTHOR.city})`)
    expect(exportErrors).toEqual([])
  })

  it('downloads the minutes from the server, with a download token and no link token in the address', async () => {
    await openExport()
    const minutes = dialog().getByRole('region', { name: 'Minutes' })
    const markdown = await download(page, minutes.getByRole('button', { name: 'MD', exact: true }))
    expect(markdown.name).toBe('street-lab-exchange-leipzig-dresden-2026-06-12-minutes-en.md')
    const text = markdown.bytes.toString('utf8')
    expect(text).toContain(TITLE)
    expect(text).toContain(CARD_TEXT)
    const address = new URL(markdown.url)
    expect(address.pathname).toBe(`/api/boards/${boardId}/minutes.md`)
    expect(address.searchParams.get('d')).toMatch(/^gd1\./)
    expect(address.searchParams.has('k')).toBe(false)
    const facilitatorToken = new URL(page.url()).hash.replace('#k=', '')
    expect(markdown.url).not.toContain(facilitatorToken)
    await expect.poll(() => status().textContent()).toBe(`Saved ${markdown.name}.`)

    // Without names, as JSON: the same way.
    await minutes.getByRole('checkbox', { name: 'Leave names out (for publication)' }).check()
    const json = await download(page, minutes.getByRole('button', { name: 'JSON', exact: true }))
    const parsed = JSON.parse(json.bytes.toString('utf8')) as { meeting: { title: string } }
    expect(parsed.meeting.title).toBe(TITLE)
    expect(json.bytes.toString('utf8')).not.toContain(AUTHOR.name)
  })

  it('backs the board up as .tldr and imports it into a new board with the same records', async () => {
    await openExport()
    backup = await download(page, dialog().getByRole('button', { name: 'Download backup (.tldr)' }))
    expect(backup.name).toBe('street-lab-exchange-leipzig-dresden.tldr')
    const file = JSON.parse(backup.bytes.toString('utf8'))
    expect(file.tldrawFileFormatVersion).toBe(1)
    const documentRecord = file.records.find((record: { typeName: string }) => record.typeName === 'document')
    expect(documentRecord.meta.gatherboard.meeting.title).toBe(TITLE)

    const original = (backedUp = await storedBoard(env.url, boardId))
    await dialog().getByTestId('import-file').setInputFiles({ name: backup.name, mimeType: 'application/vnd.tldraw+json', buffer: backup.bytes })
    // The page says what was chosen, in its own words (the browser's file button is hidden).
    await expect.poll(() => dialog().getByTestId('import-chosen').textContent()).toBe(`Chosen: ${backup.name}`)
    await dialog().getByRole('button', { name: 'Open as a new board' }).click()
    await page.waitForURL((url) => /\/b\/[A-Za-z0-9_-]+$/.test(url.pathname) && !url.pathname.endsWith(boardId), { timeout: 30_000 })
    const copyId = rememberFacilitatorLink(page.url())

    const copy = await storedBoard(env.url, copyId)
    expect([...copy.records.keys()].sort()).toEqual([...original.records.keys()].sort())
    for (const [id, record] of original.records) expect(copy.records.get(id), id).toEqual(record)
    expect({ ...copy.meeting, archivedAt: null }).toEqual({ ...original.meeting, archivedAt: null })
    await saveScreenshot(page, 'export-imported-board')
    await page.goto(`${env.url}/b/${boardId}`)
    await page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
  })

  it('replaces the open board with a backup once the facilitator confirms', async () => {
    const log = new RecordLog<{ id: string } & Record<string, unknown>>(seeder.doc)
    log.put([{ ...log.get('shape:export-test-card')!, id: 'shape:after-backup', y: 300 }])
    log.dispose()
    await waitFor(async () => (await storedBoard(env.url, boardId)).records.has('shape:after-backup'))

    await openExport()
    await dialog().getByTestId('import-file').setInputFiles({ name: backup.name, mimeType: 'application/vnd.tldraw+json', buffer: backup.bytes })
    await dialog().getByRole('button', { name: 'Replace this board…' }).click()
    await dialog().getByText(`Replace everything on this board with the content of ${backup.name}?`).waitFor()
    await dialog().getByRole('button', { name: 'Replace', exact: true }).click()
    await expect.poll(() => status().textContent()).toBe('The backup was imported.')

    await waitFor(async () => !(await storedBoard(env.url, boardId)).records.has('shape:after-backup'), { message: 'the restore to reach the server' })
    expect((await storedBoard(env.url, boardId)).records).toEqual(backedUp.records)
    expect(page.url()).toBe(`${env.url}/b/${boardId}`)
  })

  it('refuses a broken or foreign file with a message and changes nothing', async () => {
    const before = await storedBoard(env.url, boardId)
    await openExport()
    const input = dialog().getByTestId('import-file')

    await input.setInputFiles({ name: 'broken.tldr', mimeType: 'application/json', buffer: Buffer.from('{"tldrawFileFormatVersion": 1, "records": [') })
    await expect.poll(() => dialog().getByRole('alert').textContent()).toBe('This is not a tldraw file (.tldr). Nothing was changed.')
    await expect(dialog().getByRole('button', { name: 'Open as a new board' }).count()).resolves.toBe(0)

    const foreign = {
      tldrawFileFormatVersion: 1,
      schema: { schemaVersion: 2, sequences: { 'com.tldraw.store': 4, 'com.tldraw.shape.alien': 1 } },
      records: [{ id: 'shape:ufo', typeName: 'shape', type: 'alien', x: 0, y: 0, props: {} }],
    }
    await input.setInputFiles({ name: 'foreign.tldr', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(foreign)) })
    await expect.poll(() => dialog().getByRole('alert').textContent()).toBe(
      'This file is damaged or holds shapes this board does not know. Nothing was changed.',
    )

    expect(page.url()).toBe(`${env.url}/b/${boardId}`)
    const after = await storedBoard(env.url, boardId)
    expect(after.records).toEqual(before.records)
  })

  it('closes the meeting: the board says since when and takes no more edits, until it is reopened', async () => {
    await openExport()
    await dialog().getByRole('button', { name: 'Close the meeting…' }).click()
    await dialog().getByRole('button', { name: 'Close the meeting', exact: true }).click()
    await page.getByTestId('archive-notice').waitFor()
    expect(await page.getByTestId('archive-notice').textContent()).toMatch(/^This meeting was closed on \d+ \w+ \d{4}, \d\d:\d\d\. The board is a read-only archive\.$/)
    const archive = (await (await facilitatorFetch(`${env.url}/api/boards/${boardId}/archive`)).json()) as { archived: boolean }
    expect(archive.archived).toBe(true)
    await waitFor(() => readMeeting(seeder.doc).archivedAt !== null)

    // The canvas takes no drawing while archived.
    await dialog().getByRole('button', { name: 'Close', exact: true }).click()
    await drawRectangle()
    expect(await page.locator('.tl-shape[data-shape-type="geo"]').count()).toBe(0)
    await openExport()

    await dialog().getByRole('button', { name: 'Reopen the meeting' }).click()
    await page.getByTestId('archive-notice').waitFor({ state: 'detached' })
    // Reopened, the same gesture draws.
    await dialog().getByRole('button', { name: 'Close', exact: true }).click()
    await drawRectangle()
    await expect.poll(() => page.locator('.tl-shape[data-shape-type="geo"]').count()).toBe(1)
    await saveScreenshot(page, 'export-reopened')
  })
})
