/**
 * Card text from people is hostile until proven otherwise: in every format the fixture's hostile
 * card must come out as exactly its text, and nothing else.
 */
import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { buildMinutes } from '../../shared/minutes/build'
import { csvCell, toCsv } from '../../shared/minutes/csv'
import { escapeHtml, toHtml } from '../../shared/minutes/html'
import { toJson } from '../../shared/minutes/json'
import { toMarkdown } from '../../shared/minutes/markdown'
import { writeMeeting } from '../../shared/model/meeting'
import { HOSTILE_TEXT, fixtureOptions, makeFixtureDoc } from './fixture'

const minutes = buildMinutes(makeFixtureDoc(), fixtureOptions())

/** Decodes the few entities markdown-it and our HTML write. */
function decodeEntities(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

/** Every tag name in an HTML text, opening and closing. */
function tagNames(html: string): Set<string> {
  return new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((match) => match[1]!.toLowerCase()))
}

/** A small RFC 4180 reader, to read our CSV back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (char === '"') quoted = false
      else cell += char
    } else if (char === '"') quoted = true
    else if (char === ',') {
      row.push(cell)
      cell = ''
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += char
  }
  expect(cell).toBe('')
  expect(row).toEqual([])
  return rows
}

describe('Markdown', () => {
  // html: true makes the parser pass raw HTML through, so only our escaping keeps it out.
  const markdown = new MarkdownIt({ html: true, linkify: false })
  const rendered = markdown.render(toMarkdown(minutes))

  it('renders to no markup but what the minutes themselves use', () => {
    expect([...tagNames(rendered)].sort()).toEqual(
      ['br', 'em', 'h1', 'h2', 'hr', 'li', 'ol', 'p', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul'].sort(),
    )
    // One heading per section plus participants, commitments and snapshots.
    expect(rendered.match(/<h2>/g)).toHaveLength(minutes.sections.length + 3)
  })

  it('shows the hostile card as exactly its text, one line per line', () => {
    const items = [...rendered.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((match) => match[1]!)
    const hostile = items.find((item) => item.includes('alert(&quot;x&quot;)'))!
    const lines = hostile.split(/<br>\n?/).map((line) => decodeEntities(line))
    expect(lines.slice(0, -1)).toEqual(HOSTILE_TEXT.split('\n'))
    expect(lines.at(-1)).toBe('<em>Bob Brandt (Leipzig) · 0 votes</em>')
  })

  it('keeps table cells in their columns whatever the text holds', () => {
    const rows = [...rendered.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((match) => match[1]!)
    for (const row of rows) {
      const cells = row.match(/<t[hd]>/g) ?? []
      expect([3, 4, 5]).toContain(cells.length)
    }
    expect(rendered).toContain('<h2>What worked | really</h2>')
  })

  it('keeps a hostile meeting title inside its heading', () => {
    const doc = makeFixtureDoc()
    writeMeeting(doc, { title: 'Plan ## <b>x</b> [y](z) #' })
    const html = markdown.render(toMarkdown(buildMinutes(doc, fixtureOptions())))
    expect(html).toContain('<h1>Minutes: Plan ## &lt;b&gt;x&lt;/b&gt; [y](z) #</h1>')
  })
})

describe('HTML', () => {
  const html = toHtml(minutes)

  it('uses only its own tags', () => {
    expect([...tagNames(html)].sort()).toEqual(
      ['body', 'dd', 'div', 'dl', 'dt', 'footer', 'h1', 'h2', 'head', 'html', 'li', 'main', 'meta', 'ol', 'p', 'section', 'style', 'table', 'tbody', 'td', 'th', 'thead', 'title', 'tr'].sort(),
    )
    expect(html).not.toMatch(/<script|<img|<a[ >]/i)
  })

  it('contains the hostile card escaped, with its line breaks', () => {
    expect(html).toContain(`<div class="text">${escapeHtml(HOSTILE_TEXT)}</div>`)
    expect(html).toContain('Dora &lt;b&gt;Dietz&lt;/b&gt;')
  })

  it('escapes all five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;')
  })
})

describe('CSV', () => {
  const csv = toCsv(minutes)
  const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''))

  it('has one row per card, each as wide as the header', () => {
    const cards = minutes.sections.flatMap((section) => section.cards)
    expect(rows).toHaveLength(cards.length)
    for (const row of rows) expect(row).toHaveLength(header!.length)
  })

  it('reads back every card text exactly, formulas defused', () => {
    const texts = rows.map((row) => row[header!.indexOf('text')])
    expect(texts).toContain(HOSTILE_TEXT)
    expect(texts).toContain("'+49 benches: who pays?")
    expect(texts).toContain("'-1 hours of overtime?")
    expect(texts).toContain("'=1+1 is not a formula here")
    expect(texts).toContain("'@everyone bring chairs")
  })

  it('defuses every formula start and quotes what needs quoting', () => {
    expect(csvCell('=1')).toBe("'=1")
    expect(csvCell('\t=1')).toBe("'\t=1")
    expect(csvCell('\r=1')).toBe(`"'\r=1"`)
    expect(csvCell('a,"b"')).toBe('"a,""b"""')
    expect(csvCell('plain')).toBe('plain')
  })
})

describe('JSON', () => {
  it('holds the texts unchanged and no raw angle brackets', () => {
    const json = toJson(minutes)
    expect(json).not.toMatch(/[<>]/)
    expect(JSON.parse(json)).toEqual(minutes)
  })
})

describe('an empty board', () => {
  it('still gives complete minutes in every format', () => {
    const empty = buildMinutes(new Y.Doc(), { lang: 'de' })
    expect(toMarkdown(empty)).toContain('# Protokoll: Treffen ohne Titel')
    expect(toMarkdown(empty)).toContain('Niemand ist dem Board beigetreten.')
    expect(toCsv(empty).split('\r\n')).toHaveLength(2)
    expect(toHtml(empty)).toContain('<html lang="de">')
  })
})
