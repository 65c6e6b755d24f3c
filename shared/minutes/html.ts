/**
 * The minutes as one self-contained, printable HTML page (styles embedded, no scripts, no external
 * resources). Every text goes through `escapeHtml`; card text keeps its line breaks through CSS.
 */
import { cardByline, dueDate, footerLines, meetingFacts, minutesTitle, participantCount, rankedNote, when } from './phrases'
import { minutesStrings } from './strings'
import type { Minutes, MinutesSection } from './types'

const HTML_SPECIAL: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text made safe for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_SPECIAL[char]!)
}

const DOCUMENT_STYLE = `
  :root { color: #1a1a1a; background: #fff; font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.7rem; margin: 0 0 1rem; }
  h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; break-after: avoid; }
  dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
  dl.facts dt { font-weight: 600; }
  dl.facts dd { margin: 0; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
  th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top; }
  th { background: #f0f0f0; }
  ol.cards { padding-left: 1.6rem; }
  ol.cards li { margin: 0 0 .6rem; break-inside: avoid; }
  .text { white-space: pre-wrap; overflow-wrap: anywhere; }
  .byline { color: #555; font-size: .9em; }
  .note { color: #555; font-style: italic; }
  footer { margin-top: 2.5rem; border-top: 1px solid #ccc; padding-top: .5rem; color: #555; font-size: .9em; }
  @media print { body { margin: 0; max-width: none; } a { color: inherit; } }
`

export function table(header: string[], rows: string[][]): string {
  const head = header.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('')
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n')
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`
}

export function paragraph(text: string, className?: string): string {
  return className ? `<p class="${className}">${escapeHtml(text)}</p>` : `<p>${escapeHtml(text)}</p>`
}

function sectionHtml(minutes: Minutes, section: MinutesSection): string {
  const strings = minutesStrings(minutes.lang)
  const parts = [`<section>`, `<h2>${escapeHtml(section.title)}</h2>`]
  if (section.ranked) parts.push(paragraph(rankedNote(minutes), 'note'))
  if (section.cards.length === 0) parts.push(paragraph(strings.noCards, 'note'))
  else {
    parts.push('<ol class="cards">')
    for (const card of section.cards) {
      const byline = cardByline(minutes, card)
      const text = card.text.replace(/\r\n?/g, '\n')
      parts.push(
        `<li><div class="text">${escapeHtml(text)}</div>${byline ? `<div class="byline">${escapeHtml(byline)}</div>` : ''}</li>`,
      )
    }
    parts.push('</ol>')
  }
  parts.push('</section>')
  return parts.join('\n')
}

/**
 * A complete, self-contained HTML page: the title as heading, the parts (HTML already escaped; empty
 * ones left out) in `<main>`, the footer's lines as paragraphs.
 */
export function htmlDocument(lang: string, title: string, parts: readonly string[], footer: readonly string[]): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${DOCUMENT_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(title)}</h1>`,
    ...parts.filter((part) => part !== ''),
    '</main>',
    `<footer>${footer.map((line) => paragraph(line)).join('\n')}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

/** The minutes as a complete HTML document. */
export function toHtml(minutes: Minutes): string {
  const strings = minutesStrings(minutes.lang)
  const title = minutesTitle(minutes)
  const facts = meetingFacts(minutes)
    .map((fact) => `<dt>${escapeHtml(fact.label)}</dt><dd>${escapeHtml(fact.value)}</dd>`)
    .join('\n')

  const participants = [`<h2>${escapeHtml(strings.participants)}</h2>`]
  if (minutes.participants.total === 0) participants.push(paragraph(strings.noParticipants, 'note'))
  else {
    const withNames = minutes.participants.namesIncluded
    participants.push(
      paragraph(participantCount(minutes)),
      table(
        [strings.role, strings.city, strings.whereabouts, strings.count, ...(withNames ? [strings.names] : [])],
        minutes.participants.groups.map((group) => [
          strings.roles[group.role],
          group.city,
          strings.where[group.whereabouts],
          String(group.count),
          ...(withNames ? [group.names.join(', ')] : []),
        ]),
      ),
    )
  }

  const commitments =
    minutes.commitments.length === 0
      ? paragraph(strings.noCommitments, 'note')
      : table(
          [strings.what, strings.who, strings.city, strings.due],
          minutes.commitments.map((c) => [c.what, c.who ?? '', c.city, dueDate(minutes, c.due)]),
        )
  const snapshots =
    minutes.snapshots.length === 0
      ? paragraph(strings.noSnapshots, 'note')
      : table(
          [strings.snapshotName, strings.takenAt, strings.takenBy],
          minutes.snapshots.map((s) => [s.name, when(minutes, s.at), s.author ?? '']),
        )

  return htmlDocument(minutes.lang, title, [
    facts ? `<dl class="facts">\n${facts}\n</dl>` : '',
    `<section>\n${participants.join('\n')}\n</section>`,
    ...minutes.sections.map((section) => sectionHtml(minutes, section)),
    `<section>\n<h2>${escapeHtml(strings.commitments)}</h2>\n${commitments}\n</section>`,
    `<section>\n<h2>${escapeHtml(strings.snapshots)}</h2>\n${snapshots}\n</section>`,
  ], footerLines(minutes))
}
