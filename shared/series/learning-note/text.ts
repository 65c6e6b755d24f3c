/** The learning note as plain text blocks for layouts that set their own type (the PDF); nothing escaped. */
import type { TextBlock } from '../../minutes/text'
import { cardSource, cityTitle, commitmentLine, historyLine, meetingRow, noteTitle, timesIn } from './phrases'
import { noteStrings } from './strings'
import { NOTE_PARTS, type LearningNote } from './types'

export function noteToTextBlocks(note: LearningNote): TextBlock[] {
  const s = noteStrings(note.lang)
  const blocks: TextBlock[] = [{ kind: 'title', text: noteTitle(note) }]
  if (note.series.purpose) blocks.push({ kind: 'fact', label: s.purpose, text: note.series.purpose })
  if (note.series.cities.length > 0) blocks.push({ kind: 'fact', label: s.cities, text: note.series.cities.join(', ') })
  blocks.push({ kind: 'heading', text: s.meetings })
  if (note.meetings.length === 0) blocks.push({ kind: 'note', text: s.noMeetings })
  for (const meeting of note.meetings) {
    const [date, title, place, cities, onsite, remote] = meetingRow(note, meeting)
    const counts = `${s.onsite} ${onsite}, ${s.remote} ${remote}`
    blocks.push({ kind: 'row', text: [date, title, place, cities, counts].filter(Boolean).join(' · ') })
  }
  for (const city of note.cities) {
    blocks.push({ kind: 'heading', text: cityTitle(note, city) })
    for (const part of NOTE_PARTS) {
      if (city.parts[part].length === 0) continue
      blocks.push({ kind: 'paragraph', text: s.parts[part] })
      city.parts[part].forEach((card, i) => blocks.push({ kind: 'item', number: i + 1, text: card.text, detail: cardSource(note, card) }))
    }
    if (city.committed.length > 0) {
      blocks.push({ kind: 'paragraph', text: s.committed })
      city.committed.forEach((c, i) => {
        const detail = [commitmentLine(note, c), ...c.history.map((event) => historyLine(note, event))].join('\n')
        blocks.push({ kind: 'item', number: i + 1, text: c.what, detail })
      })
    }
  }
  blocks.push({ kind: 'note', text: timesIn(note) })
  return blocks
}
