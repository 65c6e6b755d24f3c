import type * as Y from 'yjs'

interface LogEntry {
  k: string
  v: Record<string, unknown>
  c: string[] | null
}

/**
 * Folds a doc's record log into records, as every peer does (docs/architecture.md):
 * per id, the first entry's record is the base and each later entry applies
 * the fields it changed. The benchmark uses it to check what a server returns
 * after a restart.
 */
export function foldRecordLog(doc: Y.Doc): Map<string, Record<string, unknown>> {
  const records = new Map<string, Record<string, unknown>>()
  for (const entry of doc.getArray<LogEntry>('records').toArray()) {
    const base = records.get(entry.k)
    if (base === undefined || entry.c === null) {
      records.set(entry.k, entry.v)
      continue
    }
    const merged = { ...base }
    for (const path of entry.c) applyPath(merged, entry.v, path)
    records.set(entry.k, merged)
  }
  return records
}

/** Copies one changed field (`x`, `props.w`, `meta.bench`) from `source` into `target`. */
function applyPath(target: Record<string, unknown>, source: Record<string, unknown>, path: string): void {
  const [head, key] = path.split('.') as [string, string | undefined]
  if (key === undefined) {
    target[head] = source[head]
    return
  }
  const nested = { ...(target[head] as Record<string, unknown>) }
  nested[key] = (source[head] as Record<string, unknown>)[key]
  target[head] = nested
}
