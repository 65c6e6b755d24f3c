/**
 * Dot voting. Two maps in the board's Y.Doc:
 *
 * - `doc.getMap('voting')`: the rounds (`round:<id>` -> `VotingRound`) and `current`, the id of the
 *   round the board shows (null: none). Only the facilitator writes it.
 * - `doc.getMap('votes')`: the dots. Key `<roundId>/<voterId>/<slot>`, value the card's id.
 *
 * Dots are counted per device, the only thing a board without accounts can tell apart: the voter
 * id is derived by the server from a per-browser secret (the voter key) and bound to the
 * connection, and every device owns `dots` numbered slots per round (the rules are in
 * shared/rules/write-rules.ts). So the limit is part of the key space: two tabs of one browser
 * clicking at the same moment at worst write the same slot (one click wins), never a dot too many;
 * and the server only has to check that a write names an open round, the connection's own voter id
 * and a slot below the limit, written in one way only (no leading zeros). Nobody can move somebody
 * else's dots, and the dots do not say who placed them.
 */
import type * as Y from 'yjs'
import { readRecords } from './record-log'
import { CARD_SHAPE_TYPE } from './card'
import { byId, shapesOf } from './board-shapes'
import { sectionOf } from './sections'
import { dotCardBlock, dotCounts, roundBlock } from '../rules/write-rules'

export const VOTING_MAP = 'voting'
export const VOTES_MAP = 'votes'
const CURRENT_KEY = 'current'
const ROUND_PREFIX = 'round:'

/** The most dots a round may give each device. */
export const MAX_DOTS = 20

export type RoundState = 'open' | 'closed' | 'revealed'

export interface VotingRound {
  id: string
  /** Section frame ids whose cards can get dots. */
  sections: string[]
  /** Dots per device (see the top of this file). */
  dots: number
  /** Counts stay hidden from everyone until the reveal. */
  hidden: boolean
  /** 'open' takes dots; 'closed' (ended without reveal) and 'revealed' are read-only. */
  state: RoundState
  startedAt: number
  /** When the counts were revealed, or null. */
  revealedAt: number | null
}

function votingMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(VOTING_MAP)
}

export function votesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(VOTES_MAP)
}

function roundKey(roundId: string): string {
  return `${ROUND_PREFIX}${roundId}`
}

function isRound(value: unknown): value is VotingRound {
  if (typeof value !== 'object' || value === null) return false
  const round = value as VotingRound
  return (
    typeof round.id === 'string' &&
    Array.isArray(round.sections) &&
    round.sections.every((id) => typeof id === 'string') &&
    Number.isInteger(round.dots) &&
    round.dots >= 1 &&
    round.dots <= MAX_DOTS &&
    typeof round.hidden === 'boolean' &&
    (round.state === 'open' || round.state === 'closed' || round.state === 'revealed') &&
    typeof round.startedAt === 'number'
  )
}

export function readRound(doc: Y.Doc, roundId: string): VotingRound | null {
  const value = votingMap(doc).get(roundKey(roundId))
  return isRound(value) ? value : null
}

/** The round the board shows now, or null. */
export function currentRound(doc: Y.Doc): VotingRound | null {
  const id = votingMap(doc).get(CURRENT_KEY)
  return typeof id === 'string' ? readRound(doc, id) : null
}

/** Every round held on this board, oldest first. */
function readRounds(doc: Y.Doc): VotingRound[] {
  const rounds: VotingRound[] = []
  votingMap(doc).forEach((value, key) => {
    if (key.startsWith(ROUND_PREFIX) && isRound(value)) rounds.push(value)
  })
  return rounds.sort((a, b) => a.startedAt - b.startedAt)
}

/** Starts a round and shows it; a round still open is closed first. */
export function startRound(
  doc: Y.Doc,
  settings: { id: string; sections: string[]; dots: number; hidden: boolean },
  now: number,
  origin?: unknown,
): VotingRound {
  const round: VotingRound = {
    id: settings.id,
    sections: [...new Set(settings.sections)],
    dots: Math.min(MAX_DOTS, Math.max(1, Math.round(settings.dots))),
    hidden: settings.hidden,
    state: 'open',
    startedAt: now,
    revealedAt: null,
  }
  doc.transact(() => {
    const open = currentRound(doc)
    if (open?.state === 'open') votingMap(doc).set(roundKey(open.id), { ...open, state: 'closed' })
    votingMap(doc).set(roundKey(round.id), round)
    votingMap(doc).set(CURRENT_KEY, round.id)
  }, origin)
  return round
}

/** Ends the round and shows its counts; from now on its dots are read-only. */
export function revealRound(doc: Y.Doc, roundId: string, now: number, origin?: unknown): void {
  const round = readRound(doc, roundId)
  if (!round || round.state === 'revealed') return
  doc.transact(() => votingMap(doc).set(roundKey(roundId), { ...round, state: 'revealed', revealedAt: now }), origin)
}

