/**
 * The write rules of a board, decided in one place: how far each role is trusted, who writes which
 * part of the board's document, what a closed meeting, the locks and a voting round allow.
 *
 * Pure decisions on plain values. The server's update policy
 * (server/features/update-policy/judge-update.ts) and archive policy
 * (server/features/archive/archive-policy.ts) refuse with them; the clients ask them before
 * writing (cards, slot repairs, the lock guard on the canvas, dots), so that a refusal only comes
 * from a race (a lock this device had not heard of yet). Each side reads the board with a thin
 * adapter of its own: ./doc-rules.ts for a Y.Doc, the update's touches and the archive flag on the
 * server. Every block is a refusal code (shared/model/refusals.ts) the server sends as it is and the
 * client shows in its own words.
 */
import { BOARD_MAP } from '../model/board-meta'
import { LOCKS_MAP, type Locks } from '../model/locks'
import { MEETING_MAP } from '../model/meeting'
import { PARTICIPANTS_MAP } from '../model/participant'
import { RECORDS_ARRAY } from '../model/record-log'
import type { RefusalCode } from '../model/refusals'
import { SNAPSHOTS_MAP } from '../model/snapshots'
import { STAGE_MAP } from '../model/stage'
import { TIMER_MAP } from '../model/timer'
import { VOTES_MAP, VOTING_MAP, type VoteKey, type VotingRound } from '../model/voting'

// ---------------------------------------------------------------------------------------------
// Roles

/**
 * How far a role's writes are trusted:
 * - `full`: everything but what protects every browser on the board (asset addresses, the board
 *   schema), the server's own parts and other devices' dots;
 * - `content`: the board's content, within the locks, and their own dots;
 * - `none`: nothing (viewers; roles these rules do not know fail closed).
 */
export type Trust = 'full' | 'content' | 'none'

const TRUST: Readonly<Record<string, Trust>> = {
  facilitator: 'full',
  // The open default of a server without link roles (server/hooks.ts).
  editor: 'full',
  participant: 'content',
}

export function trustOf(role: string): Trust {
  return Object.hasOwn(TRUST, role) ? TRUST[role]! : 'none'
}

/** Whether a session with `role` writes to the document at all (a viewer does not). */
export function writesDocument(role: string): boolean {
  return trustOf(role) !== 'none'
}

// ---------------------------------------------------------------------------------------------
// Parts of the document

/**
 * Who writes a top-level type of the board's doc:
 * - `facilitator`: roles of full trust (meeting settings, locks, voting rounds, timer, stage, the
 *   board schema);
 * - `server`: nobody but the server itself, whatever the role (the snapshot index, attendance);
 * - `content`: roles of content trust too, within the locks (the record log);
 * - `voters`: roles of content trust too, each only their own dots (the votes).
 */
export type PartWriters = 'facilitator' | 'server' | 'content' | 'voters'

interface Part {
  writers: PartWriters
  /** A map (written by key), or a sequence. */
  keyed: boolean
}

/**
 * Built on first use: model modules this one imports (voting) ask these rules in turn, so their
 * names may not be read while the modules are still loading.
 */
let parts: ReadonlyMap<string, Part> | null = null
const partOf = (name: string): Part | undefined => (parts ??= allParts()).get(name)

const allParts = (): ReadonlyMap<string, Part> => new Map<string, Part>([
  [RECORDS_ARRAY, { writers: 'content', keyed: false }],
  [VOTES_MAP, { writers: 'voters', keyed: true }],
  [MEETING_MAP, { writers: 'facilitator', keyed: true }],
  [LOCKS_MAP, { writers: 'facilitator', keyed: true }],
  [VOTING_MAP, { writers: 'facilitator', keyed: true }],
  [TIMER_MAP, { writers: 'facilitator', keyed: true }],
  [STAGE_MAP, { writers: 'facilitator', keyed: true }],
  [BOARD_MAP, { writers: 'facilitator', keyed: true }],
  [SNAPSHOTS_MAP, { writers: 'server', keyed: true }],
  [PARTICIPANTS_MAP, { writers: 'server', keyed: true }],
])

/** Who writes the top-level type `part`; null for a part the board's model does not have. */
export function writersOf(part: string): PartWriters | null {
  return partOf(part)?.writers ?? null
}

export type PartBlock = Extract<RefusalCode, 'read-only' | 'server-only' | 'facilitator-only' | 'unsupported'>

/**
 * Why a session with `role` may not write the top-level type `part` (`keyed`: as a map, else as a
 * sequence), or null when it may (within the rules for that part: locks, dots). Roles of full trust
 * may write types the model does not have (an embedder's own); content roles may not.
 */
