import type { SeriesMeetingView } from '../../shared/series/series-view'
import { useI18n } from '../i18n/I18nProvider'
import { formatDateTime } from '../ui/format-day'

/** The series' meetings in order: date, meeting (linked to its board), place, cities, counts. */
export function MeetingsTable({ meetings }: { meetings: readonly SeriesMeetingView[] }) {
  const { t, locale } = useI18n()
  return (
    <section aria-labelledby="gb-series-meetings">
      <h2 id="gb-series-meetings">{t('series.meetings')}</h2>
      {meetings.length === 0 ? (
        <p>{t('series.noMeetings')}</p>
      ) : (
        // Scrolls sideways on a phone; focusable so that the keyboard can scroll it too.
        <div className="gb-series__scroll" role="region" aria-labelledby="gb-series-meetings" tabIndex={0}>
        <table className="gb-series__table" data-testid="series-meetings">
          <thead>
            <tr>
              <th scope="col">{t('series.date')}</th>
              <th scope="col">{t('series.meeting')}</th>
              <th scope="col">{t('series.place')}</th>
              <th scope="col">{t('series.cities')}</th>
              <th scope="col">{t('series.onsite')}</th>
              <th scope="col">{t('series.remote')}</th>
            </tr>
          </thead>
          <tbody>
            {meetings.map((meeting) => (
              <tr key={meeting.boardId}>
                <td>{meeting.startsAt ? formatDateTime(meeting.startsAt, locale) : ''}</td>
                <td>{meeting.link ? <a href={meeting.link}>{meeting.title || t('series.untitled')}</a> : meeting.title || t('series.untitled')}</td>
                <td>{meeting.place}</td>
                <td>{meeting.cities.join(', ')}</td>
                <td>{meeting.onsite}</td>
                <td>{meeting.remote}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </section>
  )
}
