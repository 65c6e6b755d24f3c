/**
 * Builds adversarial updates against the room as an attacker knows it: the whole doc (every
 * client receives it), so its state vector, its items and their ids. Three kinds, from one seeded
 * generator:
 *
 * - honest: what a real client of this role would send for one action (written by a Y.Doc with the
 *   attacker's own client id), allowed or not: a card in an open or locked section, a dot, the
 *   timer, a lock, attendance, a newer schema, a value JSON cannot hold...;
 * - mutated: such an update decoded and altered struct by struct (another client id, overlapping or
 *   gapped clocks, random origins, parents and map keys, other content, GC and Skip structs, extra
 *   delete ranges), then encoded by hand;
 * - scratch: structs made up from nothing but the doc's ids.
 *
 * Only unaltered honest updates count as something a real client could send (`realistic`).
 */
import * as Y from 'yjs'
import { BOARD_MAP, SCHEMA_KEY } from '../../shared/model/board-meta'
import { shapesOf } from '../../shared/model/board-shapes'
import { CARD_SHAPE_TYPE } from '../../shared/model/card'
import { LOCKS_MAP, setLock } from '../../shared/model/locks'
import { MEETING_MAP } from '../../shared/model/meeting'
import { PARTICIPANTS_MAP } from '../../shared/model/participant'
import { RECORDS_ARRAY, RecordLog, readRecords, type LogRecord } from '../../shared/model/record-log'
import { sectionKindOf } from '../../shared/model/sections'
import { SNAPSHOTS_MAP } from '../../shared/model/snapshots'
import { STAGE_MAP } from '../../shared/model/stage'
import { BUNDLED_BOARD_SCHEMA } from '../../shared/model/tldraw-schema'
import { TIMER_MAP, writeTimer } from '../../shared/model/timer'
import { VOTES_MAP, VOTING_MAP, currentRound, voteKey } from '../../shared/model/voting'
import { cardRecord } from '../server/roles-fixtures'
import { copyOf } from './oracle'
import type { Prng } from './prng'
import { encodeUpdate, specOf, structLength, type Content, type SharedType, type StructId, type StructSpec, type UpdateSpec } from './update-encoder'

/** What the attacker knows and is. */
export interface AttackContext {
  /** The room's doc as the attacker last received it. */
  room: Y.Doc
  /** The Yjs client id the attacker writes with. */
  ownClient: number
  /** The attacker's voter id. */
  voterId: string
  /** Someone else's voter id (the facilitator's). */
  otherVoterId: string
  /** Client ids of other devices (the facilitator's, the server's...). */
  foreignClients: readonly number[]
  boardId: string
}

export interface GeneratedUpdate {
  bytes: Uint8Array
  /** Something a real client could send: well-formed, own client id, no gaps. */
  realistic: boolean
  /** What was made, for failure messages. */
  label: string
}

const ROOTS = [RECORDS_ARRAY, VOTES_MAP, LOCKS_MAP, TIMER_MAP, VOTING_MAP, BOARD_MAP, MEETING_MAP, STAGE_MAP, PARTICIPANTS_MAP, SNAPSHOTS_MAP, 'unknown-root']

export class UpdateGenerator {
  private serial = 0

  constructor(private readonly random: Prng) {}

  next(context: AttackContext): GeneratedUpdate {
    const kind = this.random.weighted([[4, 'honest'], [4, 'mutated'], [2, 'scratch']] as const)
    if (kind === 'scratch') return this.scratch(context)
    const honest = this.honest(context)
    if (kind === 'honest') return honest
    const spec = specOf(honest.bytes)
    const applied: string[] = []
    const rounds = 1 + this.random.int(3)
    for (let i = 0; i < rounds; i++) applied.push(this.mutate(spec, context))
    return { bytes: encodeUpdate(spec), realistic: false, label: `${honest.label} mutated by ${applied.join(', ')}` }
  }

  // -------------------------------------------------------------------------------------------
  // Honest updates: one action of a real client, allowed or not.

