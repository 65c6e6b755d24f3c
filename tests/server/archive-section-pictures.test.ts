/**
 * The section pictures of the PDF in the whole-board archive (`npm run export -- <id> --format all`),
 * which the server draws from the board's records without a canvas: every section gets a page with
 * its frame, its cards in their places and colours, their text and author lines, a cluster, a
 * photo and the revealed round's count. Read as a reader would: pages rendered with `pdftoppm`
 * and looked at in pixels, the text extracted with `pdftotext` page by page.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTar } from '../../server/storage/tar'
import { CARD_SIZE } from '../../shared/model/card'
import { CLUSTER_META_KEY } from '../../shared/model/cluster'
import { CARD_INK } from '../../shared/model/card-layout'
import { SECTION_META_KEY } from '../../shared/model/sections'
import { CARD_TINTS } from '../../shared/model/section-style'
import { slotOrigin } from '../../shared/model/slot-grid'
import { placeDot, revealRound, startRound } from '../../shared/model/voting'
import { ARTIFACTS_DIR, writeArtifact } from '../helpers/browser'
import { cardRecord } from '../helpers/card-record'
import { pdfPageRenders, pdfPageTexts, writePdfPagePngs } from '../helpers/pdf'
import { boundsOfColour, crop, shareOfColour, shareOfDark } from '../helpers/pixels'
import { solidPng } from '../helpers/png'
import { waitFor } from '../helpers/wait'
import { makeTempDir, runExportCommand, removeDir, startTestServer, type TestServer } from '../helpers/server'
import { api, connectAs, newBoard, PAGE_ID, putRecords, voterIdOf, type Board, type RoleClient } from './roles-fixtures'

const QUESTIONS = 'shape:s-questions'
const WORKED = 'shape:s-worked'
const TALL = 'shape:s-tall'
/** The card with the photo and the vote, in the Questions section. */
const QUESTION = { text: 'Wer pflegt die Bänke am Plac Wolności?', name: 'Zofia Wróbel', city: 'Łódź' }
const WORKED_CARD = { text: 'Сусіди прийшли на перший день', name: 'Олена Коваль', city: 'Київ' }
/** Longer than its card holds: it ends in an ellipsis at a whole line, and its last words are only in the minutes. */
const LONG_CARD = {
  text: 'We asked the shop owners first, then the school, then the neighbours on both sides of the street, and only then did we close it for cars on Saturdays; the last ones to hear were the bus drivers',
  lastWords: 'bus drivers',
}
/** The photo's one colour, which nothing else on the page has. */
const PHOTO_RGB = [0x2e, 0x8b, 0x57] as const
const PHOTO_HEX = '#2e8b57'
const CLUSTERED = { text: 'Chalk on the road', name: 'Ærø Ærøsen', city: 'Ærøskøbing', cluster: 'Play' }
const TALL_CARD = { text: 'Ask the harbour office', name: 'Νίκος Παπαδόπουλος', city: 'Θεσσαλονίκη', owner: 'Μαρία', due: '2026-07-01' }

function frame(id: string, x: number, size: { w: number; h: number }, name: string, meta: Record<string, unknown>, parentId = PAGE_ID, y = 0) {
  return { id, typeName: 'shape', type: 'frame', parentId, x, y, rotation: 0, index: 'a1', isLocked: false, opacity: 1, props: { ...size, name }, meta }
}

function card(id: string, parentId: string, slot: { col: number; row: number }, content: { text: string; name: string; city: string }) {
  return cardRecord({ id, parentId, ...slotOrigin(slot), props: { text: content.text, kind: 'note', authorName: content.name, authorCity: content.city, anonymous: false, createdAt: 1 } })
}

