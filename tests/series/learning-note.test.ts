/**
 * The learning note from the fixture meeting (tests/minutes/fixture.ts) and its commitment with a
 * history: golden files in German and English, byte for byte; hostile card text inert in every
 * format (Markdown, HTML, CSV, PDF read back with pdftotext). Regenerate after a deliberate change:
 *   UPDATE_GOLDEN=1 npx vitest run tests/series/learning-note.test.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildMinutes } from '../../shared/minutes/build'
import { buildLearningNote } from '../../shared/series/learning-note/build'
import { renderNoteText } from '../../shared/series/learning-note/formats'
import { buildNotePdf } from '../../shared/series/learning-note/pdf'
import type { LearningNoteOptions } from '../../shared/series/learning-note/types'
import type { CommitmentView } from '../../shared/series/series-view'
import { writeArtifact } from '../helpers/browser'
import { pdfPageTexts } from '../helpers/pdf'
import { REPO_ROOT } from '../helpers/server'
import { fixtureOptions, HOSTILE_TEXT, makeFixtureDoc } from '../minutes/fixture'

const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url))
const T = Date.UTC(2026, 6, 3, 8, 0)
const HOSTILE_NOTE = '<script>alert(1)</script> =HYPERLINK("x") # not a heading'

function note(options: Partial<LearningNoteOptions> = {}) {
  const minutes = buildMinutes(makeFixtureDoc(), fixtureOptions())
  const commitment: CommitmentView = {
    id: 'c1',
    boardId: 'fixture-board',
    cardId: 'shape:c-template',
    meeting: minutes.meeting.title,
    startsAt: minutes.meeting.startsAt,
    what: 'Share the funding template',
    owner: 'Alice Adler',
    city: 'Berlin',
    due: '2026-07-01',
    status: 'done',
    history: [
      { at: T, status: 'inProgress', note: HOSTILE_NOTE, by: 'owner', photo: null },
      { at: T + 86_400_000, status: 'done', note: 'Sent to Leipzig', by: 'facilitator', photo: null },
    ],
    dueState: null,
    ownerLink: null,
  }
  return buildLearningNote(
    {
      series: { title: 'Street labs: Berlin – Leipzig', purpose: 'What makes a street lab work?', cities: ['Leipzig', 'Berlin'], aliases: { hh: 'Hamburg' } },
      meetings: [{ minutes, carried: new Set(['shape:q-budget']) }],
      commitments: [commitment],
    },
    { lang: 'en', names: true, timeZone: 'Europe/Berlin', ...options },
  )
}

function expectGolden(name: string, actual: string): void {
  const file = `${GOLDEN_DIR}${name}`
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual)
  if (!existsSync(file)) throw new Error(`golden/${name} is missing: run with UPDATE_GOLDEN=1 to create it`)
  expect(actual).toBe(readFileSync(file, 'utf8'))
}

const fonts = () => {
  const dir = path.join(REPO_ROOT, 'client', 'assets', 'fonts')
  return { regular: readFileSync(path.join(dir, 'IBMPlexSans-Regular.woff')), bold: readFileSync(path.join(dir, 'IBMPlexSans-Bold.woff')) }
}

describe('the learning note', () => {
  for (const [name, format, options] of [
    ['learning-note.en.md', 'md', {}],
    ['learning-note.de.md', 'md', { lang: 'de' }],
    ['learning-note.en.no-names.md', 'md', { names: false }],
    ['learning-note.en.csv', 'csv', {}],
    ['learning-note.de.csv', 'csv', { lang: 'de' }],
    ['learning-note.en.html', 'html', {}],
  ] as const) {
    it(`matches golden/${name}`, () => expectGolden(name, renderNoteText(note(options), format)))
  }

  it('tells by city in the series’ order what was asked, worked, and what became of each commitment', () => {
    const built = note()
    expect(built.cities.map((city) => city.city)).toEqual(['Leipzig', 'Berlin', 'Hamburg', ''])
    const berlin = built.cities[1]!
    expect(berlin.parts.asked.map((card) => card.text)).toEqual(['How do you fund a street lab?'])
    expect(berlin.parts.worked.map((card) => card.text)).toEqual(['Pop-up bike lanes,\nover one weekend'])
    expect(berlin.committed[0]!.history.map((event) => event.status)).toEqual(['inProgress', 'done'])
    // The anonymous question is told without a city, never under its author's.
    expect(built.cities[3]!.parts.asked).toEqual([expect.objectContaining({ text: 'What failed first?', anonymous: true, author: null })])
    const people = note({ names: false }).cities.flatMap((city) => [...city.parts.asked.map((c) => c.author), ...city.committed.map((c) => c.owner)])
    expect(people).toHaveLength(5)
    expect(people.every((person) => person === null)).toBe(true)
  })

  it('keeps hostile card text and notes inert in Markdown, HTML and CSV', () => {
    const md = renderNoteText(note(), 'md')
    // Every character that would be syntax is escaped, so none of it starts a tag, heading, list or quote.
    expect(md).not.toMatch(/(?<!\\)<(script|img)|\n\s*(# Heading|- a list|> a quote)/)
    expect(md).toContain('\\<script\\>alert("x")\\</script\\>')
    const html = renderNoteText(note(), 'html')
    expect(html).not.toMatch(/<script|<img/)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    const csv = renderNoteText(note(), 'csv')
    // No cell starts with what a spreadsheet would evaluate (line breaks inside a quoted cell are LF, rows end in CRLF).
    expect(csv).not.toMatch(/(,|\r\n)"?[=+@-]/)
    expect(csv).toContain("'-1 hours of overtime?")
  })

  it('prints the same text as a PDF, hostile text as the letters it is, the same bytes each time', async () => {
    const first = await buildNotePdf(note({ lang: 'de' }), fonts())
    const again = await buildNotePdf(note({ lang: 'de' }), fonts())
    expect(Buffer.from(first).equals(Buffer.from(again))).toBe(true)
    writeArtifact('learning-note-de.pdf', first)
    const text = pdfPageTexts(first).flat().join('\n')
    expect(text).toContain('Lernnotiz: Street labs: Berlin – Leipzig')
    expect(text).toContain('Was verabredet wurde, und was daraus wurde')
    expect(text).toContain('<script>alert("x")</script> | not | a | table')
    expect(text).toContain('erledigt – Sent to Leipzig')
    expect(text).toMatch(/Seite 1 von \d/)
    // Nothing short is parted across pages: the last city's heading, its part's label, its card and the card's source stay together.
    const pages = pdfPageTexts(first).map((lines) => lines.join('\n'))
    const last = pages.findIndex((page) => page.includes('What failed first?'))
    for (const line of ['Ohne Stadt', 'Was gefragt wurde', 'Street lab exchange Berlin–Leipzig, 12. Juni 2026, 14:00 · anonym']) expect(pages[last]).toContain(line)
    const words = HOSTILE_TEXT.split(/\s+/)
    expect(words.filter((word) => !text.includes(word))).toEqual([])
  })
})
