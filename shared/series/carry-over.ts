/**
 * What the next meeting of a series starts with: the open questions the facilitator picked (in the
 * order of the last voting round), the ideas marked to pursue, and every commitment with its current
 * status for the "Since last time" section. Made from the last meeting's minutes, so it ranks and
 * hides exactly as they do: an anonymous card stays anonymous (it has no author to carry).
 */
import type { Minutes, MinutesCard } from '../minutes/types'
import type { CardProps } from '../model/card'
import type { CommitmentStatus } from './commitment-status'

/** Where a carried card comes from: the card on the earlier meeting's board. */
export interface CarriedFrom {
  boardId: string
  cardId: string
  /** That meeting's title and date (local date-time as entered, or ""). */
  meeting: string
  startsAt: string
  /** The author's city (the owner's for a commitment); "" when anonymous or not given. */
  city: string
}

/** A commitment as the next meeting shows it: which one, its status and what was reported last. */
export interface CarriedCommitment {
  id: string
  status: CommitmentStatus
  note: string
}

/** A card the next meeting starts with. */
export interface CarriedCard {
  props: Pick<CardProps, 'text' | 'kind' | 'authorName' | 'authorCity' | 'anonymous' | 'createdAt' | 'owner' | 'ownerCity' | 'due'>
  /** Votes in the last round, or null when the card's section took no part in it. */
  votes: number | null
  from: CarriedFrom
  commitment: CarriedCommitment | null
}

export interface CarryOverPlan {
  questions: CarriedCard[]
  ideas: CarriedCard[]
  /** The "Since last time" section: every carried commitment. */
  sinceLastTime: CarriedCard[]
}

/** The cards of the last meeting that can carry over, in the order the facilitator picks from. */
export interface CarryOverCandidates {
  /** Cards of the questions sections, ranked by the last voting round where it covered them. */
  questions: MinutesCard[]
  ideas: MinutesCard[]
  commitments: MinutesCard[]
}

/** The facilitator's picks: card ids of questions and ideas (commitments all carry over). */
export interface CarryOverPicks {
  questions: readonly string[]
  ideas: readonly string[]
}

export function carryOverCandidates(minutes: Minutes): CarryOverCandidates {
  const cardsOf = (kind: 'questions' | 'ideas') => minutes.sections.filter((section) => section.kind === kind).flatMap((section) => section.cards)
  const byVotes = (cards: MinutesCard[]) =>
    cards
      .map((card, position) => ({ card, position }))
      .sort((a, b) => (b.card.votes ?? -1) - (a.card.votes ?? -1) || a.position - b.position)
      .map(({ card }) => card)
  return {
    questions: byVotes(cardsOf('questions')),
    ideas: cardsOf('ideas'),
    commitments: minutes.sections.flatMap((section) => section.cards.filter((card) => card.kind === 'commitment')),
  }
}

/**
 * The plan for the next meeting. `commitments` gives each commitment card's id in the series and
 * its current status (a commitment card missing there is carried as open). Picked ids that are not
 * candidates are ignored.
 */
export function planCarryOver(
  minutes: Minutes,
  boardId: string,
  picks: CarryOverPicks,
  commitments: ReadonlyMap<string, CarriedCommitment>,
): CarryOverPlan {
  const candidates = carryOverCandidates(minutes)
  const carry = (card: MinutesCard, commitment: CarriedCommitment | null): CarriedCard => ({
    props: {
      text: card.text,
      kind: card.kind,
      authorName: card.anonymous ? '' : (card.author ?? ''),
      authorCity: card.anonymous ? '' : (card.city ?? ''),
      anonymous: card.anonymous,
      createdAt: card.createdAt ? Date.parse(card.createdAt) : 0,
      owner: card.owner ?? '',
      ownerCity: card.ownerCity,
      due: card.due,
    },
    votes: card.votes,
    from: {
      boardId,
      cardId: card.id,
      meeting: minutes.meeting.title,
      startsAt: minutes.meeting.startsAt,
      city: card.kind === 'commitment' ? card.ownerCity : card.anonymous ? '' : (card.city ?? ''),
    },
    commitment,
  })
  const picked = (cards: MinutesCard[], ids: readonly string[]) => cards.filter((card) => ids.includes(card.id))
  return {
    questions: picked(candidates.questions, picks.questions).map((card) => carry(card, null)),
    ideas: picked(candidates.ideas, picks.ideas).map((card) => carry(card, null)),
    sinceLastTime: candidates.commitments.map((card) =>
      carry(card, commitments.get(card.id) ?? { id: card.id, status: 'open', note: '' }),
    ),
  }
}
