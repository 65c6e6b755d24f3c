import { useEffect, useState } from 'react'
import { atom, react, useValue, type Atom, type Editor, type TLShapeId } from 'tldraw'
import { runWhenIdle } from './idle-queue'

/**
 * Below this zoom even a card's largest text (26 px) is under about 3 px on screen: nobody can
 * read it, so the card shows as its tinted block.
 */
export const LEGIBLE_ZOOM = 0.12

const legibility = new WeakMap<Editor, Atom<boolean>>()

/**
 * Whether cards are legible in this editor, as one atom that changes only when the zoom crosses
 * LEGIBLE_ZOOM. Thousands of cards each watching the zoom would each be woken by every change on
 * the board (the zoom is derived from the camera and the number of shapes).
 */
function cardsLegible(editor: Editor): Atom<boolean> {
  let legible = legibility.get(editor)
  if (!legible) {
    const isLegible = () => editor.getEfficientZoomLevel() >= LEGIBLE_ZOOM
    const created = atom('cards legible', isLegible())
    editor.disposables.add(react('cards legible', () => created.set(isLegible())))
    legibility.set(editor, created)
    legible = created
  }
  return legible
}

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
  const legible = useValue(cardsLegible(editor))
  const [detailed, setDetailed] = useState(false)
  // Only a legible card still without its text watches tldraw's culling, for the same reason.
  const inView = useValue('card in view', () => legible && !detailed && !editor.getCulledShapes().has(id), [editor, id, legible, detailed])
  useEffect(() => {
    if (!legible) setDetailed(false)
    else if (inView) setDetailed(true)
    else if (!detailed) return runWhenIdle(() => setDetailed(true))
  }, [legible, inView, detailed])
  return legible && (detailed || inView)
}
