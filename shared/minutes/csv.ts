/**
 * The minutes' cards as CSV (RFC 4180): a header row, then one row per card in the order of the
 * minutes, CRLF line ends. Starts with a UTF-8 byte order mark so spreadsheet programs read
 * umlauts right. Cells that a spreadsheet would take for a formula are defused with a leading `'`.
 */
import { minutesStrings } from './strings'
import type { Minutes } from './types'

const BOM = '\uFEFF'

/** What makes a spreadsheet evaluate a cell (OWASP's list: = + - @, tab and carriage return). */
const FORMULA_START = /^[=+\-@\t\r]/

/** One cell: formula-defused, then quoted when it holds a quote, comma or line break. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function toCsv(minutes: Minutes): string {
  const strings = minutesStrings(minutes.lang)
  const columns = strings.csv
  const header = [
    columns.section,
    columns.sectionKind,
    columns.position,
    columns.cluster,
    columns.text,
    columns.kind,
    columns.author,
    columns.city,
    columns.anonymous,
    columns.votes,
    columns.owner,
    columns.ownerCity,
    columns.due,
    columns.createdAt,
    columns.cardId,
  ]
  const rows = minutes.sections.flatMap((section) =>
    section.cards.map((card, i) => [
      section.title,
      section.kind,
      String(i + 1),
      card.cluster ?? '',
      card.text,
      strings.cardKinds[card.kind],
      card.author ?? '',
      card.city ?? '',
      card.anonymous ? strings.yes : strings.no,
      card.votes === null ? '' : String(card.votes),
      card.owner ?? '',
      card.ownerCity,
      card.due,
      card.createdAt ?? '',
      card.id,
    ]),
  )
  return BOM + [header, ...rows].map((row) => row.map(csvCell).join(',') + '\r\n').join('')
}
