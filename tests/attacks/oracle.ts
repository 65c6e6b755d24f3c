/**
 * The fuzz test's oracle: what an update really does to the room, and whether the write rules
 * (shared/rules/write-rules.ts) allow that to the sender.
 *
 * It learns the effect by applying the update to a copy of the room's doc and comparing the two
 * (doc-contents.ts), never from what the update's encoding declares, and judges the difference
 * with the shared rules on its own reading of the board: the record log folded before and after,
 * the locks, the voting round. The server's update policy reads the update instead; where the two
 * disagree one of them is wrong.
 */
import * as Y from 'yjs'
import { isBoardAssetPath } from '../../shared/model/asset-paths'
import { BOARD_MAP, SCHEMA_KEY } from '../../shared/model/board-meta'
import { shapesOf, type ShapeRecord } from '../../shared/model/board-shapes'
import { CARD_SHAPE_TYPE } from '../../shared/model/card'
import { readLocks, type Locks } from '../../shared/model/locks'
import { isPlainJson } from '../../shared/model/plain-json'
import { RECORDS_ARRAY, isRecordLogEntry, readRecords, type LogRecord } from '../../shared/model/record-log'
import { sectionOf } from '../../shared/model/sections'
import { isAcceptableBoardSchema } from '../../shared/model/tldraw-schema'
import { VOTES_MAP, parseVoteKey, readRound } from '../../shared/model/voting'
import { dotBlock, dotCardBlock, lockBlock, locksBind, partBlock, trustOf } from '../../shared/rules/write-rules'
import { advancedClients, changesBetween, readContents, type Cell, type Change, type DocContents } from './doc-contents'
import { encodeUpdate, specOf, structLength, type Content, type StructSpec, type UpdateSpec } from './update-encoder'

/** Who sends the update, as the server knows them. */
export interface Sender {
  role: 'participant' | 'viewer'
  /** The voter id of the sender's device. */
  voterId: string | null
  /** Client ids bound to someone else's device (the facilitator's, the server's, other attackers'). */
  foreignClients: ReadonlySet<number>
  boardId: string
}

/** What an update would do to a doc, read from a copy it was applied to. */
export interface Effect {
  changes: Change[]
  /** Clients whose clock the update advances. */
  clients: number[]
  /** Yjs parked part of it (a gap, a missing dependency, a delete of clocks not there yet). */
  pending: boolean
  /** What Yjs threw while applying it, or null. */
  threw: string | null
  /** The copy after the update. */
  after: Y.Doc
  afterContents: DocContents
}

/** A copy of `doc` (its whole state), as a new doc. */
export function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

export function effectOf(doc: Y.Doc, before: DocContents, update: Uint8Array): Effect {
  const after = copyOf(doc)
  let threw: string | null = null
  try {
    Y.applyUpdate(after, trimmedTo(doc, update))
  } catch (error) {
    threw = String(error)
  }
  const afterContents = readContents(after)
  return effectBetween(before, after, afterContents, threw)
}

/**
 * The update as the room applies it: a struct whose first clocks the doc already has goes to the
 * doc as its unknown tail, in Yjs's own wire form of a struct trimmed to a state vector (what
 * `Item.write` with an offset writes, as in every sync answer): the same client's previous clock as
 * origin, the same right origin, no parent of its own. The room never applies a client's bytes
 * (server/sync/incoming-update.ts re-encodes them), and for such a struct the bytes as sent do
 * something no one receives: Yjs takes the parent (and map key) from what the struct declares
 * before it trims, then links the tail after the client's previous item, in that item's list. With
 * a declared key and nothing to its right, the tail becomes that key's value and the previous item
 * is deleted as the key's old one. The room and every client get the trimmed form, so that is
 * what the oracle judges. (The server refuses such a struct when its declared place differs from
 * where the tail lands, as it does there, since the sender's copy would then differ from everyone
 * else's; honest clients never send one, so the generator marks none of them realistic and a
 * refusal is no failure. The trimmed form is what it lands as when the two agree.) Everything else
 * is applied as sent; an update whose structs this module's spec does not reproduce exactly
 * (several blocks of one client, an empty block) is left as it is too.
 */
function trimmedTo(doc: Y.Doc, update: Uint8Array): Uint8Array {
  let spec: UpdateSpec
  try {
    spec = specOf(update)
  } catch {
    return update
  }
  if (!sameBytes(encodeUpdate(spec), update)) return update
  let trimmed = false
  for (const block of spec.blocks) {
    const known = Y.getState(doc.store, block.client)
    let clock = block.clock
    for (let i = 0; i < block.structs.length; i++) {
      const struct = block.structs[i]!
      const length = structLength(struct)
      if (struct.kind === 'item' && clock < known && known < clock + length) {
        const offset = known - clock
        // The known head stays, so that Yjs still looks up its references before skipping it.
        const head: StructSpec = { ...struct, content: sliceContent(struct.content, 0, offset) }
        const tail: StructSpec = {
          kind: 'item',
          origin: { client: block.client, clock: known - 1 },
          rightOrigin: struct.rightOrigin,
          parent: null,
          parentSub: null,
          content: sliceContent(struct.content, offset),
        }
        block.structs.splice(i, 1, head, tail)
        trimmed = true
        break
      }
      clock += length
    }
  }
  return trimmed ? encodeUpdate(spec) : update
}

