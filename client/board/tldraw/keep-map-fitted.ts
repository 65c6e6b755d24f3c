import type { Editor } from 'tldraw'
import { cameraUntouched, lastShownBox, pageBoxInFreeArea, showInFreeArea, watchInsets } from './free-area'

/**
 * Opens the board with the whole map in the free area, and keeps what was last shown there (the
 * map, or a section the facilitator showed with Shift+2) fitted while the controls around it
 * change size (the banner gets its purpose, a timer starts, a voting bar appears, the window is
 * resized, a panel opens beside the map), until the person moves the camera themselves: from then
 * on the view is theirs, except that a panel opening or closing keeps in view what they were
 * looking at (it would cover it). The stage frames the facilitator's free area, so it keeps showing
 * the section whole too.
 */
export function keepMapFitted(editor: Editor): () => void {
  const fitMap = () => {
    const bounds = editor.getCurrentPageBounds()
    if (bounds) showInFreeArea(editor, bounds)
  }
  const stop = watchInsets(editor, ({ before, opened }) => {
    const shown = lastShownBox(editor)
    if (!shown) fitMap()
    else if (cameraUntouched(editor, shown.camera)) showInFreeArea(editor, shown.box)
    else if (opened && before) showInFreeArea(editor, pageBoxInFreeArea(editor, before))
  })
  fitMap()
  return stop
}
