import type { Editor, TLUiOverrides } from 'tldraw'
import { showInFreeArea } from './free-area'

/**
 * tldraw's "zoom to fit" (Shift+1) and "zoom to selection" (Shift+2) put the content in the middle
 * of the whole canvas, under our rails and tldraw's own rows. Here they put it in the free area
 * instead, so what the facilitator shows is what they see, and what the stage frames from them.
 */
export const zoomInFreeArea: TLUiOverrides = {
  actions(editor, actions) {
    const fit = actions['zoom-to-fit']
    const selection = actions['zoom-to-selection']
    return {
      ...actions,
      ...(fit && { 'zoom-to-fit': { ...fit, onSelect: () => void showPageInFreeArea(editor) } }),
      ...(selection && { 'zoom-to-selection': { ...selection, onSelect: () => void showSelectionInFreeArea(editor) } }),
    }
  },
}

/** The whole page in the free area (nothing when the page is empty). */
export function showPageInFreeArea(editor: Editor): void {
  const bounds = editor.getCurrentPageBounds()
  if (bounds) showInFreeArea(editor, bounds, { animate: true })
}

/** The selection in the free area (nothing when nothing is selected). */
export function showSelectionInFreeArea(editor: Editor): void {
  const bounds = editor.getSelectionPageBounds()
  if (bounds) showInFreeArea(editor, bounds, { animate: true })
}
