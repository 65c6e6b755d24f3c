/**
 * The sentences and labels every human-readable rendering (Markdown, HTML, PDF) shares, as plain
 * unescaped text: each renderer escapes them its own way.
 */
import { formatInstant, formatLocalDate } from './dates'
import { fill, minutesStrings } from './strings'
import type { Minutes, MinutesCard } from './types'

export function minutesTitle(minutes: Minutes): string {
  const strings = minutesStrings(minutes.lang)
  return `${strings.minutes}: ${minutes.meeting.title.trim() || strings.untitled}`
}

/** Label and value of each line of the meeting's header; empty fields are left out. */
export function meetingFacts(minutes: Minutes): { label: string; value: string }[] {
  const strings = minutesStrings(minutes.lang)
  const { meeting } = minutes
  const facts = [
    { label: strings.purpose, value: meeting.purpose },
    { label: strings.date, value: meeting.startsAt ? formatLocalDate(meeting.startsAt, minutes.lang) : '' },
    { label: strings.place, value: meeting.place },
    { label: strings.cities, value: meeting.cities.join(', ') },
    { label: strings.status, value: meeting.archivedAt ? fill(strings.archived, { date: when(minutes, meeting.archivedAt) }) : strings.open },
  ]
  return facts.filter((fact) => fact.value.trim() !== '')
}

export function participantCount(minutes: Minutes): string {
  const { total, onsite, remote } = minutes.participants
  const strings = minutesStrings(minutes.lang)
  return fill(total === 1 ? strings.oneParticipant : strings.participantCount, { total, onsite, remote })
}

/** "Alice (Berlin) · 5 votes · Cluster: Mobility": who wrote the card and how it fared. */
export function cardByline(minutes: Minutes, card: MinutesCard): string {
  const strings = minutesStrings(minutes.lang)
  const parts: string[] = []
  if (card.anonymous) parts.push(strings.anonymous)
  else {
    const author = card.author?.trim() ?? ''
    const city = card.city?.trim() ?? ''
    if (author && city) parts.push(`${author} (${city})`)
    else if (author || city) parts.push(author || city)
  }
  if (card.votes !== null) parts.push(card.votes === 1 ? strings.oneVote : fill(strings.votes, { count: card.votes }))
  if (card.cluster !== null && card.cluster.trim() !== '') parts.push(`${strings.cluster}: ${card.cluster.trim()}`)
  return parts.join(' · ')
}

/**
 * A card's author line as the board's card shows it ("Ada, Leipzig"), and for a commitment the line
 * above it (who, for which city, by when): for the PDF's section pictures. With names left out
 * the city stays, as in the minutes.
 */
export function cardFootLines(minutes: Minutes, card: MinutesCard, commitment: boolean): { commitment: string | null; author: string } {
  const strings = minutesStrings(minutes.lang)
  const name = card.author?.trim() ?? ''
  const city = card.city?.trim() ?? ''
  // `author` is null when names are left out (the city is still known), "" when the card has no name.
  const author = card.anonymous ? strings.anonymous
    : card.author === null ? city || strings.anonymous
    : !name ? strings.anonymous
    : city ? fill(strings.card.byWithCity, { name, city }) : name
  if (!commitment) return { commitment: null, author }
  const owner = card.owner?.trim() ?? ''
  const ownerCity = card.ownerCity.trim()
  const who = owner
    ? ownerCity
      ? fill(strings.card.ownerWithCity, { owner, city: ownerCity })
      : fill(strings.card.owner, { owner })
    : ownerCity
      ? fill(strings.card.owner, { owner: ownerCity })
      : strings.card.ownerNone
  const due = card.due ? ` · ${fill(strings.card.due, { date: dueDate(minutes, card.due) })}` : ''
  return { commitment: who + due, author }
}

export function rankedNote(minutes: Minutes): string {
  const revealed = minutes.votesRevealedAt
  return fill(minutesStrings(minutes.lang).rankedBy, { date: revealed ? when(minutes, revealed) : '' })
}

/** The closing lines: when the minutes were made, which time zone, which board. */
export function footerLines(minutes: Minutes): string[] {
  const strings = minutesStrings(minutes.lang)
  const lines: string[] = []
  if (minutes.generatedAt) lines.push(fill(strings.generated, { date: when(minutes, minutes.generatedAt) }))
  lines.push(fill(strings.timesIn, { zone: minutes.timeZone }))
  if (minutes.boardId) lines.push(`${strings.board}: ${minutes.boardId}`)
  return lines
}

/** An instant of the minutes in their language and time zone. */
export function when(minutes: Minutes, iso: string): string {
  return formatInstant(iso, minutes.lang, minutes.timeZone)
}

export function dueDate(minutes: Minutes, due: string): string {
  return due ? formatLocalDate(due, minutes.lang) : ''
}
