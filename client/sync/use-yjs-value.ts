import { useCallback, useRef, useSyncExternalStore } from 'react'
import * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { jsonEqual } from '../../shared/model/json-equal'

/** Every present awareness state (client id -> state), as y-protocols keeps them. */
export type AwarenessStates = ReadonlyMap<number, Record<string, unknown>>

/**
 * A value read from the board's doc or from everyone's presence, kept current for React: the one
 * way our components watch Yjs.
 *
 * - `useYjsValue(doc, types, read)` reads again after a transaction that changed one of the doc's
 *   top-level types named `types` (the meeting map, the record log…), and no other;
 * - `useYjsValue(awareness, read)` reads again when someone's presence changes (not when a state
 *   is only renewed).
 *
 * The value keeps its identity while it reads equal (as JSON), so components re-render only when
 * it really changed, not on every cursor move or unrelated edit. Between changes it is not read
 * again unless `read` itself is another function (one closing over props): pass a function
 * defined once where you can, since reading a large board is not free.
 */
export function useYjsValue<T>(doc: Y.Doc, types: readonly string[], read: (doc: Y.Doc) => T): T
export function useYjsValue<T>(awareness: Awareness, read: (states: AwarenessStates) => T): T
export function useYjsValue<T>(
  source: Y.Doc | Awareness,
  typesOrRead: readonly string[] | ((states: AwarenessStates) => T),
  readDoc?: (doc: Y.Doc) => T,
): T {
  const isDoc = source instanceof Y.Doc
  /** The caller's function; the value is read again when it is another one. */
  const reader = isDoc ? readDoc! : (typesOrRead as (states: AwarenessStates) => T)
  const readNow = (): T =>
    source instanceof Y.Doc ? (reader as (doc: Y.Doc) => T)(source) : (reader as (states: AwarenessStates) => T)(source.getStates() as AwarenessStates)
  const types = isDoc ? (typesOrRead as readonly string[]).join('\n') : ''
  const last = useRef<{ source: unknown; reader: unknown; value: T; stale: boolean } | null>(null)

  const subscribe = useCallback(
    (onChange: () => void) => {
      const changed = () => {
        if (last.current) last.current.stale = true
        onChange()
      }
      // React takes a snapshot right after subscribing: it must see what changed since the render.
      if (last.current) last.current.stale = true
      if (!(source instanceof Y.Doc)) {
        source.on('change', changed)
        return () => source.off('change', changed)
      }
      const names = types.split('\n')
      // Looked up on each transaction: a type nobody has used yet is not in the doc's share.
      const watched = (transaction: Y.Transaction) =>
        names.some((name) => {
          const type = source.share.get(name)
          return type !== undefined && transaction.changed.has(type)
        })
      const afterTransaction = (transaction: Y.Transaction) => {
        if (watched(transaction)) changed()
      }
      source.on('afterTransaction', afterTransaction)
      return () => source.off('afterTransaction', afterTransaction)
    },
    [source, types],
  )

  return useSyncExternalStore(subscribe, () => {
    const previous = last.current
    if (previous && !previous.stale && previous.source === source && previous.reader === reader) return previous.value
    const fresh = readNow()
    const value = previous && jsonEqual(previous.value, fresh) ? previous.value : fresh
    last.current = { source, reader, value, stale: false }
    return value
  })
}
