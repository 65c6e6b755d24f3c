import type { Editor, TLShapeId } from 'tldraw'
import { CARD_FRAGMENT_PARAM } from '../../../shared/series/series-links'
import { showInFreeArea } from './free-area'

/**
 * Shows and selects the card the address names, once it is on the board (a board that is still
 * syncing gets it a moment later). Returns what stops waiting for it.
 */
export function showCardFromAddress(editor: Editor): () => void {
  const id = new URLSearchParams(location.hash.replace(/^#/, '')).get(CARD_FRAGMENT_PARAM) as TLShapeId | null
  if (!id) return () => {}
  const show = (): boolean => {
    const bounds = editor.getShape(id) ? editor.getShapePageBounds(id) : undefined
    if (!bounds) return false
    editor.select(id)
    showInFreeArea(editor, bounds)
    return true
  }
  if (show()) return () => {}
  const stop = editor.store.listen(() => {
    if (show()) stop()
  }, { scope: 'document', source: 'remote' })
  return stop
}
