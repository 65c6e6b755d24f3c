import type { StatusEvent } from '../../shared/series/commitment-status'
import { useI18n } from '../i18n/I18nProvider'
import { dateLocale } from './format-day'

/** A commitment's status changes, oldest first, each with its date, note and photo. */
export function StatusHistory({ history }: { history: readonly StatusEvent[] }) {
  const { t, locale } = useI18n()
  if (history.length === 0) return null
  const format = new Intl.DateTimeFormat(dateLocale(locale), { dateStyle: 'medium', timeStyle: 'short' })
  return (
    <ol className="gb-series__history" aria-label={t('commitment.history')} data-testid="status-history">
      {history.map((event, i) => (
        <li key={i}>
          <time dateTime={new Date(event.at).toISOString()}>{format.format(new Date(event.at))}</time>: {t(`commitment.status.${event.status}`)}
          {event.note && <> – {event.note}</>}
          {event.photo && <img className="gb-series__photo" src={event.photo} alt={t('commitment.photoOf', { date: format.format(new Date(event.at)) })} />}
        </li>
      ))}
    </ol>
  )
}
