/**
 * Whether a value is plain JSON: null, booleans, strings, finite numbers, arrays and plain objects
 * of them. Yjs stores more (bigint, bytes, NaN, undefined, Infinity), which JSON readers of a board
 * (tldraw's store, the minutes, the archive) cannot take; the server refuses such values from
 * those it trusts with content only (shared/rules/write-rules.ts).
 *
 * Walked without recursion: a value that Yjs could decode is never too deep to check.
 */
export function isPlainJson(value: unknown): boolean {
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const next = pending.pop()
    if (next === null || typeof next === 'string' || typeof next === 'boolean') continue
    if (typeof next === 'number') {
      if (!Number.isFinite(next)) return false
      continue
    }
    if (Array.isArray(next)) {
      for (const element of next) pending.push(element)
      continue
    }
    if (typeof next !== 'object') return false
    const prototype = Object.getPrototypeOf(next) as unknown
    if (prototype !== Object.prototype && prototype !== null) return false
    for (const key in next) pending.push((next as Record<string, unknown>)[key])
  }
  return true
}
