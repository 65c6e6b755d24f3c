/**
 * The rules for document updates by role, as a pure decision on what an update touches
 * (see update-touches.ts) and the board as it is before the update:
 *
 * - everyone: assets only from this board's own uploads, no embeds of other sites (every browser
 *   on the board would fetch what one person chose).
 * - facilitator (and the open default role 'editor' of a server without link roles): everything else.
 * - participant: only the parts of the doc the board's model has, only plain JSON values; not the
 *   facilitator's parts (meeting settings, locks, voting rounds, the timer, the stage, the
 *   snapshot index, the board schema); in the records (cards, drawings…) nothing that is locked;
 *   in the votes only their own dots, in an open round, within its limit.
 * - any other role (viewer, stage, roles this policy does not know): nothing; only updates that
 *   change nothing pass (a sync step 2 from a read-only copy). Unknown roles fail closed.
 */
import type * as Y from 'yjs'
import { isBoardAssetPath } from '../../shared/model/asset-paths'
import { BOARD_MAP, SCHEMA_KEY } from '../../shared/model/board-meta'
import { isAcceptableBoardSchema } from '../../shared/model/tldraw-schema'
import { shapesOf, type ShapeRecord } from '../../shared/model/board-shapes'
import { CARD_SHAPE_TYPE } from '../../shared/model/card'
import { LOCKS_MAP, readLocks, type Locks } from '../../shared/model/locks'
import { MEETING_MAP } from '../../shared/model/meeting'
import { PARTICIPANTS_MAP } from '../../shared/model/participant'
import { RECORDS_ARRAY, type LogRecord } from '../../shared/model/record-log'
import { refusalReason, type RefusalCode } from '../../shared/model/refusals'
import { sectionOf } from '../../shared/model/sections'
import { SNAPSHOTS_MAP } from '../../shared/model/snapshots'
import { STAGE_MAP } from '../../shared/model/stage'
import { TIMER_MAP } from '../../shared/model/timer'
import { VOTES_MAP, VOTING_MAP, parseVoteKey, readRound } from '../../shared/model/voting'
import type { Refusal } from '../hooks'
import type { MapWrite, UpdateTouches } from './update-touches'

/** Top-level maps only the facilitator (or the server) writes. */
const FACILITATOR_MAPS: ReadonlySet<string> = new Set([
  MEETING_MAP,
  LOCKS_MAP,
  VOTING_MAP,
  TIMER_MAP,
  STAGE_MAP,
  SNAPSHOTS_MAP,
  BOARD_MAP,
])
/** Top-level maps a participant may write (within the rules below). */
const PARTICIPANT_MAPS: ReadonlySet<string> = new Set([VOTES_MAP, PARTICIPANTS_MAP])

/** Roles whose writes only the rules for everyone limit. */
const TRUSTED_ROLES: ReadonlySet<string> = new Set(['facilitator', 'editor'])

/** Asset props that browsers load. */
const ASSET_URL_PROPS = ['src', 'image', 'favicon'] as const

export interface UpdateJudgement {
  role: string
  boardId: string
  /** The participant's voter id (from their voter key), or null. */
  voterId: string | null
  touches: UpdateTouches
  /** The room's doc before the update. */
  doc: Y.Doc
  /** The board's current records by id (folded record log). */
  record(id: string): LogRecord | undefined
}

const refuse = (code: RefusalCode): Refusal => ({ refuse: refusalReason(code) })

export function judgeUpdate(input: UpdateJudgement): true | Refusal {
  const { touches } = input
  if (touches.empty) return true
  if (!assetsStayHere(input)) return refuse('asset-url')
  const schema = touches.maps.get(BOARD_MAP)?.get(SCHEMA_KEY)
  // A schema no client of this server can read would lock everyone out of the board.
  if (schema && (schema.nested || (schema.set && !isAcceptableBoardSchema(schema.value)))) return refuse('schema')
  if (TRUSTED_ROLES.has(input.role)) return true
  if (input.role !== 'participant') return refuse('read-only')
  if (touches.malformedRecords) return refuse('malformed')
  if (touches.foreignContent) return refuse('unsupported')
  for (const root of touches.otherRoots) {
    if (FACILITATOR_MAPS.has(root)) return refuse('facilitator-only')
    if (root !== RECORDS_ARRAY) return refuse('unsupported')
  }
  for (const [map, keys] of touches.maps) {
    if (FACILITATOR_MAPS.has(map)) return refuse('facilitator-only')
    if (!PARTICIPANT_MAPS.has(map)) return refuse('unsupported')
    if (map !== VOTES_MAP) continue
    for (const [key, write] of keys) {
      const verdict = judgeVote(input, key, write)
      if (verdict !== true) return verdict
    }
  }
  return judgeRecords(input)
}

