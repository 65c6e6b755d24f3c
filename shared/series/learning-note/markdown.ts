/** The learning note as Markdown, escaped as the minutes are: nothing a card says becomes syntax. */
import { escapedLines, escapeMarkdownLine, inline, table } from '../../minutes/markdown'
import { cardSource, cityTitle, commitmentLine, historyLine, meetingHeader, meetingRow, noteTitle, timesIn } from './phrases'
import { noteStrings } from './strings'
import { NOTE_PARTS, type LearningNote } from './types'

/** A numbered list of entries, each its text's lines then its detail lines, in italics. */
function list(entries: { text: string; details: string[] }[]): string[] {
  const lines: string[] = []
  entries.forEach((entry, i) => {
    const marker = `${i + 1}. `
    const indent = ' '.repeat(marker.length)
    const text = escapedLines(entry.text)
    const itemLines = [...(text.length > 0 ? text : ['–']), ...entry.details.map((detail) => `*${escapeMarkdownLine(detail)}*`)]
    itemLines.forEach((line, n) => lines.push(`${n === 0 ? marker : indent}${line}${n === itemLines.length - 1 ? '' : '\\'}`))
  })
  return lines
}

export function noteToMarkdown(note: LearningNote): string {
  const s = noteStrings(note.lang)
  const lines = [`# ${inline(noteTitle(note))}`, '']
  if (note.series.purpose) lines.push(`- **${inline(s.purpose)}:** ${inline(note.series.purpose)}`)
  if (note.series.cities.length > 0) lines.push(`- **${inline(s.cities)}:** ${inline(note.series.cities.join(', '))}`)
  lines.push('', `## ${inline(s.meetings)}`, '')
  if (note.meetings.length === 0) lines.push(escapeMarkdownLine(s.noMeetings), '')
  else lines.push(...table(meetingHeader(note), note.meetings.map((meeting) => meetingRow(note, meeting))), '')
  for (const city of note.cities) {
    lines.push(`## ${inline(cityTitle(note, city))}`, '')
    for (const part of NOTE_PARTS) {
      const cards = city.parts[part]
      if (cards.length === 0) continue
      lines.push(`### ${inline(s.parts[part])}`, '', ...list(cards.map((card) => ({ text: card.text, details: [cardSource(note, card)] }))), '')
    }
    if (city.committed.length > 0) {
      const entries = city.committed.map((c) => ({ text: c.what, details: [commitmentLine(note, c), ...c.history.map((event) => historyLine(note, event))] }))
      lines.push(`### ${inline(s.committed)}`, '', ...list(entries), '')
    }
  }
  lines.push('---', '', escapeMarkdownLine(timesIn(note)))
  return `${lines.join('\n')}\n`
}
