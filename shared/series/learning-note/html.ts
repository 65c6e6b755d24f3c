/** The learning note as one self-contained HTML page (no scripts, nothing from elsewhere), every text escaped. */
import { escapeHtml, htmlDocument, paragraph, table } from '../../minutes/html'
import { cardSource, cityTitle, commitmentLine, historyLine, meetingHeader, meetingRow, noteTitle, timesIn } from './phrases'
import { noteStrings } from './strings'
import { NOTE_PARTS, type LearningNote } from './types'

function list(entries: { text: string; details: string[] }[]): string {
  const items = entries.map(
    (entry) =>
      `<li><div class="text">${escapeHtml(entry.text.replace(/\r\n?/g, '\n'))}</div>${entry.details
        .map((detail) => `<div class="byline">${escapeHtml(detail)}</div>`)
        .join('')}</li>`,
  )
  return `<ol class="cards">\n${items.join('\n')}\n</ol>`
}

export function noteToHtml(note: LearningNote): string {
  const s = noteStrings(note.lang)
  const title = noteTitle(note)
  const facts = [
    note.series.purpose ? `<dt>${escapeHtml(s.purpose)}</dt><dd>${escapeHtml(note.series.purpose)}</dd>` : '',
    note.series.cities.length > 0 ? `<dt>${escapeHtml(s.cities)}</dt><dd>${escapeHtml(note.series.cities.join(', '))}</dd>` : '',
  ].filter(Boolean)
  const cities = note.cities.map((city) => {
    const parts = NOTE_PARTS.filter((part) => city.parts[part].length > 0).map(
      (part) => `<h3>${escapeHtml(s.parts[part])}</h3>\n${list(city.parts[part].map((card) => ({ text: card.text, details: [cardSource(note, card)] })))}`,
    )
    if (city.committed.length > 0) {
      const entries = city.committed.map((c) => ({ text: c.what, details: [commitmentLine(note, c), ...c.history.map((event) => historyLine(note, event))] }))
      parts.push(`<h3>${escapeHtml(s.committed)}</h3>\n${list(entries)}`)
    }
    return `<section>\n<h2>${escapeHtml(cityTitle(note, city))}</h2>\n${parts.join('\n')}\n</section>`
  })
  const meetings =
    note.meetings.length === 0 ? paragraph(s.noMeetings, 'note') : table(meetingHeader(note), note.meetings.map((meeting) => meetingRow(note, meeting)))
  return htmlDocument(
    note.lang,
    title,
    [facts.length > 0 ? `<dl class="facts">\n${facts.join('\n')}\n</dl>` : '', `<section>\n<h2>${escapeHtml(s.meetings)}</h2>\n${meetings}\n</section>`, ...cities],
    [timesIn(note)],
  )
}