export function partBlock(part: string, keyed: boolean, role: string): PartBlock | null {
  const trust = trustOf(role)
  if (trust === 'none') return 'read-only'
  const rule = partOf(part)
  if (rule?.writers === 'server') return 'server-only'
  if (trust === 'full') return null
  if (!rule) return 'unsupported'
  if (rule.writers === 'facilitator') return 'facilitator-only'
  return rule.keyed === keyed ? null : 'unsupported'
}

// ---------------------------------------------------------------------------------------------
// Closed meetings and locks

/** What decides whether content may be changed, read from the board once for many questions. */
export interface WriteRules {
  /** The meeting is closed (the board is an archive). */
  archived: boolean
  locks: Locks
}

/** Roles that may still change a closed meeting's board (and reopen it by doing so). */
const CLOSED_MEETING_WRITERS: ReadonlySet<string> = new Set(['facilitator'])

/** Why a session with `role` may not change the board of a meeting that is (`archived`) closed. */
export function closedMeetingBlock(archived: boolean, role: string): 'archived' | null {
  return archived && !CLOSED_MEETING_WRITERS.has(role) ? 'archived' : null
}

/** Why a session with `role` may not change the board's document at all, or null when it may. */
export function documentBlock(rules: Pick<WriteRules, 'archived'>, role: string): 'read-only' | 'archived' | null {
  if (!writesDocument(role)) return 'read-only'
  return closedMeetingBlock(rules.archived, role)
}

/** Whether any lock binds a session with `role` (locks hold for everyone but roles of full trust). */
export function locksBind(locks: Locks, role: string): boolean {
  return trustOf(role) === 'content' && (locks.board !== null || locks.sections.size > 0)
}

/**
 * Why a session with `role` may not change content in the section `sectionId` (null: outside every
 * section) because of a lock, or null.
 */
export function lockBlock(locks: Locks, role: string, sectionId: string | null): 'locked-board' | 'locked-section' | null {
  if (!locksBind(locks, role)) return null
  if (locks.board) return 'locked-board'
  return sectionId !== null && locks.sections.has(sectionId) ? 'locked-section' : null
}

export type WriteBlock = 'read-only' | 'archived' | 'locked-board' | 'locked-section'

/** Why a session with `role` may not change content in the section `sectionId`, or null when it may. */
export function writeBlock(rules: WriteRules, role: string, sectionId: string | null): WriteBlock | null {
  return documentBlock(rules, role) ?? lockBlock(rules.locks, role, sectionId)
}

// ---------------------------------------------------------------------------------------------
// Dots

/**
 * Dots are counted per device: a voter id is the server's digest of one browser's voter key
 * (server/features/access/board-access.ts), bound to the connection that sent it. A connection
 * places and takes back only dots of its own voter id, whatever its role; without one it has none.
 * A person with two browsers has two devices' dots: without accounts nothing can tell that they
 * are one.
 */
export type DotBlock = Extract<RefusalCode, 'vote-not-yours' | 'vote-closed' | 'vote-limit'>

/** Why a round takes no dots now (none, ended, revealed), or null when it is open. */
export function roundBlock(round: VotingRound | null): 'vote-closed' | null {
  return round?.state === 'open' ? null : 'vote-closed'
}

/** Whether `slot` is one of the dots the round gives each device. */
export function isSlotOf(round: VotingRound, slot: number): boolean {
  return Number.isInteger(slot) && slot >= 0 && slot < round.dots
}

/**
 * Why the device with voter id `own` (null: none) may not set or clear the dot `dot` in `round`
 * (the round `dot` names, null when there is none), or null when it may.
 */
export function dotBlock(dot: VoteKey, own: string | null, round: VotingRound | null): DotBlock | null {
  if (own === null || dot.voterId !== own) return 'vote-not-yours'
  if (roundBlock(round) || !round || round.id !== dot.roundId) return 'vote-closed'
  return isSlotOf(round, dot.slot) ? null : 'vote-limit'
}

/**
 * Why a card in the section `sectionId` (null: not a card, or outside every section) cannot get
 * dots in `round`, or null when it can.
 */
export function dotCardBlock(round: VotingRound, sectionId: string | null): 'vote-card' | null {
  return sectionId !== null && round.sections.includes(sectionId) ? null : 'vote-card'
}

/** Whether a dot in the votes map counts in `round`: one of the slots the round gives a device. */
export function dotCounts(dot: VoteKey, round: VotingRound): boolean {
  return dot.roundId === round.id && isSlotOf(round, dot.slot)
}