describe('the archive PDF draws every section from the board', () => {
  let server: TestServer
  let board: Board
  let facilitator: RoleClient
  let outDir: string

  /** The archive's PDF for these export options. */
  async function archivePdf(name: string, options: string[] = []): Promise<Buffer> {
    const out = path.join(outDir, `${name}.tar`)
    const result = await runExportCommand([board.id, '--format', 'all', '--out', out, '--tz', 'Europe/Berlin', ...options], server.dataDir)
    expect(result.code, result.stderr).toBe(0)
    let pdf: Buffer | null = null
    readTar(out, (entry) => {
      if (entry.name.endsWith('.pdf')) pdf = entry.read()
    })
    expect(pdf).not.toBeNull()
    return pdf!
  }

  beforeAll(async () => {
    server = await startTestServer()
    outDir = await makeTempDir('gatherboard-section-pictures-')
    board = await newBoard(server)
    const voterKey = `fran-${board.id}-0123456789`
    facilitator = await connectAs(board, 'facilitator', voterKey)
    const uploaded = await api(board, 'facilitator', '/assets', { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: Buffer.from(solidPng(60, 40, PHOTO_RGB)) })
    expect(uploaded.status).toBe(201)
    const { url: photoUrl } = (await uploaded.json()) as { url: string }

    const wide = { w: 904, h: 668 }
    const commitmentCard = cardRecord({
      id: 'shape:tall', parentId: TALL, ...slotOrigin({ col: 0, row: 0 }),
      props: { text: TALL_CARD.text, kind: 'commitment', authorName: TALL_CARD.name, authorCity: TALL_CARD.city, anonymous: false, createdAt: 1 },
    })
    const commitment = { ...commitmentCard, props: { ...(commitmentCard.props as object), owner: TALL_CARD.owner, due: TALL_CARD.due } }
    putRecords(facilitator.doc, [
      frame(QUESTIONS, 0, wide, '', { [SECTION_META_KEY]: 'questions' }),
      frame(WORKED, 1000, wide, '', { [SECTION_META_KEY]: 'worked' }),
      frame(TALL, 2000, { w: 328, h: 1400 }, 'Hafen Θεσσαλονίκη', { [SECTION_META_KEY]: 'commitments' }),
      card('shape:question', QUESTIONS, { col: 0, row: 0 }, QUESTION),
      { id: 'asset:photo', typeName: 'asset', type: 'image', props: { src: photoUrl, name: 'photo.png', w: 60, h: 40, mimeType: 'image/png', isAnimated: false }, meta: {} },
      {
        id: 'shape:photo', typeName: 'shape', type: 'image', parentId: QUESTIONS, ...slotOrigin({ col: 1, row: 0 }), rotation: 0, index: 'a5', isLocked: false, opacity: 1,
        props: { w: 270, h: 180, playing: true, url: '', assetId: 'asset:photo', crop: null, flipX: false, flipY: false, altText: 'benches' }, meta: {},
      },
      card('shape:worked', WORKED, { col: 0, row: 0 }, WORKED_CARD),
      card('shape:long', WORKED, { col: 1, row: 0 }, { text: LONG_CARD.text, name: 'Ben', city: 'Leipzig' }),
      frame('shape:cluster', slotOrigin({ col: 0, row: 1 }).x, { w: 328, h: 228 }, CLUSTERED.cluster, { [CLUSTER_META_KEY]: true }, WORKED, slotOrigin({ col: 0, row: 1 }).y),
      card('shape:clustered', 'shape:cluster', { col: 0, row: 0 }, CLUSTERED),
      commitment,
    ])
    // A revealed round with one dot on the Questions card: the board shows its count on the card.
    const round = startRound(facilitator.doc, { id: 'r1', sections: [QUESTIONS], dots: 3, hidden: false }, Date.now())
    expect(placeDot(facilitator.doc, round, await voterIdOf(board, voterKey), 'shape:question')).toBe(true)
    revealRound(facilitator.doc, 'r1', Date.now())
    // The export reads the database, not the room: wait until the last change is stored.
    await waitFor(async () => (await (await api(board, 'facilitator', '/minutes.md')).text()).includes('1 vote'), { message: 'the revealed round to be stored' })
    expect(facilitator.refusals).toEqual([])
  })

  afterAll(async () => {
    facilitator?.destroy()
    await server?.close()
    if (outDir) await removeDir(outDir)
  })

  it('gives every section a page with its own cards, authors and names in their letters, nothing of the others', async () => {
    const pdf = await archivePdf('with-names')
    writeArtifact('archive-section-pictures.pdf', pdf)
    writePdfPagePngs(pdf, ARTIFACTS_DIR, 'archive-section-pictures', 60)
    const pages = pdfPageTexts(pdf)
    pages.forEach((lines, i) => expect(lines.at(-1)).toBe(`Page ${i + 1} of ${pages.length}`))
    const pageOf = (title: string) => pages.findIndex((lines, i) => i > 0 && lines[0] === title)
    const [questions, worked, tall] = ['Questions', 'What worked', 'Hafen Θεσσαλονίκη'].map(pageOf) as [number, number, number]
    expect([questions, worked, tall]).toEqual([1, 2, 3])
    // pdftotext gives a card's wrapped lines as lines: read them as one text.
    const text = (page: number) => pages[page]!.join(' ')

    expect(text(questions)).toContain(QUESTION.text)
    expect(text(questions)).toContain(`${QUESTION.name}, ${QUESTION.city}`)
    expect(text(worked)).toContain(WORKED_CARD.text)
    expect(text(worked)).toContain(`${WORKED_CARD.name}, ${WORKED_CARD.city}`)
    expect(text(worked)).toContain(CLUSTERED.cluster)
    expect(text(worked)).toContain(`${CLUSTERED.name}, ${CLUSTERED.city}`)
    expect(text(tall)).toContain(TALL_CARD.text)
    expect(text(tall)).toContain(`${TALL_CARD.name}, ${TALL_CARD.city}`)
    expect(text(tall)).toContain(`Who: ${TALL_CARD.owner} · by 1 July 2026`)
    // Each card only on its own section's page.
    for (const page of [worked, tall]) expect(text(page)).not.toContain(QUESTION.name)
    for (const page of [questions, tall]) expect(text(page)).not.toContain(WORKED_CARD.name)
    for (const page of [questions, worked]) expect(text(page)).not.toContain(TALL_CARD.name)

    // The long card: cut at a whole line with an ellipsis; the whole text is in the minutes.
    const longLines = pages[worked]!.filter((line) => LONG_CARD.text.startsWith(line.replace(/…$/, '')) || line.endsWith('…'))
    expect(longLines.at(-1)).toMatch(/…$/)
    expect(text(worked)).not.toContain(LONG_CARD.lastWords)
    expect(pages.slice(4).flat().join(' ')).toContain(LONG_CARD.lastWords)
  })

  it('draws each card in its place and colour with dark text, the photo, the count; wide sections in landscape', async () => {
    const pdf = await archivePdf('pixels')
    const renders = pdfPageRenders(pdf, 72)
    const [questions, worked, tall] = [renders[1]!, renders[2]!, renders[3]!]
    expect(questions.width).toBeGreaterThan(questions.height)
    expect(tall.width).toBeLessThan(tall.height)

    // The card's box: the card's colour in the card's proportions, with dark text on it.
    // Rows and columns with a run of the tint: the blended edge of the blue badge passes for it in places.
    const box = boundsOfColour(questions, CARD_TINTS.questions, { perLine: 40 })!
    expect(box).not.toBeNull()
    expect(box.w / box.h).toBeCloseTo(CARD_SIZE.w / CARD_SIZE.h, 1)
    const cardArea = crop(questions, box)
    expect(shareOfColour(cardArea, CARD_TINTS.questions)).toBeGreaterThan(0.5)
    expect(shareOfDark(cardArea)).toBeGreaterThan(0.03)
    expect(shareOfColour(cardArea, CARD_INK.text, 40)).toBeGreaterThan(0.02)
    // The photo in the next slot: its colour fills a box as high as the card, right of it.
    const photo = boundsOfColour(questions, PHOTO_HEX)!
    expect(photo).not.toBeNull()
    expect(photo.x).toBeGreaterThan(box.x + box.w)
    expect(photo.h).toBeCloseTo(box.h, -1)
    // The revealed count, on the card's top right corner, above it.
    const badge = boundsOfColour(questions, '#1b5fc1', { tolerance: 8 })!
    expect(badge).not.toBeNull()
    expect(badge.y + badge.h).toBeLessThanOrEqual(box.y + 1)
    expect(badge.x + badge.w).toBeCloseTo(box.x + box.w, -1)

    // Each section's cards in its own tint; no card of Questions elsewhere.
    expect(shareOfColour(worked, CARD_TINTS.worked)).toBeGreaterThan(0.05)
    expect(shareOfColour(tall, CARD_TINTS.commitments)).toBeGreaterThan(0.01)
    for (const page of [worked, tall]) expect(shareOfColour(page, CARD_TINTS.questions)).toBe(0)
    // The cover and the minutes draw no card.
    for (const page of [renders[0]!, ...renders.slice(4)]) expect(shareOfColour(page, CARD_TINTS.worked)).toBe(0)
  })

  it('leaves the names out of the pictures with --names 0, cities stay', async () => {
    const text = pdfPageTexts(await archivePdf('without-names', ['--names', '0'])).flat().join('\n')
    for (const name of [QUESTION.name, WORKED_CARD.name, CLUSTERED.name, TALL_CARD.name, TALL_CARD.owner]) expect(text).not.toContain(name)
    expect(text).toContain(QUESTION.city)
    expect(text).toContain(WORKED_CARD.city)
  })
})
