/**
 * The minutes as plain text blocks, for layouts that do their own typesetting (the PDF). Nothing is
 * escaped: the consumer draws text, it does not interpret it.
 */
import { cardByline, dueDate, footerLines, meetingFacts, minutesTitle, participantCount, rankedNote, when } from './phrases'
import { minutesStrings } from './strings'
import type { Minutes } from './types'

export type TextBlock =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  /** A fact of the meeting: label and value. */
  | { kind: 'fact'; label: string; text: string }
  /** A numbered card: its text (line breaks kept) and who wrote it / how it fared. */
  | { kind: 'item'; number: number; text: string; detail: string }
  /** One row of a table, its cells joined for reading. */
  | { kind: 'row'; text: string }
  | { kind: 'note'; text: string }

const joinCells = (cells: string[]) => cells.filter((cell) => cell.trim() !== '').join(' · ')

export function toTextBlocks(minutes: Minutes): TextBlock[] {
  const strings = minutesStrings(minutes.lang)
  const blocks: TextBlock[] = [{ kind: 'title', text: minutesTitle(minutes) }]
  for (const fact of meetingFacts(minutes)) blocks.push({ kind: 'fact', label: fact.label, text: fact.value })

  blocks.push({ kind: 'heading', text: strings.participants })
  if (minutes.participants.total === 0) blocks.push({ kind: 'note', text: strings.noParticipants })
  else {
    blocks.push({ kind: 'paragraph', text: participantCount(minutes) })
    for (const group of minutes.participants.groups) {
      const who = `${group.count} × ${strings.roles[group.role]}`
      blocks.push({ kind: 'row', text: joinCells([who, group.city, strings.where[group.whereabouts], group.names.join(', ')]) })
    }
  }

  for (const section of minutes.sections) {
    blocks.push({ kind: 'heading', text: section.title })
    if (section.ranked) blocks.push({ kind: 'note', text: rankedNote(minutes) })
    if (section.cards.length === 0) blocks.push({ kind: 'note', text: strings.noCards })
    section.cards.forEach((card, i) => {
      blocks.push({ kind: 'item', number: i + 1, text: card.text, detail: cardByline(minutes, card) })
    })
  }

  blocks.push({ kind: 'heading', text: strings.commitments })
  if (minutes.commitments.length === 0) blocks.push({ kind: 'note', text: strings.noCommitments })
  for (const c of minutes.commitments) blocks.push({ kind: 'row', text: joinCells([c.what, c.who ?? '', c.city, dueDate(minutes, c.due)]) })

  blocks.push({ kind: 'heading', text: strings.snapshots })
  if (minutes.snapshots.length === 0) blocks.push({ kind: 'note', text: strings.noSnapshots })
  for (const s of minutes.snapshots) blocks.push({ kind: 'row', text: joinCells([s.name, when(minutes, s.at), s.author ?? '']) })

  for (const line of footerLines(minutes)) blocks.push({ kind: 'note', text: line })
  return blocks
}
