import { useEffect, useLayoutEffect, useRef } from 'react'
import { stopEventPropagation, useEditor, useIsEditing, useSvgExportContext, useValue } from 'tldraw'
import { CARD_LIMITS } from '../../../../shared/model/card'
import { useI18n } from '../../../i18n/I18nProvider'
import { CARD_TINTS } from '../../../../shared/model/section-style'
import { BYLINE_PAGE_PX, cardFontSize, cardLayout, isCommitment } from '../../../../shared/model/card-layout'
import type { CardShape } from '../card-shape'
import { CardByline } from '../../../ui/CardByline'
import { readCarriedFrom } from '../../../../shared/series/carried-card'
import { CarriedFrom } from './CarriedFrom'
import { useCardDetail } from './card-detail'
import { clipTextWhenOverflowing, OVERFLOWING_TEXT_CLASS } from './text-fit'
import { sectionKindOfShape } from '../../queries/section-of-shape'
import { legiblePageSize, type LegibleType } from './legible-type'

/**
 * A card on the canvas: its text, large, and who wrote it; a text box while it is being edited;
 * just its tinted block while too small to read or out of view.
 */
export function CardView({ shape, legibleType }: { shape: CardShape; legibleType: LegibleType | null }) {
  const editor = useEditor()
  const { t } = useI18n()
  const isEditing = useIsEditing(shape.id)
  const sectionKind = useValue('card section', () => sectionKindOfShape(editor, shape.id), [editor, shape.id])
  const textRef = useRef<HTMLTextAreaElement>(null)
  const textBoxRef = useRef<HTMLParagraphElement>(null)
  // An image export is serialised before any observer reports: there the text is always clipped.
  const exporting = useSvgExportContext() !== null
  const detailed = useCardDetail(editor, shape.id) || exporting || isEditing
  const { text } = shape.props
  const commitment = isCommitment(shape.props, sectionKind)
  // An export is a picture of the card as it is, at no particular zoom.
  const floor = useValue(
    'legible type',
    () => {
      const zoom = editor.getZoomLevel()
      return legibleType && !exporting
        ? {
            text: legiblePageSize(cardFontSize(text), legibleType.text, zoom, legibleType.maxGrowth),
            byline: legiblePageSize(BYLINE_PAGE_PX, legibleType.byline, zoom, legibleType.maxGrowth),
          }
        : { text: cardFontSize(text), byline: BYLINE_PAGE_PX }
    },
    [editor, legibleType, exporting, text],
  )

  const bylineLines = commitment ? 2 : 1
  // A card carried from an earlier meeting of a series has one more line, the first to give way.
  const carried = readCarriedFrom(shape.meta) !== null
  const layout = cardLayout(shape.props.h, floor.text, floor.byline, bylineLines + (carried ? 1 : 0))

  useLayoutEffect(() => {
    const box = textBoxRef.current
    return box && !exporting ? clipTextWhenOverflowing(box) : undefined
    // A new type size changes what fits: look again.
  }, [text, isEditing, exporting, detailed, floor.text, floor.byline, layout.bylineLines])

  useEffect(() => {
    if (isEditing) {
      textRef.current?.focus()
      textRef.current?.select()
    }
  }, [isEditing])

  return (
    <div
      className="gb-card"
      data-testid="card"
      data-section={sectionKind ?? ''}
      style={{
        background: CARD_TINTS[sectionKind ?? 'none'],
        ['--gb-byline-size' as string]: `${floor.byline}px`,
        ['--gb-card-lines' as string]: layout.textLines,
      }}
    >
      {isEditing ? (
        <textarea
          ref={textRef}
          className="gb-card__editor"
          aria-label={t('card.text.label')}
          maxLength={CARD_LIMITS.text}
          value={text}
          style={{ fontSize: cardFontSize(text) }}
          onChange={(event) => editor.updateShape({ id: shape.id, type: shape.type, props: { text: event.target.value } })}
          onPointerDown={stopEventPropagation}
          onKeyDown={(event) => {
            if (event.key === 'Escape') editor.complete()
            event.stopPropagation()
          }}
        />
      ) : detailed ? (
        <p
          ref={textBoxRef}
          className={exporting ? `gb-card__text ${OVERFLOWING_TEXT_CLASS}` : 'gb-card__text'}
          style={{ fontSize: floor.text }}
        >
          {text || <span className="gb-card__empty">{t('card.empty')}</span>}
        </p>
      ) : null}
      {detailed && layout.bylineLines > 0 && <CardByline card={shape.props} commitment={commitment && layout.bylineLines > 1} />}
      {detailed && carried && layout.bylineLines > bylineLines && <CarriedFrom meta={shape.meta} />}
    </div>
  )
}
