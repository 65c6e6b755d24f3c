import { useCallback, useEffect, useState, type FormEvent } from 'react'
import type { Meeting } from '../../../shared/model/meeting'
import { tokenFromFragment } from '../../../shared/model/roles'
import { useI18n } from '../../i18n/I18nProvider'
import { linkToken } from '../../session/link-access'
import { addMeeting, createSeries, getBoardSeries, type BoardSeries } from '../../session/series-api'
import { FailureNote } from './FailureNote'
import { PlanNextDialog } from './PlanNextDialog'

/** "Plan the next meeting", and which series this meeting belongs to (start one, or join one with its manage link). */
export function SeriesSection({ boardId, meeting }: { boardId: string; meeting: Meeting }) {
  const { t } = useI18n()
  const [state, setState] = useState<BoardSeries | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [planning, setPlanning] = useState(false)
  const [manageLink, setManageLink] = useState('')
  const load = useCallback(() => {
    getBoardSeries(boardId)
      .then(setState)
      .catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)))
  }, [boardId])
  useEffect(load, [load])

  const run = async (work: () => Promise<unknown>) => {
    try {
      await work()
      setFailure(null)
      load()
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error))
    }
  }
  const startSeries = () =>
    run(async () => {
      const created = await createSeries({ title: meeting.title || t('series.untitled'), purpose: meeting.purpose, cities: meeting.cities })
      await addMeeting(created.id, created.tokens.manage, boardId, linkToken(boardId) ?? '')
    })
  const joinSeries = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      const url = new URL(manageLink.trim(), location.origin)
      const seriesId = /^\/s\/([^/]+)/.exec(url.pathname)?.[1]
      const token = tokenFromFragment(url.hash)
      if (!seriesId || !token) throw new Error(t('series.badLink'))
      await addMeeting(seriesId, token, boardId, linkToken(boardId) ?? '')
    })
  }

  return (
    <section className="gb-facilitate__section" aria-labelledby="gb-series-section-heading" data-testid="series-section">
      <h3 id="gb-series-section-heading">{t('series.section')}</h3>
      {state?.series && (
        <>
          <p>
            <a href={state.series.links.manage} target="_blank" rel="noopener">
              {t('series.open', { title: state.series.title })}
            </a>
          </p>
          <button type="button" className="button button--small" onClick={() => setPlanning(true)} data-testid="plan-next">
            {t('series.planNext')}
          </button>
          {planning && state.candidates && <PlanNextDialog boardId={boardId} meeting={meeting} candidates={state.candidates} onClose={() => setPlanning(false)} />}
        </>
      )}
      {state && !state.series && (
        <>
          <p>{t('series.none')}</p>
          <button type="button" className="button button--small" onClick={() => void startSeries()} data-testid="start-series">
            {t('series.start')}
          </button>
          <form onSubmit={joinSeries} className="gb-facilitate__row">
            <label className="field field--inline">
              <span>{t('series.joinLink')}</span>
              <input value={manageLink} onChange={(event) => setManageLink(event.target.value)} />
            </label>
            <button type="submit" className="button button--small button--quiet" disabled={manageLink.trim() === ''}>
              {t('series.join')}
            </button>
          </form>
        </>
      )}
      <FailureNote message={failure} />
    </section>
  )
}
