/**
 * The section pictures the server draws into the meeting PDF (no canvas), from the fixture board in
 * Node: each section's page carries its own cards (text, authors, cluster label, vote count as the
 * minutes rank them) and no other section's; numbers a client may write that nobody can draw
 * (infinite, not a number) leave that shape or section out instead of breaking the PDF.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildMinutes } from '../../shared/minutes/build'
import { buildMeetingPdf, type MeetingPdfFonts } from '../../shared/minutes/meeting-pdf'
import { sectionScenes } from '../../shared/minutes/section-scene'
import { RecordLog, readRecords } from '../../shared/model/record-log'
import { pdfPageTexts } from '../helpers/pdf'
import { fixtureOptions, makeFixtureDoc } from './fixture'

const FONTS: MeetingPdfFonts = {
  regular: readFileSync(new URL('../../client/assets/fonts/IBMPlexSans-Regular.woff', import.meta.url)),
  bold: readFileSync(new URL('../../client/assets/fonts/IBMPlexSans-Bold.woff', import.meta.url)),
}

async function sectionPages(doc: ReturnType<typeof makeFixtureDoc>, lang: 'en' | 'de' = 'en') {
  const minutes = buildMinutes(doc, fixtureOptions({ lang }))
  const scenes = sectionScenes(readRecords(doc), minutes)
  const pages = pdfPageTexts(await buildMeetingPdf(minutes, scenes.map((scene) => ({ scene, photos: new Map() })), FONTS, { boardUrl: 'https://board.example.org/b/x' }))
  return { scenes, pages: pages.slice(1, 1 + scenes.length).map((lines) => lines.join(' ')) }
}

describe('section pictures drawn from the records', () => {
  it('puts each card on its own section page, with author, cluster and votes, in the language of the minutes', async () => {
    const { scenes, pages } = await sectionPages(makeFixtureDoc())
    expect(scenes.map((scene) => scene.title)).toEqual(['Questions', 'What worked | really', 'Section', 'Commitments'])
    const [questions, worked, custom, commitments] = pages as [string, string, string, string]
    expect(questions).toContain('How do you fund a street lab?')
    expect(questions).toContain('Alice Adler, Berlin')
    expect(questions).toContain('Money & <time>')
    expect(questions).toContain('+49 benches: who pays?')
    // The revealed round's counts on its cards: 2 and 5 dots.
    expect(questions.split(' ')).toEqual(expect.arrayContaining(['2', '5']))
    expect(questions).toContain('anonymous')
    expect(worked).toContain('Pop-up bike lanes, over one weekend')
    expect(worked).not.toContain('How do you fund')
    expect(custom).toContain('=1+1 is not a formula here')
    // The commitment's line, cut with an ellipsis where the card ends, as the board's one line is.
    expect(commitments).toMatch(/Who: Alice Adler, Berlin · by 1 J\S*…/)
    // A card outside every section is in no picture.
    expect(pages.join(' ')).not.toContain('@everyone bring chairs')

    const german = (await sectionPages(makeFixtureDoc(), 'de')).pages
    expect(german[0]!.split(' ')[0]).toBe('Fragen')
    expect(german[3]).toMatch(/Wer: Alice Adler, Berlin · bis \S*/)
  })

  it('leaves out what nobody can draw and still makes the PDF', async () => {
    const doc = makeFixtureDoc()
    const log = new RecordLog<{ id: string; props: Record<string, unknown> } & Record<string, unknown>>(doc)
    log.put([
      { ...log.get('shape:q-funding')!, x: Number.POSITIVE_INFINITY },
      { ...log.get('shape:w-lanes')!, props: { ...log.get('shape:w-lanes')!.props, h: Number.NaN } },
      { ...log.get('shape:custom')!, props: { ...log.get('shape:custom')!.props, w: Number.POSITIVE_INFINITY } },
    ])
    log.dispose()
    const { scenes, pages } = await sectionPages(doc)
    expect(scenes.map((scene) => scene.title)).toEqual(['Questions', 'What worked | really', 'Commitments'])
    expect(pages[0]).not.toContain('How do you fund a street lab?')
    expect(pages[0]).toContain('What failed first?')
    // NaN is no size: the card keeps the card's own size and is drawn.
    expect(pages[1]).toContain('Pop-up bike lanes')
  })
})
