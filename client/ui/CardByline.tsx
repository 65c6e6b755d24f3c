import type { CardProps } from '../../shared/model/card'
import { useI18n } from '../i18n/I18nProvider'
import { formatDay } from './format-day'

/** Who wrote a card, and for commitments who does it for which city by when. Used on the canvas, in the outline and on the phone page. */
export function CardByline({ card, commitment }: { card: CardProps; commitment: boolean }) {
  const { t, locale } = useI18n()
  const author = card.anonymous || !card.authorName ? t('card.anonymous') : card.authorCity ? t('card.byWithCity', { name: card.authorName, city: card.authorCity }) : card.authorName
  return (
    <div className="gb-byline">
      {commitment && (
        <p className="gb-byline__commitment">
          {card.owner ? (card.ownerCity ? t('card.owner.withCity', { owner: card.owner, city: card.ownerCity }) : t('card.owner', { owner: card.owner })) : t('card.owner.none')}
          {card.due && <> · {t('card.due', { date: formatDay(card.due, locale) })}</>}
        </p>
      )}
      <p className="gb-byline__author">{author}</p>
    </div>
  )
}
