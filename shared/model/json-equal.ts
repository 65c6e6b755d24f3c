/**
 * Structural equality of plain JSON values (objects, arrays, strings, numbers, booleans, null).
 * Key order does not matter; a key holding `undefined` counts as absent, as it does in JSON.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((item, i) => jsonEqual(item, b[i]))
  }
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  for (const key in left) {
    if (!jsonEqual(left[key], right[key])) return false
  }
  for (const key in right) {
    if (left[key] === undefined && right[key] !== undefined) return false
  }
  return true
}
