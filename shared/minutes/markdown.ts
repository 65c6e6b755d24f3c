/**
 * The minutes as Markdown (CommonMark with GitHub tables). Whatever people typed is escaped so
 * that it reads as the text it was: no headings, lists, links, HTML or table breaks can come out of
 * a card.
 */
import { cardByline, dueDate, footerLines, meetingFacts, minutesTitle, participantCount, rankedNote, when } from './phrases'
import { minutesStrings } from './strings'
import type { Minutes, MinutesSection } from './types'

/** Characters with a meaning anywhere in a line (`#` too: a heading's trailing `#`s would vanish). */
const INLINE_SPECIAL = /[\\`*_{}[\]<>|~#]/g
/** An HTML entity such as `&lt;` or `&#60;` that a renderer would decode. */
const ENTITY = /&(?=#?[A-Za-z0-9]+;)/g
/** What starts a list, a setext underline or an ordered list at the start of a line. */
const LINE_START = /^([-+=]|\d+(?=[.)]))/

/** Line breaks in all their spellings, including the Unicode ones. */
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029\u0085]/
/** Control characters other than tab and newline: invisible, and some renderers trip on them. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g

/** Typed text escaped for use inside a line (a table cell, after a label, a heading's text). */
function escapeInline(text: string): string {
  return text
    .replace(CONTROL, '')
    .replace(/\t/g, ' ')
    .trim()
    .replace(INLINE_SPECIAL, '\\$&')
    .replace(ENTITY, '\\&')
}

/** One line of typed text that starts a line of Markdown, escaped; outer blanks are dropped (they would be syntax). */
export function escapeMarkdownLine(line: string): string {
  // An ordered-list number is defused by escaping the dot after it; other markers by escaping themselves.
  return escapeInline(line).replace(LINE_START, (marker) => (/\d/.test(marker) ? `${marker}\\` : `\\${marker}`))
}

/** Typed text as lines of Markdown (empty lines dropped), each escaped. */
export function escapedLines(text: string): string[] {
  return text
    .split(LINE_BREAK)
    .map(escapeMarkdownLine)
    .filter((line) => line !== '')
}

/** Typed text on one line, inside a line. */
export function inline(text: string): string {
  return text
    .split(LINE_BREAK)
    .map(escapeInline)
    .filter((line) => line !== '')
    .join(' ')
}

export function table(header: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(header.map(inline)), line(header.map(() => '---')), ...rows.map((row) => line(row.map(inline)))]
}

function sectionLines(minutes: Minutes, section: MinutesSection): string[] {
  const strings = minutesStrings(minutes.lang)
  const lines = [`## ${inline(section.title)}`, '']
  if (section.ranked) lines.push(escapeMarkdownLine(rankedNote(minutes)), '')
  if (section.cards.length === 0) return [...lines, escapeMarkdownLine(strings.noCards), '']
  section.cards.forEach((card, i) => {
    const marker = `${i + 1}. `
    const indent = ' '.repeat(marker.length)
    const text = escapedLines(card.text)
    const body = text.length > 0 ? text : ['–']
    const byline = cardByline(minutes, card)
    // A backslash at the end of a line is a hard line break inside the list item.
    const itemLines = byline ? [...body, `*${escapeMarkdownLine(byline)}*`] : body
    itemLines.forEach((line, n) => {
      const last = n === itemLines.length - 1
      lines.push(`${n === 0 ? marker : indent}${line}${last ? '' : '\\'}`)
    })
  })
  return [...lines, '']
}

/** The minutes as a Markdown document (LF line endings, ending with a newline). */
export function toMarkdown(minutes: Minutes): string {
  const strings = minutesStrings(minutes.lang)
  const lines: string[] = [`# ${inline(minutesTitle(minutes))}`, '']

  for (const fact of meetingFacts(minutes)) lines.push(`- **${inline(fact.label)}:** ${inline(fact.value)}`)
  lines.push('', `## ${inline(strings.participants)}`, '')
  if (minutes.participants.total === 0) lines.push(escapeMarkdownLine(strings.noParticipants), '')
  else {
    lines.push(escapeMarkdownLine(participantCount(minutes)), '')
    const withNames = minutes.participants.namesIncluded
    const header = [strings.role, strings.city, strings.whereabouts, strings.count, ...(withNames ? [strings.names] : [])]
    const rows = minutes.participants.groups.map((group) => [
      strings.roles[group.role],
      group.city,
      strings.where[group.whereabouts],
      String(group.count),
      ...(withNames ? [group.names.join(', ')] : []),
    ])
    lines.push(...table(header, rows), '')
  }

  for (const section of minutes.sections) lines.push(...sectionLines(minutes, section))

  lines.push(`## ${inline(strings.commitments)}`, '')
  if (minutes.commitments.length === 0) lines.push(escapeMarkdownLine(strings.noCommitments), '')
  else {
    const rows = minutes.commitments.map((c) => [c.what, c.who ?? '', c.city, dueDate(minutes, c.due)])
    lines.push(...table([strings.what, strings.who, strings.city, strings.due], rows), '')
  }

  lines.push(`## ${inline(strings.snapshots)}`, '')
  if (minutes.snapshots.length === 0) lines.push(escapeMarkdownLine(strings.noSnapshots), '')
  else {
    const rows = minutes.snapshots.map((s) => [s.name, when(minutes, s.at), s.author ?? ''])
    lines.push(...table([strings.snapshotName, strings.takenAt, strings.takenBy], rows), '')
  }

  lines.push('---', '', footerLines(minutes).map(escapeMarkdownLine).join('\\\n'))
  return `${lines.join('\n')}\n`
}
