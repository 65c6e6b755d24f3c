/** The learning note as CSV (RFC 4180, CRLF, a BOM for spreadsheets): one row per card or commitment, formula-defused. */
import { csvCell } from '../../minutes/csv'
import { historyLine } from './phrases'
import { noteStrings } from './strings'
import { NOTE_PARTS, type LearningNote } from './types'

export function noteToCsv(note: LearningNote): string {
  const s = noteStrings(note.lang)
  const c = s.csv
  const rows: string[][] = [[c.city, c.part, c.text, c.meeting, c.date, c.author, c.owner, c.due, c.status, c.history]]
  for (const city of note.cities) {
    for (const part of NOTE_PARTS) {
      for (const card of city.parts[part]) {
        rows.push([city.city, part, card.text, card.meeting, card.startsAt, card.anonymous ? s.anonymous : (card.author ?? ''), '', '', '', ''])
      }
    }
    for (const commitment of city.committed) {
      const history = commitment.history.map((event) => historyLine(note, event)).join('\n')
      rows.push([city.city, 'committed', commitment.what, commitment.meeting, commitment.startsAt, '', commitment.owner ?? '', commitment.due, commitment.status, history])
    }
  }
  return '\uFEFF' + rows.map((row) => row.map(csvCell).join(',') + '\r\n').join('')
}
