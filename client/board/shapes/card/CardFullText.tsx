import { useEditor, useValue, type TLShapeId } from 'tldraw'
import { CARD_SHAPE_TYPE } from '../../../../shared/model/card'
import { sectionKindOfShape } from '../../queries/section-of-shape'
import { CARD_TINTS } from '../../../../shared/model/section-style'
import type { CardShape } from '../card-shape'
import { OVERFLOWING_TEXT_CLASS } from './text-fit'

/** The smallest type the whole text is shown in, whatever the zoom. */
const READING_PX = 16
/** The narrowest it is shown: a card on a zoomed-out map is a few words wide. */
const READING_WIDTH_PX = 300

/**
 * The whole text of a card whose text does not fit it, while that card is selected (by pointer, or
 * by keyboard: tldraw selects the shape that has focus): laid over the card, from its top left
 * corner, at least READING_PX high. Cards are the slots of their section's grid, all of one size,
 * so a card cannot grow to its text without covering its neighbours for everyone; so the card
 * ends at a whole line with an ellipsis (text-fit.ts), and the person who picks it reads it all
 * here, as on a sticky note picked off the wall. Pointer events pass through to the canvas; screen
 * readers have the whole text already, as the card's description.
 */
export function CardFullText() {
  const editor = useEditor()
  const shown = useValue(
    'card read in full',
    () => {
      const [id, ...others] = editor.getSelectedShapeIds()
      const shape = id && others.length === 0 && !editor.getEditingShapeId() ? editor.getShape(id) : undefined
      if (!shape || shape.type !== CARD_SHAPE_TYPE) return null
      const bounds = editor.getShapePageBounds(shape)
      if (!bounds) return null
      const corner = editor.pageToViewport({ x: bounds.minX, y: bounds.minY })
      const zoom = editor.getZoomLevel()
      return { card: shape as CardShape, x: corner.x, y: corner.y, w: bounds.w * zoom, h: bounds.h * zoom, zoom }
    },
    [editor],
  )
  if (!shown) return null
  // Only a card that is cut short: its view knows (its text box carries the clip), and changes it with the zoom, which renders this again.
  const box = editor.getContainer().querySelector<HTMLElement>(`.tl-shape[data-shape-id="${shown.card.id}"] .gb-card__text`)
  if (!box?.classList.contains(OVERFLOWING_TEXT_CLASS)) return null
  const fontSize = Math.max(READING_PX, parseFloat(getComputedStyle(box).fontSize) * shown.zoom)
  const sectionKind = sectionKindOfShape(editor, shown.card.id as TLShapeId)
  return (
    <div
      className="gb-card-full"
      aria-hidden="true"
      data-testid="card-full-text"
      style={{
        left: shown.x,
        top: shown.y,
        width: Math.max(shown.w, READING_WIDTH_PX),
        minHeight: shown.h,
        fontSize,
        background: CARD_TINTS[sectionKind ?? 'none'],
      }}
    >
      {shown.card.props.text}
    </div>
  )
}