  private honest(context: AttackContext): GeneratedUpdate {
    for (;;) {
      const copy = copyOf(context.room)
      copy.clientID = context.ownClient
      // Content a participant may write comes up more often: otherwise few updates would be allowed.
      const actions = this.actions(copy, context).map((action) => [CONTENT_ACTIONS.has(action[0]) ? 4 : 1, action] as const)
      const [label, action, realistic = true] = this.random.weighted(actions)
      let bytes: Uint8Array | null = null
      copy.on('update', (update: Uint8Array) => {
        bytes = bytes ? Y.mergeUpdates([bytes, update]) : update
      })
      action()
      copy.destroy()
      if (bytes) return { bytes, realistic, label }
    }
  }

  /** Actions of a client: a label, what it writes, and false when no real client writes that. */
  private actions(doc: Y.Doc, context: AttackContext): [string, () => void, boolean?][] {
    const random = this.random
    const records = readRecords(doc)
    const shapes = shapesOf(records.values())
    const sections = shapes.filter((shape) => sectionKindOf(shape) !== null).map((shape) => shape.id)
    const cards = shapes.filter((shape) => shape.type === CARD_SHAPE_TYPE)
    const id = () => `shape:fuzz${this.serial++}`
    const put = (batch: object[], fields?: Map<string, string[] | null>) => {
      const log = new RecordLog(doc)
      log.put(batch as LogRecord[], fields)
      log.dispose()
    }
    const actions: [string, () => void, boolean?][] = [
      ['add a card', () => put([cardRecord(id(), random.pick([...sections, 'page:page']), 'a card')])],
      ['change a card', () => {
        const card = random.pick(cards)
        put([{ ...card, props: { ...card.props, text: `changed ${this.serial++}` } }], new Map([[card.id, ['props.text']]]))
      }],
      ['move a card', () => {
        const card = random.pick(cards)
        put([{ ...card, parentId: random.pick(sections) }], new Map([[card.id, ['parentId']]]))
      }],
      ['rewrite a card whole', () => {
        const card = random.pick(cards)
        put([{ ...card, x: card.x + 10 }])
      }],
      ['remove a card', () => {
        const log = new RecordLog(doc)
        log.remove([random.pick(cards).id])
        log.dispose()
      }],
      ['write a card as a stale writer', () => {
        // A writer that has not seen the live entries leaves them (and appends, as RecordLog does
        // once its own last entry is gone): the record is the fold of all.
        const card = random.pick(cards)
        const entry = random.pick([
          { k: card.id, v: { ...card, x: card.x + 1 }, c: ['x'] },
          { k: card.id, v: { ...card, parentId: random.pick(sections) }, c: ['parentId'] },
          { k: card.id, v: { ...card, parentId: random.pick(sections) }, c: null },
        ])
        doc.getArray(RECORDS_ARRAY).push([entry])
      }],
      ['write a new card twice over', () => {
        const card = cardRecord(id(), random.pick(sections), 'twice')
        doc.getArray(RECORDS_ARRAY).push([
          { k: card.id, v: card, c: null },
          { k: card.id, v: { ...card, parentId: random.pick(sections) }, c: ['props.text'] },
        ])
      }, false],
      ['place a dot', () => this.placeDot(doc, context.voterId, cards)],
      ["place someone else's dot", () => this.placeDot(doc, context.otherVoterId, cards)],
      ['take back a dot', () => {
        const keys = [...doc.getMap(VOTES_MAP).keys()]
        doc.getMap(VOTES_MAP).delete(keys.length > 0 ? random.pick(keys) : 'none/none/0')
      }],
      ['start the timer', () => writeTimer(doc, { phase: 'running', endsAt: 1, durationMs: 5 })],
      ['unlock a section', () => setLock(doc, random.pick(sections), null)],
      ['lock the board', () => setLock(doc, 'board', { by: 'attacker', at: 1 })],
      ['write attendance', () => doc.getMap(PARTICIPANTS_MAP).set('attendee:forged', { name: 'forged', role: 'facilitator' })],
      ['write the snapshot index', () => doc.getMap(SNAPSHOTS_MAP).set('forged', { name: 'forged' })],
      ['write a newer schema', () => doc.getMap(BOARD_MAP).set(SCHEMA_KEY, { ...BUNDLED_BOARD_SCHEMA, schemaVersion: 99 })],
      ['write the meeting', () => doc.getMap(MEETING_MAP).set('title', 'forged')],
      ['write the stage', () => doc.getMap(STAGE_MAP).set('theme', 'daylight')],
      ['write the voting', () => doc.getMap(VOTING_MAP).set('current', 'forged')],
      ['write text', () => doc.getText('unknown-root').insert(0, 'text')],
      ['write a non-JSON record value', () => {
        const k = id()
        doc.getArray(RECORDS_ARRAY).push([{ k, v: { id: k, typeName: 'shape', value: random.pick(NON_JSON) }, c: null }])
      }],
      ['write a malformed record entry', () => doc.getArray(RECORDS_ARRAY).push([{ k: id(), v: 1 }])],
      ['write a foreign asset', () => put([{ id: `asset:${this.serial++}`, typeName: 'asset', props: { src: 'https://elsewhere.example/x.png' } }])],
    ]
    return cards.length > 0 ? actions : actions.filter(([label]) => !label.includes('card') || label === 'add a card')
  }

