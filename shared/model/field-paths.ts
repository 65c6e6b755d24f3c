import { jsonEqual } from './json-equal'

/**
 * A field of a record that one write changed: a top-level key (`x`, `parentId`) or one key inside
 * `props` or `meta` (`props.w`, `meta.author`). Going one level into those two is what lets two
 * people change different properties of the same shape at once and both keep their change. The
 * key inside is everything after the first dot, so meta keys may themselves contain dots.
 */
export type FieldPath = string

/** Top-level fields whose keys are tracked one by one instead of as a whole. */
const NESTED_FIELDS: ReadonlySet<string> = new Set(['props', 'meta'])

type Fields = Record<string, unknown>

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function keysOf(a: Fields, b: Fields): Set<string> {
  return new Set([...Object.keys(a), ...Object.keys(b)])
}

/** The field paths whose values differ between two versions of a record. */
export function changedFieldPaths(before: object, after: object): FieldPath[] {
  const a = before as Fields
  const b = after as Fields
  const paths: FieldPath[] = []
  for (const key of keysOf(a, b)) {
    const from = a[key]
    const to = b[key]
    if (from === to) continue
    if (NESTED_FIELDS.has(key) && isFields(from) && isFields(to)) {
      for (const inner of keysOf(from, to)) {
        if (!jsonEqual(from[inner], to[inner])) paths.push(`${key}.${inner}`)
      }
    } else if (!jsonEqual(from, to)) {
      paths.push(key)
    }
  }
  return paths
}

function copyField(target: Fields, source: Fields, key: string): void {
  if (key in source) target[key] = source[key]
  else delete target[key]
}

/**
 * `base` with the fields at `paths` taken from `source`; a field absent from `source` is removed.
 * Returns a new object and leaves both inputs untouched (they may be shared with Yjs or tldraw).
 */
export function withFieldsFrom<T extends object>(base: T, source: T, paths: readonly FieldPath[]): T {
  const result: Fields = { ...(base as Fields) }
  const from = source as Fields
  const copiedNested = new Set<string>()
  for (const path of paths) {
    const dot = path.indexOf('.')
    const head = dot === -1 ? path : path.slice(0, dot)
    if (dot === -1 || !NESTED_FIELDS.has(head)) {
      copyField(result, from, path)
      continue
    }
    if (!copiedNested.has(head)) {
      const current = result[head]
      result[head] = isFields(current) ? { ...current } : {}
      copiedNested.add(head)
    }
    const nested = result[head] as Fields
    const sourceNested = from[head]
    const key = path.slice(dot + 1)
    if (isFields(sourceNested)) copyField(nested, sourceNested, key)
    else delete nested[key]
  }
  return result as T
}
