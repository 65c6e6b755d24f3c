import { useState } from 'react'
import { useI18n } from '../i18n/I18nProvider'
import { seriesToken } from '../session/series-api'
import { FrontPage } from '../ui/FrontPage'
import { CommitmentsByCity } from './CommitmentsByCity'
import { LearnedByCity } from './LearnedByCity'
import { ManageSeries } from './ManageSeries'
import { MeetingsTable } from './MeetingsTable'
import { NoteDownloads } from './NoteDownloads'
import { SeriesSearch } from './SeriesSearch'
import { useSeriesData } from './use-series-data'
import '../ui/series.css'

/**
 * A meeting series, as its manage or read link opens it: the meetings in order, every commitment
 * by city with its history, what worked and what did not by city and section, search across all
 * meetings, and the learning note. The manage link also merges city spellings and hands out owner links.
 */
export default function SeriesPage({ seriesId }: { seriesId: string }) {
  const { t, locale } = useI18n()
  const [token] = useState(() => seriesToken(seriesId))
  const { data, reload } = useSeriesData(seriesId, token, locale)
  return (
    <FrontPage>
      <main className="page gb-series" data-testid="series-page">
        {data.state === 'loading' && <p role="status">{t('series.loading')}</p>}
        {data.state === 'refused' && (
          <>
            <h1>{t(data.status === 404 ? 'series.notFound' : 'series.linkRequired')}</h1>
            <p role="alert">{data.message}</p>
          </>
        )}
        {data.state === 'ready' && (
          <>
            <h1>{data.series.title}</h1>
            {data.series.purpose && <p className="gb-series__purpose">{data.series.purpose}</p>}
            {data.series.cities.length > 0 && (
              <p>
                <strong>{t('series.cities')}:</strong> {data.series.cities.join(', ')}
              </p>
            )}
            <MeetingsTable meetings={data.series.meetings} />
            <SeriesSearch seriesId={seriesId} token={token} />
            <CommitmentsByCity seriesId={seriesId} token={token} commitments={data.commitments} manage={data.series.role === 'manage'} />
            <LearnedByCity note={data.learning} />
            <NoteDownloads seriesId={seriesId} token={token} />
            {data.series.role === 'manage' && <ManageSeries series={data.series} token={token} onChange={reload} />}
          </>
        )}
      </main>
    </FrontPage>
  )
}