  private placeDot(doc: Y.Doc, voterId: string, cards: readonly { id: string }[]): void {
    const round = currentRound(doc)
    const roundId = round?.id ?? 'none'
    const slot = this.random.int((round?.dots ?? 1) + 1)
    const card = cards.length > 0 ? this.random.pick(cards).id : 'shape:none'
    doc.getMap(VOTES_MAP).set(voteKey({ roundId, voterId, slot }), card)
  }

  // -------------------------------------------------------------------------------------------
  // Mutations of a decoded update.

  private mutate(spec: UpdateSpec, context: AttackContext): string {
    const random = this.random
    const block = spec.blocks.length > 0 ? random.pick(spec.blocks) : null
    const item = block ? pickItem(block.structs, random) : null
    const mutation = random.weighted([
      [3, 'client'], [3, 'clock'], [1, 'second block'], [3, 'origin'], [3, 'right origin'], [2, 'between lists'],
      [3, 'parent'], [3, 'content'], [2, 'long map value'], [2, 'empty struct'], [1, 'gc'], [1, 'skip'],
      [3, 'deletes'], [1, 'drop struct'], [1, 'origin ahead'],
    ] as const)
    switch (mutation) {
      case 'client':
        if (block) {
          block.client = random.pick([...context.foreignClients, random.uint32()])
          block.clock = Math.max(0, Y.getState(context.room.store, block.client) - random.int(3))
        }
        break
      case 'clock':
        if (block) block.clock = Math.max(0, block.clock + random.pick([-3, -2, -1, 1, 2, 5]))
        break
      case 'second block':
        if (block) spec.blocks.push({ ...block, clock: block.clock + random.int(3), structs: [...block.structs] })
        break
      case 'origin':
        if (item) item.origin = this.someId(context, spec)
        break
      case 'right origin':
        if (item) item.rightOrigin = this.someId(context, spec)
        break
      case 'between lists':
        if (item) {
          item.origin = this.idIn(context, random.pick(ROOTS))
          item.rightOrigin = this.idIn(context, random.pick(ROOTS))
        }
        break
      case 'parent':
        if (item) {
          item.origin = null
          item.rightOrigin = null
          item.parent = random.chance(0.8) ? { root: random.pick(ROOTS) } : { item: this.someId(context, spec) ?? { client: 1, clock: 0 } }
          item.parentSub = random.chance(0.5) ? null : this.someKey(context)
        }
        break
      case 'content':
        if (item) item.content = this.someContent()
        break
      case 'long map value':
        if (item) item.content = { kind: 'any', values: [this.someValue(), this.someValue(), this.someValue()] }
        break
      case 'empty struct':
        if (item) item.content = random.pick<Content>([{ kind: 'any', values: [] }, { kind: 'string', text: '' }, { kind: 'deleted', length: 0 }])
        break
      case 'gc':
      case 'skip':
        if (block) block.structs.splice(random.int(block.structs.length + 1), 0, { kind: mutation, length: random.int(4) })
        break
      case 'deletes':
        spec.deletes.push(...this.someDeletes(context, spec))
        break
      case 'drop struct':
        if (block && block.structs.length > 1) block.structs.splice(random.int(block.structs.length - 1), 1)
        break
      case 'origin ahead':
        // An origin further on in the same block: Yjs would have to integrate it first.
        if (block && item) item.origin = { client: block.client, clock: block.clock + blockLength(block.structs) - 1 }
        break
    }
    // An item whose origins were taken away names a parent, as the format needs.
    for (const struct of spec.blocks.flatMap((each) => each.structs)) {
      if (struct.kind === 'item' && !struct.origin && !struct.rightOrigin) struct.parent ??= { root: random.pick(ROOTS) }
    }
    return mutation
  }

