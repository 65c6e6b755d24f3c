import { stopEventPropagation } from 'tldraw'
import { readCarriedFrom, readCommitmentStatusMeta } from '../../../../shared/series/carried-card'
import { CARD_FRAGMENT_PARAM } from '../../../../shared/series/series-links'
import { useI18n } from '../../../i18n/I18nProvider'
import { formatDateTime } from '../../../ui/format-day'

/**
 * On a card carried from an earlier meeting of the series: where it comes from (meeting, date,
 * city), linked back to the card there, and for a commitment its status and what was reported.
 */
export function CarriedFrom({ meta }: { meta: Readonly<Record<string, unknown>> }) {
  const { t, locale } = useI18n()
  const from = readCarriedFrom(meta)
  if (!from) return null
  const status = readCommitmentStatusMeta(meta)
  const where = [from.meeting, from.startsAt ? formatDateTime(from.startsAt, locale) : '', from.city].filter(Boolean).join(', ')
  // One line, like the author's (shapes/card/text-fit.ts counts it).
  return (
    <p className="gb-card__carried" data-testid="carried-from">
      {status && (
        <span data-testid="carried-status">
          <strong>{t(`commitment.status.${status.status}`)}</strong>
          {status.note && <> – {status.note}</>}
        </span>
      )}
      {status && ' · '}
      <a href={`/b/${from.boardId}#${CARD_FRAGMENT_PARAM}=${encodeURIComponent(from.cardId)}`} onPointerDown={stopEventPropagation}>
        {t('series.carriedFrom', { where })}
      </a>
    </p>
  )
}
