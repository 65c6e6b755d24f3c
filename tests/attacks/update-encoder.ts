/**
 * A hand-written encoder of Yjs updates (format v1), for structs no Yjs doc would ever write:
 * any client id, clock ranges that overlap, leave gaps or repeat, origins and parents chosen at
 * will, every content kind, GC and Skip structs, and delete sets with empty or future ranges.
 * Written with lib0's encoding on purpose: Yjs's own encoder only writes what Yjs made.
 *
 * Layout (Yjs's `writeClientsStructs` / `writeDeleteSet`): the number of client blocks; per block
 * its struct count, client id and first clock, then each struct (an info byte, then the item's
 * origins or its parent, then its content); then the delete set per client.
 */
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

/** Any Y type, top-level or nested (Yjs's own name for it carries an `any`). */
export type SharedType = Y.Doc['share'] extends Map<string, infer T> ? T : never

export interface StructId {
  client: number
  clock: number
}

/** A top-level type by name, or a nested type: the id of the item whose content it is. */
export type ParentRef = { root: string } | { item: StructId }

export type Content =
  | { kind: 'any'; values: unknown[] }
  | { kind: 'json'; values: unknown[] }
  | { kind: 'string'; text: string }
  | { kind: 'deleted'; length: number }
  | { kind: 'binary'; bytes: Uint8Array }
  /** A nested Y type: 0 array, 1 map, 2 text, 4 xml fragment, 6 xml text. */
  | { kind: 'type'; typeRef: 0 | 1 | 2 | 4 | 6 }

export type StructSpec =
  | {
      kind: 'item'
      origin: StructId | null
      rightOrigin: StructId | null
      /** Written only when the item has no origins (Yjs then takes it from them). */
      parent: ParentRef | null
      /** The map key; written only with the parent, but its bit is always set. */
      parentSub: string | null
      content: Content
    }
  | { kind: 'gc'; length: number }
  | { kind: 'skip'; length: number }

/** Consecutive structs of one client from `clock` on (each takes the clocks after the one before). */
export interface ClientBlock {
  client: number
  clock: number
  structs: StructSpec[]
}

export interface DeleteRange {
  client: number
  clock: number
  length: number
}

export interface UpdateSpec {
  blocks: ClientBlock[]
  deletes: DeleteRange[]
}

/** Content refs of the v1 format (Yjs's `contentRefs`). */
const CONTENT_REF = { deleted: 1, json: 2, binary: 3, string: 4, type: 7, any: 8 } as const
const GC_REF = 0
const SKIP_REF = 10
const HAS_ORIGIN = 0x80
const HAS_RIGHT_ORIGIN = 0x40
const HAS_PARENT_SUB = 0x20

/** How many clocks a content takes. */
export function contentLength(content: Content): number {
  switch (content.kind) {
    case 'any':
    case 'json':
      return content.values.length
    case 'string':
      return content.text.length
    case 'deleted':
      return content.length
    case 'binary':
    case 'type':
      return 1
  }
}

export function structLength(struct: StructSpec): number {
  return struct.kind === 'item' ? contentLength(struct.content) : struct.length
}

export function encodeUpdate(spec: UpdateSpec): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, spec.blocks.length)
  for (const block of spec.blocks) {
    encoding.writeVarUint(encoder, block.structs.length)
    encoding.writeVarUint(encoder, block.client)
    encoding.writeVarUint(encoder, block.clock)
    for (const struct of block.structs) writeStruct(encoder, struct)
  }
  const byClient = new Map<number, DeleteRange[]>()
  for (const range of spec.deletes) {
    const ranges = byClient.get(range.client)
    if (ranges) ranges.push(range)
    else byClient.set(range.client, [range])
  }
  encoding.writeVarUint(encoder, byClient.size)
  for (const [client, ranges] of byClient) {
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, ranges.length)
    for (const { clock, length } of ranges) {
      encoding.writeVarUint(encoder, clock)
      encoding.writeVarUint(encoder, length)
    }
  }
  return encoding.toUint8Array(encoder)
}

function writeId(encoder: encoding.Encoder, id: StructId): void {
  encoding.writeVarUint(encoder, id.client)
  encoding.writeVarUint(encoder, id.clock)
}

