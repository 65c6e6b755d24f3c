/**
 * Pictures of the board with tldraw's own export: the whole page, one section (its frame) or the
 * selection, as PNG or SVG.
 */
import type { Editor, TLShapeId } from 'tldraw'

export type ImageScope = { kind: 'board' } | { kind: 'section'; id: string } | { kind: 'selection' }
export type ImageFormat = 'png' | 'svg'

/**
 * Fixed padding (no trimming), so an export of the board is exactly its content's bounds plus this
 * on every side; PNGs at twice the resolution, so they stay sharp when projected or printed.
 */
export const IMAGE_EXPORT = { padding: 32, pixelRatio: 2 } as const

export class NothingToExportError extends Error {
  override name = 'NothingToExportError'
}

/** The shapes a scope covers: top-level shapes of the page, one frame, or the selected shapes. */
export function scopeShapeIds(editor: Editor, scope: ImageScope): TLShapeId[] {
  switch (scope.kind) {
    case 'board':
      return editor.getSortedChildIdsForParent(editor.getCurrentPageId())
    case 'section':
      return editor.getShape(scope.id as TLShapeId) ? [scope.id as TLShapeId] : []
    case 'selection':
      return editor.getSelectedShapeIds()
  }
}

/** The picture as a file; throws `NothingToExportError` when the scope is empty. */
export async function exportImage(editor: Editor, scope: ImageScope, format: ImageFormat): Promise<{ blob: Blob; width: number; height: number }> {
  const ids = scopeShapeIds(editor, scope)
  if (ids.length === 0) throw new NothingToExportError('nothing to export')
  return editor.toImage(ids, {
    format,
    background: true,
    padding: IMAGE_EXPORT.padding,
    scale: 1,
    ...(format === 'png' ? { pixelRatio: IMAGE_EXPORT.pixelRatio } : {}),
  })
}