  private scratch(context: AttackContext): GeneratedUpdate {
    const random = this.random
    const client = random.pick([context.ownClient, ...context.foreignClients, random.uint32()])
    const structs: StructSpec[] = []
    const spec: UpdateSpec = { blocks: [{ client, clock: Math.max(0, Y.getState(context.room.store, client) + random.pick([0, 0, 0, -1, 1])), structs }], deletes: [] }
    for (let i = 1 + random.int(4); i > 0; i--) {
      const placed = random.chance(0.5)
      structs.push({
        kind: 'item',
        origin: placed ? this.someId(context, spec) : null,
        rightOrigin: placed && random.chance(0.5) ? this.someId(context, spec) : null,
        parent: { root: random.pick(ROOTS) },
        parentSub: random.chance(0.5) ? this.someKey(context) : null,
        content: this.someContent(),
      })
    }
    if (random.chance(0.3)) spec.deletes.push(...this.someDeletes(context, spec))
    return { bytes: encodeUpdate(spec), realistic: false, label: 'scratch' }
  }

  // -------------------------------------------------------------------------------------------
  // Pieces: ids, keys, values, content, deletes.

  /** An id the doc or the update has (or one just past a client's end). */
  private someId(context: AttackContext, spec: UpdateSpec): StructId | null {
    const random = this.random
    if (random.chance(0.1)) return null
    if (random.chance(0.25) && spec.blocks.length > 0) {
      const block = random.pick(spec.blocks)
      return { client: block.client, clock: block.clock + random.int(Math.max(1, blockLength(block.structs))) }
    }
    const items = allItems(context.room)
    if (items.length === 0 || random.chance(0.1)) return { client: random.pick(context.foreignClients), clock: random.int(50) }
    const item = random.pick(items)
    return { client: item.id.client, clock: item.id.clock + random.int(item.length) }
  }

  /** An id of an item of the doc in a top-level type (a random one if it has none). */
  private idIn(context: AttackContext, root: string): StructId | null {
    const items = allItems(context.room).filter((item) => rootOf(item) === root)
    if (items.length === 0) return this.someId(context, { blocks: [], deletes: [] })
    const item = this.random.pick(items)
    return { client: item.id.client, clock: item.id.clock + this.random.int(item.length) }
  }

  private someKey(context: AttackContext): string {
    const keys = allItems(context.room).flatMap((item) => (item.parentSub === null ? [] : [item.parentSub]))
    return this.random.chance(0.7) && keys.length > 0 ? this.random.pick(keys) : this.random.pick(['state', 'board', SCHEMA_KEY, 'current', 'x'])
  }

