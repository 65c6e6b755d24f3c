import { useState } from 'react'
import type * as Y from 'yjs'
import { extendTimer, pauseTimer, resumeTimer, startTimer, writeTimer, IDLE_TIMER, type TimerState } from '../../../shared/model/timer'
import { useI18n } from '../../i18n/I18nProvider'
import { serverNow } from '../../session/server-clock'

const MINUTE = 60_000

/** Start, pause, extend and reset the shared countdown. */
export function TimerSection({ doc, timer }: { doc: Y.Doc; timer: TimerState }) {
  const { t } = useI18n()
  const [minutes, setMinutes] = useState('5')
  const set = (next: TimerState) => writeTimer(doc, next)
  const duration = Math.max(0, Number(minutes.replace(',', '.'))) * MINUTE
  return (
    <section className="gb-facilitate__section" aria-labelledby="gb-timer-heading">
      <h3 id="gb-timer-heading">{t('timer.heading')}</h3>
      <div className="gb-facilitate__row">
        <label className="field field--inline">
          <span>{t('timer.minutes')}</span>
          <input type="number" min="0.5" max="720" step="0.5" value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="timer-minutes" />
        </label>
        <button type="button" className="button button--small" disabled={!(duration > 0)} onClick={() => set(startTimer(duration, serverNow()))} data-testid="timer-start">
          {t('timer.start')}
        </button>
      </div>
      <div className="gb-facilitate__row">
        {timer.phase === 'running' && (
          <button type="button" className="button button--quiet button--small" onClick={() => set(pauseTimer(timer, serverNow()))}>
            {t('timer.pause')}
          </button>
        )}
        {timer.phase === 'paused' && (
          <button type="button" className="button button--quiet button--small" onClick={() => set(resumeTimer(timer, serverNow()))}>
            {t('timer.resume')}
          </button>
        )}
        <button type="button" className="button button--quiet button--small" onClick={() => set(extendTimer(timer, MINUTE, serverNow()))}>
          {t('timer.extend')}
        </button>
        {timer.phase !== 'idle' && (
          <button type="button" className="button button--quiet button--small" onClick={() => set(IDLE_TIMER)}>
            {t('timer.reset')}
          </button>
        )}
      </div>
    </section>
  )
}
