import type * as Y from 'yjs'
import { shapesOf } from '../model/board-shapes'
import { readMeeting } from '../model/meeting'
import { buildOutline, type OutlineCard, type OutlineItem } from '../model/outline'
import { readParticipants, type ParticipantEntry, type Role } from '../model/participant'
import { isRole } from '../model/roles'
import { boardRecords } from './board-records'
import { isoTime } from './dates'
import { minutesStrings } from './strings'
import type {
  Minutes,
  MinutesCard,
  MinutesCommitment,
  MinutesOptions,
  MinutesParticipants,
  MinutesSection,
  ParticipantGroup,
  VoteRound,
} from './types'

const ROLE_ORDER: readonly Role[] = ['facilitator', 'participant', 'viewer']

/**
 * The minutes of the board in `doc`: the meeting, who took part, every section's cards in reading
 * order (ranked by the last voting round where the section took part in it), the commitments and
 * the named snapshots. Pure: the same document and options always give the same minutes.
 */
export function buildMinutes(doc: Y.Doc, options: MinutesOptions): Minutes {
  const names = options.names !== false
  const meeting = readMeeting(doc)
  const outline = buildOutline(shapesOf(boardRecords(doc)))
  const votes = options.votes ?? null
  const strings = minutesStrings(options.lang)

  const sections: MinutesSection[] = outline.sections.map((section) =>
    rankSection(
      {
        id: section.id,
        kind: section.kind,
        title: section.name.trim() || strings.sections[section.kind],
        ranked: false,
        cards: flattenItems(section.items, names),
      },
      votes,
    ),
  )
  if (outline.elsewhere.length > 0) {
    sections.push(
      rankSection(
        { id: null, kind: 'other', title: strings.sections.other, ranked: false, cards: flattenItems(outline.elsewhere, names) },
        votes,
      ),
    )
  }

  return {
    format: 'gatherboard-minutes',
    version: 1,
    lang: options.lang,
    timeZone: options.timeZone ?? 'UTC',
    generatedAt: isoTime(options.now),
    boardId: options.boardId ?? null,
    meeting: {
      title: meeting.title,
      purpose: meeting.purpose,
      startsAt: meeting.startsAt,
      place: meeting.place,
      cities: meeting.cities,
      archivedAt: isoTime(meeting.archivedAt),
    },
    participants: summarizeParticipants(readParticipants(doc), meeting.cities, names, options.lang),
    votesRevealedAt: votes ? isoTime(votes.revealedAt) : null,
    sections,
    commitments: sections.flatMap((section) => section.cards.filter((card) => card.kind === 'commitment').map(toCommitment)),
    snapshots: [...(options.snapshots ?? [])]
      .sort((a, b) => a.at - b.at)
      .map((snapshot) => ({
        name: snapshot.name,
        at: isoTime(snapshot.at) ?? '',
        author: names ? snapshot.author : null,
      })),
  }
}

function flattenItems(items: readonly OutlineItem[], names: boolean): MinutesCard[] {
  return items.flatMap((item) =>
    item.type === 'card'
      ? [toMinutesCard(item.card, null, names)]
      : item.cluster.cards.map((card) => toMinutesCard(card, item.cluster.label, names)),
  )
}

function toMinutesCard(card: OutlineCard, cluster: string | null, names: boolean): MinutesCard {
  const commitment = card.kind === 'commitment'
  return {
    id: card.id,
    kind: card.kind,
    text: card.text,
    cluster,
    anonymous: card.anonymous,
    author: card.anonymous || !names ? null : card.authorName,
    city: card.anonymous ? null : card.authorCity,
    votes: null,
    owner: commitment && names ? card.owner : null,
    ownerCity: commitment ? card.ownerCity : '',
    due: commitment ? card.due : '',
    createdAt: card.createdAt > 0 ? isoTime(card.createdAt) : null,
  }
}

/**
 * A section took part in the voting round when any of its cards is counted in it; its cards are
 * then ordered by votes, cards with equal votes keeping their reading order.
 */
function rankSection(section: MinutesSection, votes: VoteRound | null): MinutesSection {
  if (!votes || !section.cards.some((card) => Object.hasOwn(votes.counts, card.id))) return section
  const countOf = (id: string) => {
    const count = Object.hasOwn(votes.counts, id) ? votes.counts[id] : 0
    return typeof count === 'number' && Number.isFinite(count) && count > 0 ? Math.floor(count) : 0
  }
  const cards = section.cards
    .map((card, position) => ({ card: { ...card, votes: countOf(card.id) }, position }))
    .sort((a, b) => b.card.votes - a.card.votes || a.position - b.position)
    .map(({ card }) => card)
  return { ...section, ranked: true, cards }
}

function toCommitment(card: MinutesCard): MinutesCommitment {
  return { cardId: card.id, what: card.text, who: card.owner, city: card.ownerCity, due: card.due }
}

function summarizeParticipants(
  people: readonly ParticipantEntry[],
  meetingCities: readonly string[],
  names: boolean,
  lang: Minutes['lang'],
): MinutesParticipants {
  const groups = new Map<string, ParticipantGroup>()
  for (const person of people) {
    // Roles of other servers (an embedder's own) are listed with the participants.
    const role: Role = isRole(person.role) ? person.role : 'participant'
    const city = person.city.trim()
    const key = JSON.stringify([role, city, person.whereabouts])
    let group = groups.get(key)
    if (!group) groups.set(key, (group = { role, city, whereabouts: person.whereabouts, count: 0, names: [] }))
    group.count++
    if (names) group.names.push(person.name)
  }
  // Cities in the order the facilitator listed them, then the others alphabetically, "no city" last.
  const cityRank = (city: string) => {
    const listed = meetingCities.indexOf(city)
    return city === '' ? Number.MAX_SAFE_INTEGER : listed >= 0 ? listed : meetingCities.length
  }
  const sorted = [...groups.values()].sort(
    (a, b) =>
      ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) ||
      cityRank(a.city) - cityRank(b.city) ||
      a.city.localeCompare(b.city, lang) ||
      (a.whereabouts === b.whereabouts ? 0 : a.whereabouts === 'onsite' ? -1 : 1),
  )
  const onsite = people.filter((person) => person.whereabouts === 'onsite').length
  return { total: people.length, onsite, remote: people.length - onsite, namesIncluded: names, groups: sorted }
}
