/**
 * The rules for document updates, applied to what an update touches (see update-touches.ts) and
 * the board as it is before the update. What each role may write is decided in
 * shared/rules/write-rules.ts; this reads the update and the room's doc for it:
 *
 * - everyone: assets only from this board's own uploads, no embeds of other sites (every browser
 *   on the board would fetch what one person chose), only a board schema the bundled tldraw knows,
 *   nothing in the server's own parts (attendance, the snapshot index), and dots only their own
 *   device's, in an open round, within its limit, on a card of the round.
 * - full trust (facilitator, and the open default role 'editor' of a server without link roles):
 *   everything else.
 * - content trust (participant): only the parts of the doc the board's model has, only plain JSON
 *   values; not the facilitator's parts; in the records (cards, drawings…) nothing that is locked.
 * - no trust (viewer, roles the rules do not know): nothing; only updates that change nothing pass
 *   (a sync step 2 from a read-only copy).
 */
import type * as Y from 'yjs'
import { isBoardAssetPath } from '../../../shared/model/asset-paths'
import { BOARD_MAP, SCHEMA_KEY } from '../../../shared/model/board-meta'
import { isAcceptableBoardSchema } from '../../../shared/model/tldraw-schema'
import { shapesOf, type ShapeRecord } from '../../../shared/model/board-shapes'
import { CARD_SHAPE_TYPE } from '../../../shared/model/card'
import { readLocks, type Locks } from '../../../shared/model/locks'
import type { LogRecord, RecordLogEntry } from '../../../shared/model/record-log'
import { refusalReason, type RefusalCode } from '../../../shared/model/refusals'
import { possibleSectionsOf } from '../../../shared/model/sections'
import { VOTES_MAP, parseVoteKey, readRound } from '../../../shared/model/voting'
import { dotBlock, dotCardBlock, lockBlock, locksBind, partBlock, trustOf } from '../../../shared/rules/write-rules'
import type { UpdateRefusal } from '../../hooks'
import type { MapWrite, UpdateTouches } from './update-touches'

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
  /** The current live entries of a record, in array order. */
  entries(id: string): readonly RecordLogEntry[]
}

/** Every version a record may have: one for the board before the update, several after it. */
type Versions = (id: string) => readonly LogRecord[]

const refuse = (code: RefusalCode): UpdateRefusal => ({ refuse: refusalReason(code) })

