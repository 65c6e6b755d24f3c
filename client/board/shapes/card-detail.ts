import { useEffect, useState } from 'react'
import { useValue, type Editor, type TLShapeId } from 'tldraw'
import { runWhenIdle } from './idle-queue'

/**
 * Below this zoom even a card's largest text (26 px) is under about 3 px on screen: nobody can
 * read it, so the card shows as its tinted block.
 */
export const LEGIBLE_ZOOM = 0.12

/**
 * Whether a card renders its text and byline: only while they are legible; a card in view at
 * once, a card out of view (tldraw culls shapes outside the viewport) when the browser is idle,
 * a batch of cards at a time. On a board with 2,000 cards, rendering every card's text made
 * opening slow (all cards mount while the camera is still at its start, before the board is
 * zoomed to fit), was a large part of every frame while someone moved cards, and all at once made
 * zooming in one long task (client benchmark, bench/browser/). The zoom is tldraw's efficient
 * zoom, which on big boards holds still while the camera moves: a zoom gesture switches the cards
 * once, at its end.
 */
export function useCardDetail(editor: Editor, id: TLShapeId): boolean {
  const legible = useValue('card legible', () => editor.getEfficientZoomLevel() >= LEGIBLE_ZOOM, [editor])
  const inView = useValue('card in view', () => !editor.getCulledShapes().has(id), [editor, id])
  const [grantedOutOfView, setGrantedOutOfView] = useState(false)
  useEffect(() => {
    if (!legible) setGrantedOutOfView(false)
    else if (!inView && !grantedOutOfView) return runWhenIdle(() => setGrantedOutOfView(true))
  }, [legible, inView, grantedOutOfView])
  return legible && (inView || grantedOutOfView)
}