  private someValue(): unknown {
    const random = this.random
    return random.weighted<unknown>([
      [3, { by: 'attacker', at: 1 }],
      [2, random.pick(['shape:fuzz', 'shape:q1', 'shape:i1', 'shape:questions'])],
      [2, random.pick(NON_JSON)],
      [2, { k: 'shape:q1', v: { id: 'shape:q1', typeName: 'shape', type: CARD_SHAPE_TYPE, parentId: 'page:page', x: 0, y: 0, props: {}, meta: {} }, c: null }],
      [1, { k: 'shape:q1', v: { id: 'shape:q1', parentId: 'page:page' }, c: ['parentId'] }],
      [1, { phase: 'running', endsAt: 7, durationMs: 7 }],
      [1, 42],
    ])
  }

  private someContent(): Content {
    const random = this.random
    return random.weighted<Content>([
      [4, { kind: 'any', values: [this.someValue()] }],
      [1, { kind: 'json', values: [{ by: 'json', at: 1 }] }],
      [1, { kind: 'string', text: 'str' }],
      [1, { kind: 'deleted', length: 1 + random.int(3) }],
      [1, { kind: 'binary', bytes: new Uint8Array([1, 2, 3]) }],
      [1, { kind: 'type', typeRef: random.pick([0, 1, 2] as const) }],
    ])
  }

  private someDeletes(context: AttackContext, spec: UpdateSpec): { client: number; clock: number; length: number }[] {
    const random = this.random
    const kind = random.pick(['empty', 'future', 'known', 'partial', 'new'] as const)
    const items = allItems(context.room)
    switch (kind) {
      case 'empty': {
        const item = items.length > 0 ? random.pick(items) : null
        return [{ client: item?.id.client ?? context.ownClient, clock: item?.id.clock ?? 0, length: 0 }]
      }
      case 'future': {
        const client = random.pick([...context.foreignClients, context.ownClient])
        return [{ client, clock: Y.getState(context.room.store, client) + random.int(2), length: 1 + random.int(5) }]
      }
      case 'known':
      case 'partial': {
        const long = items.filter((item) => item.length > 1)
        const pool = kind === 'partial' && long.length > 0 ? long : items
        if (pool.length === 0) return []
        const item = random.pick(pool)
        const from = kind === 'partial' ? random.int(item.length) : 0
        return [{ client: item.id.client, clock: item.id.clock + from, length: kind === 'partial' ? 1 : item.length }]
      }
      case 'new': {
        const block = spec.blocks.length > 0 ? random.pick(spec.blocks) : null
        return block ? [{ client: block.client, clock: block.clock + random.int(Math.max(1, blockLength(block.structs))), length: 1 }] : []
      }
    }
  }
}

/** What a participant writes every day, in open sections or locked ones. */
const CONTENT_ACTIONS: ReadonlySet<string> = new Set([
  'add a card',
  'change a card',
  'move a card',
  'rewrite a card whole',
  'remove a card',
  'write a card as a stale writer',
  'place a dot',
  'take back a dot',
])

/** Values JSON cannot hold, which lib0 encodes nevertheless. */
const NON_JSON: readonly unknown[] = [10n, new Uint8Array([7, 7]), NaN, undefined, Infinity, { nested: 1n }]

type ItemSpec = Extract<StructSpec, { kind: 'item' }>

function pickItem(structs: StructSpec[], random: Prng): ItemSpec | null {
  const items = structs.filter((struct): struct is ItemSpec => struct.kind === 'item')
  return items.length > 0 ? random.pick(items) : null
}

function blockLength(structs: readonly StructSpec[]): number {
  return structs.reduce((sum, struct) => sum + structLength(struct), 0)
}

function allItems(doc: Y.Doc): Y.Item[] {
  const items: Y.Item[] = []
  for (const structs of doc.store.clients.values()) {
    for (const struct of structs) if (struct instanceof Y.Item) items.push(struct)
  }
  return items
}

/** The top-level type an item of the doc is in (its own parent chain). */
function rootOf(item: Y.Item): string | null {
  let type = item.parent as SharedType | null
  while (type?._item) type = type._item.parent as SharedType | null
  if (!type) return null
  for (const [name, root] of type.doc?.share ?? []) if (root === type) return name
  return null
}