/** Takes the round off the board (it stays in the record). A round still open is closed. */
export function dismissRound(doc: Y.Doc, origin?: unknown): void {
  const round = currentRound(doc)
  doc.transact(() => {
    if (round?.state === 'open') votingMap(doc).set(roundKey(round.id), { ...round, state: 'closed' })
    votingMap(doc).set(CURRENT_KEY, null)
  }, origin)
}

export interface VoteKey {
  roundId: string
  voterId: string
  slot: number
}

export function voteKey({ roundId, voterId, slot }: VoteKey): string {
  return `${roundId}/${voterId}/${slot}`
}

/**
 * Reads a key of the votes map; null when it is not one. A slot is written in one way only
 * (`voteKey`'s): `r/v/01` next to `r/v/1` would be a second dot in the same slot.
 */
export function parseVoteKey(key: string): VoteKey | null {
  const match = /^([^/]+)\/([^/]+)\/(0|[1-9]\d{0,2})$/.exec(key)
  if (!match) return null
  return { roundId: match[1]!, voterId: match[2]!, slot: Number(match[3]) }
}

/** Every dot of the round that counts (see `dotCounts`), with the card it is on. */
function countedDots(doc: Y.Doc, roundId: string): { dot: VoteKey; cardId: string }[] {
  const round = readRound(doc, roundId)
  if (!round) return []
  const dots: { dot: VoteKey; cardId: string }[] = []
  votesMap(doc).forEach((cardId, key) => {
    const dot = parseVoteKey(key)
    if (dot && typeof cardId === 'string' && dotCounts(dot, round)) dots.push({ dot, cardId })
  })
  return dots
}

/** One device's dots in a round: slot -> card id. */
export function dotsOf(doc: Y.Doc, roundId: string, voterId: string): Map<number, string> {
  const dots = new Map<number, string>()
  for (const { dot, cardId } of countedDots(doc, roundId)) if (dot.voterId === voterId) dots.set(dot.slot, cardId)
  return dots
}

/** Dots per card id in a round. */
export function countVotes(doc: Y.Doc, roundId: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const { cardId } of countedDots(doc, roundId)) counts.set(cardId, (counts.get(cardId) ?? 0) + 1)
  return counts
}

/** How many devices (voter ids) have at least one dot in the round. */
export function countVoters(doc: Y.Doc, roundId: string): number {
  return new Set(countedDots(doc, roundId).map(({ dot }) => dot.voterId)).size
}

/**
 * Puts one of the device's dots on a card: into a free slot picked at random, so that two tabs of
 * one browser rarely pick the same one. Returns false when no dot is left or the round is not open.
 */
export function placeDot(doc: Y.Doc, round: VotingRound, voterId: string, cardId: string, random = Math.random): boolean {
  if (roundBlock(round)) return false
  const used = dotsOf(doc, round.id, voterId)
  const free: number[] = []
  for (let slot = 0; slot < round.dots; slot++) if (!used.has(slot)) free.push(slot)
  if (free.length === 0) return false
  const slot = free[Math.floor(random() * free.length)]!
  votesMap(doc).set(voteKey({ roundId: round.id, voterId, slot }), cardId)
  return true
}

/** Takes one of the device's dots back from a card. Returns false when there was none. */
export function takeDot(doc: Y.Doc, round: VotingRound, voterId: string, cardId: string): boolean {
  if (roundBlock(round)) return false
  for (const [slot, votedCard] of dotsOf(doc, round.id, voterId)) {
    if (votedCard !== cardId) continue
    votesMap(doc).delete(voteKey({ roundId: round.id, voterId, slot }))
    return true
  }
  return false
}

/** The ids of the cards a round is about: cards in one of its sections, now. */
function cardsInRound(doc: Y.Doc, round: VotingRound): string[] {
  const shapes = shapesOf(readRecords(doc).values())
  const shapesById = byId(shapes)
  return shapes
    .filter((shape) => shape.type === CARD_SHAPE_TYPE && dotCardBlock(round, sectionOf(shape, shapesById)?.id ?? null) === null)
    .map((shape) => shape.id)
}

/** The last revealed round with its counts, every card of its sections listed (0 for none). */
export function lastRevealedResult(doc: Y.Doc): { round: VotingRound; counts: Record<string, number> } | null {
  const revealed = readRounds(doc).filter((round) => round.state === 'revealed' && round.revealedAt !== null)
  const round = revealed.sort((a, b) => a.revealedAt! - b.revealedAt!).at(-1)
  if (!round) return null
  const counts: Record<string, number> = {}
  for (const cardId of cardsInRound(doc, round)) counts[cardId] = 0
  for (const [cardId, count] of countVotes(doc, round.id)) counts[cardId] = count
  return { round, counts }
}