/** Part of a content that takes several clocks (binary and type contents take one). */
function sliceContent(content: Content, from: number, to?: number): Content {
  switch (content.kind) {
    case 'any':
    case 'json':
      return { ...content, values: content.values.slice(from, to) }
    case 'string':
      return { kind: 'string', text: content.text.slice(from, to) }
    case 'deleted':
      return { kind: 'deleted', length: (to ?? content.length) - from }
    case 'binary':
    case 'type':
      throw new Error(`a ${content.kind} content takes one clock`)
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

/** The effect that turned a doc read as `before` into `after`. */
export function effectBetween(before: DocContents, after: Y.Doc, afterContents: DocContents, threw: string | null = null): Effect {
  return {
    changes: changesBetween(before, afterContents),
    clients: advancedClients(before, afterContents),
    pending: afterContents.pending,
    threw,
    after,
    afterContents,
  }
}

/**
 * Why the rules forbid the effect to the sender (codes of shared/model/refusals.ts where the rules
 * have one, else a word for what is wrong), empty when it is allowed. `before` is the doc the
 * update was applied to.
 */
export function forbiddenBy(before: Y.Doc, effect: Effect, sender: Sender): string[] {
  const reasons = new Set<string>()
  if (effect.threw !== null) reasons.add(`yjs-throws (${effect.threw})`)
  if (effect.pending) reasons.add('deferred')
  if (effect.clients.some((client) => sender.foreignClients.has(client))) reasons.add('not-your-client')
  if (effect.changes.length === 0) return [...reasons]
  const { role } = sender
  if (trustOf(role) === 'none') return [...reasons, 'read-only']
  const records: Change[] = []
  for (const change of effect.changes) {
    if (change.root === BOARD_MAP && change.key === SCHEMA_KEY && !(change.after && change.after.kind === 'any' && isAcceptableBoardSchema(change.after.value))) {
      reasons.add('schema')
    }
    const blocked = partBlock(change.root, change.keyed, role)
    if (blocked) reasons.add(blocked)
    else if (change.after && !isJsonCell(change.after)) reasons.add('not-json')
    else if (change.root === RECORDS_ARRAY) records.push(change)
    else if (change.root === VOTES_MAP) for (const reason of dotReasons(before, effect.after, change, sender)) reasons.add(reason)
  }
  for (const reason of recordReasons(before, effect.after, records, sender)) reasons.add(reason)
  return [...reasons]
}

function isJsonCell(cell: Cell): boolean {
  return cell.kind === 'any' && isPlainJson(cell.value)
}

function dotReasons(before: Y.Doc, after: Y.Doc, change: Change, sender: Sender): string[] {
  const dot = parseVoteKey(change.key)
  if (!dot) return ['malformed']
  const round = readRound(before, dot.roundId)
  const blocked = dotBlock(dot, sender.voterId, round)
  if (blocked) return [blocked]
  if (!change.after) return []
  const records = readRecords(after)
  const card = typeof change.after.value === 'string' ? shapeIn(records, change.after.value) : undefined
  const section = card?.type === CARD_SHAPE_TYPE ? sectionOf(card, shapeMap(records)) : null
  const wrongCard = dotCardBlock(round!, section?.id ?? null)
  return wrongCard ? [wrongCard] : []
}

/** Record-log elements added or removed: well-formed, this board's assets, and nothing under a lock. */
function recordReasons(before: Y.Doc, after: Y.Doc, changes: Change[], sender: Sender): string[] {
  if (changes.length === 0) return []
  const reasons: string[] = []
  const ids = new Set<string>()
  for (const { before: removed, after: added } of changes) {
    if (added) {
      if (!isRecordLogEntry(added.value)) {
        reasons.push('malformed')
        continue
      }
      ids.add(added.value.k)
      if (!assetStaysHere(added.value.v, sender.boardId)) reasons.push('asset-url')
    }
    if (removed && isRecordLogEntry(removed.value)) ids.add(removed.value.k)
  }
  const locks = readLocks(before)
  if (!locksBind(locks, sender.role)) return reasons
  const boards = [readRecords(before), readRecords(after)].map((records) => ({ records, shapes: shapeMap(records) }))
  for (const id of ids) {
    for (const board of boards) {
      for (const section of sectionsAround(id, board, locks)) {
        const blocked = lockBlock(locks, sender.role, section)
        if (blocked) reasons.push(blocked)
      }
    }
    const blocked = lockBlock(locks, sender.role, null)
    if (blocked) reasons.push(blocked)
  }
  return reasons
}

function assetStaysHere(record: LogRecord, boardId: string): boolean {
  const { typeName, type, props } = record as { typeName?: unknown; type?: unknown; props?: Record<string, unknown> }
  if (typeName === 'shape' && type === 'embed') return false
  if (typeName !== 'asset') return true
  return ['src', 'image', 'favicon'].every((prop) => {
    const url = props?.[prop]
    return url === undefined || url === null || url === '' || isBoardAssetPath(boardId, url)
  })
}

/** The sections a record is or sits in (for a binding: those of the shapes it ties), on one board. */
function sectionsAround(id: string, { records, shapes }: Board, locks: Locks): string[] {
  const around = (shapeId: unknown): string[] => {
    if (typeof shapeId !== 'string') return []
    if (locks.sections.has(shapeId)) return [shapeId]
    const shape = shapes.get(shapeId)
    const section = shape ? sectionOf(shape, shapes) : null
    return section ? [section.id] : []
  }
  const record = records.get(id) as { typeName?: unknown; fromId?: unknown; toId?: unknown } | undefined
  return record?.typeName === 'binding' ? [...around(id), ...around(record.fromId), ...around(record.toId)] : around(id)
}

interface Board {
  records: Map<string, LogRecord>
  shapes: Map<string, ShapeRecord>
}

function shapeMap(records: Map<string, LogRecord>): Map<string, ShapeRecord> {
  return new Map(shapesOf(records.values()).map((shape) => [shape.id, shape]))
}

function shapeIn(records: Map<string, LogRecord>, id: string): ShapeRecord | undefined {
  const record = records.get(id)
  return record ? shapesOf([record])[0] : undefined
}
