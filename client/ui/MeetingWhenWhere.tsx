import type { Meeting } from '../../shared/model/meeting'
import { useI18n } from '../i18n/I18nProvider'
import { formatDateTime } from './format-day'

/** "12 Jun 2026, 14:00 · Clara-Zetkin-Park": when and where, as far as the facilitator said. */
export function MeetingWhenWhere({ meeting, className }: { meeting: Meeting; className?: string }) {
  const { locale } = useI18n()
  const parts = [meeting.startsAt && formatDateTime(meeting.startsAt, locale), meeting.place].filter(Boolean)
  if (parts.length === 0) return null
  return <p className={className}>{parts.join(' · ')}</p>
}