/** Whether every asset the update writes points to this board's uploads, and no shape embeds another site. */
function assetsStayHere({ touches, boardId }: UpdateJudgement): boolean {
  for (const { v } of touches.recordEntries) {
    const record = v as { typeName?: unknown; type?: unknown; props?: Record<string, unknown> }
    if (record.typeName === 'shape' && record.type === 'embed') return false
    if (record.typeName !== 'asset') continue
    for (const prop of ASSET_URL_PROPS) {
      const url = record.props?.[prop]
      // The only address an asset may have: one of this board's uploads (shared/model/asset-paths.ts).
      if (url !== undefined && url !== null && url !== '' && !isBoardAssetPath(boardId, url)) return false
    }
  }
  return true
}

function judgeVote(input: UpdateJudgement, key: string, write: MapWrite): true | Refusal {
  const vote = parseVoteKey(key)
  if (!vote || write.nested) return refuse('malformed')
  if (input.voterId === null || vote.voterId !== input.voterId) return refuse('vote-not-yours')
  const round = readRound(input.doc, vote.roundId)
  if (!round || round.state !== 'open') return refuse('vote-closed')
  if (vote.slot >= round.dots) return refuse('vote-limit')
  if (!write.set) return true
  const card = typeof write.value === 'string' ? asShape(input.record(write.value)) : null
  if (!card || card.type !== CARD_SHAPE_TYPE) return refuse('vote-card')
  const section = sectionOf(card, { get: (id) => asShape(input.record(id)) })
  return section && round.sections.includes(section.id) ? true : refuse('vote-card')
}

function judgeRecords(input: UpdateJudgement): true | Refusal {
  const { touches } = input
  const changed = new Set([...touches.recordDeletions, ...touches.recordEntries.map((entry) => entry.k)])
  if (changed.size === 0) return true
  const locks = readLocks(input.doc)
  if (locks.board) return refuse('locked-board')
  if (locks.sections.size === 0) return true
  // After the update a record is its newest entry in it; its parents may be new in it too.
  const written = new Map<string, LogRecord>()
  for (const entry of touches.recordEntries) written.set(entry.k, entry.v)
  const after = (id: string) => written.get(id) ?? input.record(id)
  for (const id of changed) {
    if (touchesLockedSection(id, input.record, locks) || touchesLockedSection(id, after, locks)) return refuse('locked-section')
  }
  return true
}

/**
 * Whether the record is a locked section, sits in one, or (a binding, e.g. an arrow) ties a shape
 * that does. `recordOf` gives the board as of one moment (before or after the update).
 */
function touchesLockedSection(id: string, recordOf: (id: string) => LogRecord | undefined, locks: Locks): boolean {
  const shapeOf = (shapeId: string) => asShape(recordOf(shapeId))
  const inLockedSection = (shapeId: unknown) => {
    if (typeof shapeId !== 'string') return false
    if (locks.sections.has(shapeId)) return true
    const shape = shapeOf(shapeId)
    const section = shape ? sectionOf(shape, { get: shapeOf }) : null
    return section !== null && locks.sections.has(section.id)
  }
  if (inLockedSection(id)) return true
  const record = recordOf(id) as { typeName?: unknown; fromId?: unknown; toId?: unknown } | undefined
  return record?.typeName === 'binding' && (inLockedSection(record.fromId) || inLockedSection(record.toId))
}

/** The record as a shape, or undefined when it is none (pages, bindings, assets…). */
function asShape(record: LogRecord | undefined): ShapeRecord | undefined {
  return record ? shapesOf([record])[0] : undefined
}
