/**
 * Keeps a session the locks bind (shared/rules/write-rules.ts: participants) from changing locked
 * content on the canvas before the server has to refuse it: changes, deletions and new shapes in a
 * locked section (or anywhere on a locked board) are undone on the spot, and `onBlocked` says why.
 * The server enforces the same rule regardless.
 */
import type * as Y from 'yjs'
import type { Editor, TLShape, TLShapeId } from 'tldraw'
import { readLocks } from '../../../shared/model/locks'
import { SECTION_META_KEY } from '../../../shared/model/sections'
import { lockBlock } from '../../../shared/rules/write-rules'

/** Which lock kept a change out. */
export type LockKind = NonNullable<ReturnType<typeof lockBlock>>

/** The section frame a shape is or sits in, or null. */
export function sectionIdOf(editor: Editor, shape: TLShape): string | null {
  let current: TLShape | undefined = shape
  while (current) {
    if (current.type === 'frame' && current.meta?.[SECTION_META_KEY]) return current.id
    current = editor.getShape(current.parentId as TLShapeId)
  }
  return null
}

export function guardLocks(editor: Editor, doc: Y.Doc, role: string, onBlocked: (kind: LockKind) => void): () => void {
  const locked = (shape: TLShape) => (undoing ? null : lockBlock(readLocks(doc), role, sectionIdOf(editor, shape)))
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