export function judgeUpdate(input: UpdateJudgement): true | UpdateRefusal {
  const { touches, role } = input
  if (touches.empty) return true
  if (!assetsStayHere(input)) return refuse('asset-url')
  const schema = touches.maps.get(BOARD_MAP)?.get(SCHEMA_KEY)
  // A schema no client of this server can read would lock everyone out of the board.
  if (schema && (schema.nested || (schema.set && !isAcceptableBoardSchema(schema.value)))) return refuse('schema')
  const trust = trustOf(role)
  if (trust === 'none') return refuse('read-only')
  if (trust === 'content') {
    if (touches.malformedRecords || touches.nonJson) return refuse('malformed')
    if (touches.foreignContent) return refuse('unsupported')
  }
  for (const root of touches.otherRoots) {
    const blocked = partBlock(root, false, role)
    if (blocked) return refuse(blocked)
  }
  for (const [map, keys] of touches.maps) {
    const blocked = partBlock(map, true, role)
    if (blocked) return refuse(blocked)
    if (map !== VOTES_MAP) continue
    for (const [key, write] of keys) {
      const verdict = judgeDot(input, key, write)
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

/** One key of the votes map: a dot of the sender's own device, in an open round, on one of its cards. */
function judgeDot(input: UpdateJudgement, key: string, write: MapWrite): true | UpdateRefusal {
  const dot = parseVoteKey(key)
  if (!dot || write.nested) return refuse('malformed')
  const round = readRound(input.doc, dot.roundId)
  const blocked = dotBlock(dot, input.voterId, round)
  if (blocked) return refuse(blocked)
  if (!write.set) return true
  // The card as the update leaves it: one it deletes, or moves out of the round's sections, is none.
  const after = versionsAfter(input)
  const cards = typeof write.value === 'string' ? after(write.value) : []
  const onRoundCard =
    cards.length > 0 &&
    cards.every((version) => {
      const card = asShape(version)
      if (card?.type !== CARD_SHAPE_TYPE) return false
      const sections = possibleSectionsOf(card, shapeVersions(after))
      return sections.size > 0 && [...sections].every((section) => !dotCardBlock(round!, section))
    })
  return onRoundCard ? true : refuse('vote-card')
}

/** The record log: nothing in a locked section (or anywhere on a locked board) for those the locks bind. */
function judgeRecords(input: UpdateJudgement): true | UpdateRefusal {
  const { touches, role } = input
  const changed = new Set([...touches.recordDeletions, ...touches.recordEntries.map((entry) => entry.k)])
  if (changed.size === 0) return true
  const locks = readLocks(input.doc)
  if (!locksBind(locks, role)) return true
  const anywhere = lockBlock(locks, role, null)
  if (anywhere) return refuse(anywhere)
  const before: Versions = (id) => {
    const record = input.record(id)
    return record ? [record] : []
  }
  for (const versionsOf of [before, versionsAfter(input)]) {
    for (const id of changed) {
      for (const sectionId of sectionsTouched(id, versionsOf, locks)) {
        const blocked = lockBlock(locks, role, sectionId)
        if (blocked) return refuse(blocked)
      }
    }
  }
  return true
}

/**
 * The board after the update, record by record. A record the update writes or deletes folds from
 * all its live entries then (those it had, less the deleted, and the new ones, in an order only
 * Yjs's integration decides), and a field of the fold may come from any of them: every live entry
 * is a version to judge, not just the newest.
 */
function versionsAfter({ touches, record, entries }: UpdateJudgement): Versions {
  const added = new Map<string, LogRecord[]>()
  for (const entry of touches.recordEntries) {
    const versions = added.get(entry.k)
    if (versions) versions.push(entry.v)
    else added.set(entry.k, [entry.v])
  }
  return (id) => {
    const written = added.get(id)
    if (!written && !touches.recordDeletions.has(id)) {
      const current = record(id)
      return current ? [current] : []
    }
    const kept = entries(id).filter((entry) => !touches.deletedEntries.has(entry))
    return [...kept.map((entry) => entry.v), ...(written ?? [])]
  }
}

/**
 * The sections a change of the record touches: the one it is (a section frame, or a locked section's
 * id after the frame is gone) or sits in, and for a binding (e.g. an arrow) those of both shapes it
 * ties, on every version `versionsOf` gives of the record and its parents.
 */
function sectionsTouched(id: string, versionsOf: Versions, locks: Locks): Set<string> {
  const sections = new Set<string>()
  const shapes = shapeVersions(versionsOf)
  const around = (shapeId: unknown) => {
    if (typeof shapeId !== 'string') return
    if (locks.sections.has(shapeId)) sections.add(shapeId)
    else for (const shape of shapes(shapeId)) for (const section of possibleSectionsOf(shape, shapes)) sections.add(section)
  }
  around(id)
  for (const version of versionsOf(id)) {
    const record = version as { typeName?: unknown; fromId?: unknown; toId?: unknown }
    if (record.typeName !== 'binding') continue
    around(record.fromId)
    around(record.toId)
  }
  return sections
}

/** The versions of a record that are shapes. */
function shapeVersions(versionsOf: Versions): (id: string) => ShapeRecord[] {
  return (id) => shapesOf(versionsOf(id))
}

/** The record as a shape, or undefined when it is none (pages, bindings, assets…). */
function asShape(record: LogRecord | undefined): ShapeRecord | undefined {
  return record ? shapesOf([record])[0] : undefined
}
