import { useState, type FormEvent } from 'react'
import type { SearchResultView } from '../../shared/series/series-view'
import { useI18n } from '../i18n/I18nProvider'
import { searchSeries } from '../session/series-api'

/** Search across every meeting of the series; each result links to the card on its board. */
export function SeriesSearch({ seriesId, token }: { seriesId: string; token: string | null }) {
  const { t } = useI18n()
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<SearchResultView[] | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const search = async (event: FormEvent) => {
    event.preventDefault()
    try {
      const answer = await searchSeries(seriesId, token, query)
      setResults(answer.results)
      setMessage(null)
    } catch (error) {
      setResults(null)
      setMessage(error instanceof Error ? error.message : String(error))
    }
  }
  return (
    <section aria-labelledby="gb-series-search">
      <h2 id="gb-series-search">{t('series.search')}</h2>
      <form role="search" className="gb-series__search" onSubmit={(event) => void search(event)}>
        <label className="field">
          <span>{t('series.searchLabel')}</span>
          <input type="search" value={query} maxLength={200} onChange={(event) => setQuery(event.target.value)} data-testid="series-search-input" />
        </label>
        <button type="submit" className="button">
          {t('series.searchButton')}
        </button>
      </form>
      <div aria-live="polite">
        {message && <p role="alert">{message}</p>}
        {results && results.length === 0 && <p>{t('series.noResults')}</p>}
        {results && results.length > 0 && (
          <ol className="gb-series__results" data-testid="series-search-results">
            {results.map((result) => (
              <li key={`${result.boardId}/${result.cardId}`}>
                <p className="gb-series__text">{result.text}</p>
                <p className="gb-series__meta">
                  {[result.meeting, result.sectionTitle, result.anonymous ? t('series.anonymous') : [result.author, result.city].filter(Boolean).join(', ')]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
                {result.link && <a href={result.link}>{t('series.openCard')}</a>}
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  )
}
