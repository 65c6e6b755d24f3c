import type { Editor } from 'tldraw'
import { showInFreeArea, watchInsets } from './free-area'

/** How close (screen pixels) the camera must still be to where we put it to count as untouched. */
const UNTOUCHED_PX = 1

/**
 * Opens the board with the whole map in the free area, and keeps it fitted there while the
 * controls around it change size (the banner gets its purpose, a timer starts, the window is
 * resized), until the person moves the camera themselves: from then on the view is theirs.
 */
export function keepMapFitted(editor: Editor): () => void {
  let fitted: { x: number; y: number; z: number } | null = null
  const fit = () => {
    const bounds = editor.getCurrentPageBounds()
    if (!bounds) return
    showInFreeArea(editor, bounds)
    fitted = editor.getCamera()
  }
  const untouched = () => {
    if (!fitted) return true
    const now = editor.getCamera()
    return (
      Math.abs(now.x - fitted.x) * now.z < UNTOUCHED_PX &&
      Math.abs(now.y - fitted.y) * now.z < UNTOUCHED_PX &&
      Math.abs(now.z - fitted.z) < 1e-6
    )
  }
  const stop = watchInsets(editor, () => {
    if (untouched()) fit()
  })
  fit()
  return stop
}
