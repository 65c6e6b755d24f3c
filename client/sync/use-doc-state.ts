import { useCallback, useRef, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { jsonEqual } from '../../shared/model/json-equal'

/**
 * A value read from top-level maps of the board's doc (`maps`), kept current: it is read again
 * after every transaction that changed one of them, and keeps its identity while it reads equal,
 * so components re-render only when it really changed.
 */
export function useDocState<T>(doc: Y.Doc, maps: readonly string[], read: (doc: Y.Doc) => T): T {
  const cached = useRef<{ value: T } | null>(null)
  const readRef = useRef(read)
  readRef.current = read
  const key = maps.join('\n')
  const subscribe = useCallback(
    (onChange: () => void) => {
      const watched = new Set<unknown>(key.split('\n').map((name) => doc.getMap(name)))
      const afterTransaction = (transaction: Y.Transaction) => {
        if (![...transaction.changed.keys()].some((type) => watched.has(type))) return
        cached.current = null
        onChange()
      }
      doc.on('afterTransaction', afterTransaction)
      return () => doc.off('afterTransaction', afterTransaction)
    },
    [doc, key],
  )
  return useSyncExternalStore(subscribe, () => {
    const fresh = readRef.current(doc)
    if (cached.current && jsonEqual(cached.current.value, fresh)) return cached.current.value
    cached.current = { value: fresh }
    return fresh
  })
}
