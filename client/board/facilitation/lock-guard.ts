/**
 * Keeps a session the locks bind (shared/rules/write-rules.ts: participants) from changing locked
 * content on the canvas before the server has to refuse it: changes, deletions and new shapes in a
 * locked section (or anywhere on a locked board) are undone on the spot, and `onBlocked` says why.
 * The server enforces the same rule regardless.
 */
import type * as Y from 'yjs'
import type { Editor, TLShape } from 'tldraw'
import { readLocks } from '../../../shared/model/locks'
import { lockBlock } from '../../../shared/rules/write-rules'
import { sectionIdAt } from '../queries/section-of-shape'

/** Which lock kept a change out. */
export type LockKind = NonNullable<ReturnType<typeof lockBlock>>

export function guardLocks(editor: Editor, doc: Y.Doc, role: string, onBlocked: (kind: LockKind) => void): () => void {
  const locked = (shape: TLShape) => (undoing ? null : lockBlock(readLocks(doc), role, sectionIdAt(editor, shape)))
  /** Set while the guard removes a shape it refused, which must not be refused in turn. */
  let undoing = false
  const stops = [
    editor.sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) => {
      if (source !== 'user') return next
      const kind = locked(prev) ?? locked(next)
      if (!kind) return next
      onBlocked(kind)
      return prev
    }),
    editor.sideEffects.registerBeforeDeleteHandler('shape', (shape, source) => {
      if (source !== 'user') return
      const kind = locked(shape)
      if (!kind) return
      onBlocked(kind)
      return false
    }),
    editor.sideEffects.registerAfterCreateHandler('shape', (shape, source) => {
      if (source !== 'user') return
      const kind = locked(shape)
      if (!kind) return
      onBlocked(kind)
      // Removed in the same frame it was made, so it never reaches the board's document.
      queueMicrotask(() => {
        undoing = true
        try {
          editor.run(() => editor.deleteShape(shape.id), { ignoreShapeLock: true })
        } finally {
          undoing = false
        }
      })
    }),
  ]
  return () => stops.forEach((stop) => stop())
}
