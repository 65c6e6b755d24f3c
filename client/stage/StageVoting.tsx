import { useI18n } from '../i18n/I18nProvider'
import { pluralKey } from '../i18n/plural'
import { useBoard } from '../board/context/board-context'
import { useRoundVoters } from '../board/facilitation/use-board-state'

/**
 * The voting round the board shows, said on the stage for the people in the room: that it is open
 * and how many dots each device has (dots count per device), or that it has ended.
 */
export function StageVoting() {
  const { t, locale } = useI18n()
  const { doc } = useBoard()
  const shown = useRoundVoters(doc)
  if (!shown) return null
  const { round } = shown
  return (
    <p className="gb-stage__voting" role="status" data-testid="stage-voting" data-state={round.state}>
      <strong>{t(`vote.state.${round.state}`)}</strong>
      {round.state === 'open' && <span>{t(pluralKey(locale, 'stage.vote.dots', round.dots), { count: round.dots })}</span>}
    </p>
  )
}
