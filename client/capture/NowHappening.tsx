import type { TimerState } from '../../shared/model/timer'
import { useI18n } from '../i18n/I18nProvider'
import { pluralKey } from '../i18n/plural'
import type { RoundView } from '../question-map/use-round'
import { TimerDisplay } from '../ui/TimerDisplay'

/**
 * What is happening in the meeting now, at the top of the phone page: closed, a voting round (with
 * this device's dots left) and the timer, kept short: it stays in sight while the person scrolls
 * (what the round is about is told with the cards, BoardCardList.tsx). Screen readers hear a change of the meeting's state once,
 * politely; the ticking timer and the dots left are read when someone goes there, not announced.
 */
export function NowHappening({
  closed,
  round,
  timer,
}: {
  closed: boolean
  round: RoundView | null
  timer: TimerState
}) {
  const { t, locale } = useI18n()
  const state = closed ? t('capture.closed.status') : round ? t(`vote.state.${round.round.state}`) : ''
  const left = round ? round.round.dots - round.mine.length : 0
  const timerShown = !closed && timer.phase !== 'idle'
  return (
    <section className="capture__now" aria-labelledby="capture-now" data-testid="capture-now" data-closed={closed}>
      <h2 id="capture-now" className="visually-hidden">
        {t('capture.now')}
      </h2>
      <p className="visually-hidden" aria-live="polite" data-testid="capture-announcement">
        {state}
      </p>
      {closed ? (
        <p className="capture__now-line capture__now-line--closed" data-testid="capture-closed">
          {state}
        </p>
      ) : (
        round && (
          <div className="capture__now-line" data-testid="capture-round" data-state={round.round.state}>
            <strong>{state}</strong>
            {round.round.state === 'open' && (
              <span className="capture__dots-left" data-testid="dots-left">
                {t(pluralKey(locale, 'vote.left', left), { count: left, total: round.round.dots })}
              </span>
            )}
          </div>
        )
      )}
      {timerShown && <TimerDisplay timer={timer} className="capture__timer" />}
      {!closed && !round && !timerShown && <p className="capture__now-line gb-muted">{t('capture.now.quiet')}</p>}
    </section>
  )
}
