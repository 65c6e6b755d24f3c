/**
 * What a Y.Doc holds, read from its structs rather than through typed accessors: every top-level
 * type with its map keys and its live sequence elements (by Yjs id), each value with the kind of
 * content that holds it and a canonical text that tells apart everything JSON would blur (bigint,
 * bytes, NaN, undefined, nested types). Two readings are compared to learn what an update really
 * changed, whatever it declared.
 */
import * as Y from 'yjs'
import type { SharedType } from './update-encoder'

export type CellKind = 'any' | 'json' | 'string' | 'binary' | 'type' | 'embed' | 'format' | 'doc'

/** One visible value: a map key's value, or one element (one clock) of a sequence. */
export interface Cell {
  kind: CellKind
  /** The value as Yjs gives it (for a nested type: its contents). */
  value: unknown
  /** Canonical text for comparisons. */
  text: string
}

export interface TypeContents {
  map: Map<string, Cell>
  /** Live elements in order, keyed `client:clock`. */
  sequence: Map<string, Cell>
}

export interface DocContents {
  roots: Map<string, TypeContents>
  /** Structs or deletes Yjs parked, to take effect when what they depend on arrives. */
  pending: boolean
  stateVector: Map<number, number>
}

export function readContents(doc: Y.Doc): DocContents {
  const roots = new Map<string, TypeContents>()
  for (const [name, type] of doc.share) roots.set(name, typeContents(type))
  return { roots, pending: hasPending(doc), stateVector: Y.decodeStateVector(Y.encodeStateVector(doc)) }
}

/**
 * Whether Yjs parked something that will take effect later: deletes of clocks not there yet, or
 * structs beyond what the doc has (parked structs it has already are skipped when retried).
 */
function hasPending(doc: Y.Doc): boolean {
  const { pendingStructs, pendingDs } = doc.store
  if (pendingDs !== null) return true
  if (pendingStructs === null) return false
  return Y.decodeUpdateV2(pendingStructs.update).structs.some((struct) => struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client))
}

function typeContents(type: SharedType): TypeContents {
  const map = new Map<string, Cell>()
  for (const [key, item] of type._map) {
    if (item.deleted) continue
    const values = cellsOf(item)
    const last = values[values.length - 1]
    // A value written again is a change too, even when equal: the key now holds another item.
    if (last) map.set(key, { ...last, text: `${last.text}@${item.id.client}:${item.id.clock}` })
  }
  const sequence = new Map<string, Cell>()
  for (let item = type._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue
    cellsOf(item).forEach((cell, i) => sequence.set(`${item.id.client}:${item.id.clock + i}`, cell))
  }
  return { map, sequence }
}

function cellsOf(item: Y.Item): Cell[] {
  const content = item.content
  if (content instanceof Y.ContentType) {
    const nested = typeContents(content.type)
    return [{ kind: 'type', value: nested, text: `type(${canonical(Object.fromEntries(nested.map))},${canonical([...nested.sequence.values()])})` }]
  }
  if (content instanceof Y.ContentString) return [...content.str].map((char) => ({ kind: 'string', value: char, text: `string(${JSON.stringify(char)})` }))
  const kind: CellKind =
    content instanceof Y.ContentAny ? 'any'
    : content instanceof Y.ContentJSON ? 'json'
    : content instanceof Y.ContentBinary ? 'binary'
    : content instanceof Y.ContentEmbed ? 'embed'
    : content instanceof Y.ContentFormat ? 'format'
    : 'doc'
  const values = kind === 'doc' ? [(content as Y.ContentDoc).doc?.guid ?? null] : content.getContent()
  return values.map((value) => ({ kind, value, text: `${kind}(${canonical(value)})` }))
}

/** A text for any value lib0 can encode, equal only for equal values (object keys sorted). */
export function canonical(value: unknown): string {
  if (value === undefined) return 'undefined'
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value)
  if (value instanceof Uint8Array) return `bytes[${[...value].join(',')}]`
  if (value instanceof Map) return canonical(Object.fromEntries(value))
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort()
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? String(value)
}

/** One visible difference between two readings. */
export interface Change {
  root: string
  /** A map key changed (else a sequence element was added or removed). */
  keyed: boolean
  /** The map key, or the element's `client:clock`. */
  key: string
  before: Cell | undefined
  after: Cell | undefined
}

export function changesBetween(before: DocContents, after: DocContents): Change[] {
  const changes: Change[] = []
  const empty: TypeContents = { map: new Map(), sequence: new Map() }
  for (const root of new Set([...before.roots.keys(), ...after.roots.keys()])) {
    const was = before.roots.get(root) ?? empty
    const is = after.roots.get(root) ?? empty
    for (const [keyed, a, b] of [[true, was.map, is.map], [false, was.sequence, is.sequence]] as const) {
      for (const key of new Set([...a.keys(), ...b.keys()])) {
        const cellBefore = a.get(key)
        const cellAfter = b.get(key)
        if (cellBefore?.text !== cellAfter?.text) changes.push({ root, keyed, key, before: cellBefore, after: cellAfter })
      }
    }
  }
  return changes
}

/** Clients whose clock the second reading has beyond the first. */
export function advancedClients(before: DocContents, after: DocContents): number[] {
  return [...after.stateVector].filter(([client, clock]) => clock > (before.stateVector.get(client) ?? 0)).map(([client]) => client)
}
