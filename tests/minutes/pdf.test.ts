/** The meeting PDF built from the fixture's minutes in Node (the browser test covers the pictures from tldraw). */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildMeetingPdf, type MeetingPdfFonts, type SectionImage } from '../../shared/minutes/meeting-pdf'
import { buildMinutes } from '../../shared/minutes/build'
import { RecordLog } from '../../shared/model/record-log'
import { HOSTILE_TEXT, fixtureOptions, makeFixtureDoc } from './fixture'
import { pdfPageImages, pdfPageTexts } from '../helpers/pdf'
import { greyPng } from '../helpers/png'

/** The font files the client serves for the PDF. */
const FONTS: MeetingPdfFonts = {
  regular: readFileSync(new URL('../../client/assets/fonts/IBMPlexSans-Regular.woff', import.meta.url)),
  bold: readFileSync(new URL('../../client/assets/fonts/IBMPlexSans-Bold.woff', import.meta.url)),
}
const BOARD_URL = 'https://board.example.org/b/Fixture123'

/** Names of people and places from all over Europe, as the PDF must print them. */
const EUROPE = 'Łódź, İzmir, Ærø, Θεσσαλονίκη, Київ: Zoë Ødegård, Ştefan Ţurcanu, Őrs Ürge'

describe('meeting PDF', () => {
  it('has a cover, one page per section picture, then the minutes, every page numbered', async () => {
    const doc = makeFixtureDoc()
    const log = new RecordLog<{ id: string; props: Record<string, unknown> } & Record<string, unknown>>(doc)
    const card = log.get('shape:w-lanes')!
    // A character the font cannot draw (the emoji) must not break the PDF; every European letter is drawn.
    log.put([{ ...card, props: { ...card.props, text: 'Bike lanes 🚲 worked' } }])
    const other = log.get('shape:q-funding')!
    log.put([{ ...other, props: { ...other.props, text: EUROPE } }])
    const minutes = buildMinutes(doc, fixtureOptions())
    const frames = minutes.sections.filter((section) => section.id !== null)
    const images: SectionImage[] = frames.map((section, i) => ({ id: section.id!, title: section.title, png: greyPng(40 + i * 10, 30), width: 40 + i * 10, height: 30 }))

    const bytes = await buildMeetingPdf(minutes, images, FONTS, { boardUrl: BOARD_URL })
    const pages = pdfPageTexts(bytes)
    const imageCounts = pdfPageImages(bytes).map((pictures) => pictures.length)

    pages.forEach((lines, i) => expect(lines.at(-1)).toBe(`Page ${i + 1} of ${pages.length}`))

    const cover = pages[0]!.join('\n')
    expect(cover).toContain('Street lab exchange Berlin–Leipzig')
    expect(cover).toContain('Learn from each other')
    expect(cover).toContain('Date: 12 June 2026, 14:00')
    expect(cover).toContain('Cities: Berlin, Leipzig')
    expect(cover).toContain('5 people: 2 on site, 3 remote')
    expect(cover).toContain(`Board: ${BOARD_URL}`)
    expect(imageCounts[0]).toBe(0)

    for (let i = 0; i < frames.length; i++) {
      expect(pages[1 + i]).toEqual([frames[i]!.title, `Page ${2 + i} of ${pages.length}`])
      expect(imageCounts[1 + i]).toBe(1)
    }

    // Lines are wrapped at spaces: joined with spaces the text reads as written.
    const rest = pages.slice(1 + frames.length).flat().join(' ')
    expect(rest).toContain('Minutes: Street lab exchange Berlin–Leipzig')
    expect(rest).toContain(EUROPE)
    for (const line of HOSTILE_TEXT.split('\n').slice(1)) expect(rest).toContain(line)
    // A card's own line breaks start new lines: no glyph of the font, they once printed as "?".
    expect(rest).toContain(HOSTILE_TEXT.split('\n').slice(1).join(' '))
    expect(rest).toContain('Bike lanes ? worked')
    expect(rest).toContain('Share the funding template · Alice Adler · Berlin · 1 July 2026')
  })
})