function writeStruct(encoder: encoding.Encoder, struct: StructSpec): void {
  if (struct.kind !== 'item') {
    encoding.writeUint8(encoder, struct.kind === 'gc' ? GC_REF : SKIP_REF)
    encoding.writeVarUint(encoder, struct.length)
    return
  }
  const { origin, rightOrigin, parent, parentSub, content } = struct
  const info =
    CONTENT_REF[content.kind] |
    (origin ? HAS_ORIGIN : 0) |
    (rightOrigin ? HAS_RIGHT_ORIGIN : 0) |
    (parentSub !== null ? HAS_PARENT_SUB : 0)
  encoding.writeUint8(encoder, info)
  if (origin) writeId(encoder, origin)
  if (rightOrigin) writeId(encoder, rightOrigin)
  if (!origin && !rightOrigin) {
    if (!parent) throw new Error('an item without origins needs a parent')
    if ('root' in parent) {
      encoding.writeVarUint(encoder, 1)
      encoding.writeVarString(encoder, parent.root)
    } else {
      encoding.writeVarUint(encoder, 0)
      writeId(encoder, parent.item)
    }
    if (parentSub !== null) encoding.writeVarString(encoder, parentSub)
  }
  writeContent(encoder, content)
}

function writeContent(encoder: encoding.Encoder, content: Content): void {
  switch (content.kind) {
    case 'any':
      encoding.writeVarUint(encoder, content.values.length)
      for (const value of content.values) encoding.writeAny(encoder, value as Parameters<typeof encoding.writeAny>[1])
      return
    case 'json':
      encoding.writeVarUint(encoder, content.values.length)
      for (const value of content.values) encoding.writeVarString(encoder, value === undefined ? 'undefined' : JSON.stringify(value))
      return
    case 'string':
      encoding.writeVarString(encoder, content.text)
      return
    case 'deleted':
      encoding.writeVarUint(encoder, content.length)
      return
    case 'binary':
      encoding.writeVarUint8Array(encoder, content.bytes)
      return
    case 'type':
      encoding.writeVarUint(encoder, content.typeRef)
      return
  }
}

/**
 * The spec of an update Yjs wrote (a real client's), to be altered and encoded again: every
 * struct and delete range as it is in the bytes.
 */
export function specOf(update: Uint8Array): UpdateSpec {
  const { structs, ds } = Y.decodeUpdate(update) as unknown as {
    structs: (Y.Item | Y.GC | Y.Skip)[]
    ds: { clients: Map<number, { clock: number; len: number }[]> }
  }
  const blocks: ClientBlock[] = []
  let block: ClientBlock | null = null
  let end = -1
  for (const struct of structs) {
    const { client, clock } = struct.id
    if (!block || block.client !== client || clock !== end) {
      block = { client, clock, structs: [] }
      blocks.push(block)
    }
    end = clock + struct.length
    block.structs.push(structSpecOf(struct))
  }
  const deletes: DeleteRange[] = []
  for (const [client, ranges] of ds.clients) {
    for (const { clock, len } of ranges) deletes.push({ client, clock, length: len })
  }
  return { blocks, deletes }
}

const idOf = (id: Y.ID | null): StructId | null => (id ? { client: id.client, clock: id.clock } : null)

function structSpecOf(struct: Y.Item | Y.GC | Y.Skip): StructSpec {
  if (struct instanceof Y.GC) return { kind: 'gc', length: struct.length }
  if (struct instanceof Y.Skip) return { kind: 'skip', length: struct.length }
  const parent = struct.parent as unknown
  return {
    kind: 'item',
    origin: idOf(struct.origin),
    rightOrigin: idOf(struct.rightOrigin),
    parent: typeof parent === 'string' ? { root: parent } : parent instanceof Y.ID ? { item: idOf(parent)! } : null,
    parentSub: struct.parentSub,
    content: contentSpecOf(struct.content),
  }
}

function contentSpecOf(content: Y.Item["content"]): Content {
  if (content instanceof Y.ContentAny) return { kind: 'any', values: content.getContent() }
  if (content instanceof Y.ContentJSON) return { kind: 'json', values: content.getContent() }
  if (content instanceof Y.ContentString) return { kind: 'string', text: content.str }
  if (content instanceof Y.ContentDeleted) return { kind: 'deleted', length: content.getLength() }
  if (content instanceof Y.ContentBinary) return { kind: 'binary', bytes: content.content }
  if (content instanceof Y.ContentType) return { kind: 'type', typeRef: typeRefOf(content.type) }
  throw new Error(`content ${content.constructor.name} is not written by these tests`)
}

function typeRefOf(type: SharedType): 0 | 1 | 2 | 4 | 6 {
  if (type instanceof Y.XmlText) return 6
  if (type instanceof Y.Text) return 2
  if (type instanceof Y.Map) return 1
  if (type instanceof Y.XmlFragment) return 4
  return 0
}
