import { useI18n } from '../../i18n/I18nProvider'
import { useBoard } from '../context/board-context'
import { useBoardUi } from '../context/board-ui'
import { MeetingPurpose } from '../../ui/MeetingPurpose'
import { useMeeting } from '../../question-map/use-meeting'

/** The meeting's purpose at the top of the board, always in view, with the join code next to it. */
export function PurposeBanner() {
  const { t } = useI18n()
  const ui = useBoardUi()
  const meeting = useMeeting(useBoard().doc)
  return (
    <header className="gb-banner" data-testid="purpose-banner">
      <div className="gb-banner__text">
        {meeting.title && <h1 className="gb-banner__title">{meeting.title}</h1>}
        <MeetingPurpose purpose={meeting.purpose} label={t('purpose.label')} className="gb-banner__purpose" />
      </div>
      <button type="button" className="gb-tool gb-banner__join" onClick={() => ui.setDialog({ type: 'joinCode' })}>
        {t('joinCode.button')}
      </button>
    </header>
  )
}
