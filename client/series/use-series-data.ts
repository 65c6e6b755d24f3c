import { useCallback, useEffect, useState } from 'react'
import type { LearningNote } from '../../shared/series/learning-note/types'
import type { CommitmentView, SeriesView } from '../../shared/series/series-view'
import { ApiError } from '../session/api'
import { getCommitments, getLearning, getSeries } from '../session/series-api'

export type SeriesData =
  | { state: 'loading' }
  | { state: 'refused'; status: number; message: string }
  | { state: 'ready'; series: SeriesView; commitments: CommitmentView[]; learning: LearningNote }

/** The series, its commitments and what its meetings learned, as the link opens them; `reload` after a change. */
export function useSeriesData(seriesId: string, token: string | null, lang: 'de' | 'en'): { data: SeriesData; reload(): void } {
  const [data, setData] = useState<SeriesData>({ state: 'loading' })
  const [round, setRound] = useState(0)
  useEffect(() => {
    let live = true
    Promise.all([getSeries(seriesId, token), getCommitments(seriesId, token), getLearning(seriesId, token, lang)])
      .then(([series, commitments, learning]) => live && setData({ state: 'ready', series, commitments, learning }))
      .catch((error: unknown) => {
        if (!live) return
        setData({ state: 'refused', status: error instanceof ApiError ? error.status : 0, message: error instanceof Error ? error.message : String(error) })
      })
    return () => {
      live = false
    }
  }, [seriesId, token, lang, round])
  const reload = useCallback(() => setRound((n) => n + 1), [])
  return { data, reload }
}
