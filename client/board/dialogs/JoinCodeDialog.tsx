import { useI18n } from '../../i18n/I18nProvider'
import { ModalDialog } from '../../ui/ModalDialog'
import { QrCode } from '../../ui/QrCode'
import { MeetingWhenWhere } from '../../ui/MeetingWhenWhere'
import { capturePath } from '../../../shared/routes'
import { useJoinLink } from '../../session/board-access'
import type { Meeting } from '../../../shared/model/meeting'

/**
 * The join code, large enough to scan from across a room when the board is projected: it opens
 * the phone capture page of this board.
 */
export function JoinCodeDialog({ boardId, meeting, onClose }: { boardId: string; meeting: Meeting; onClose(): void }) {
  const { t } = useI18n()
  // The participant link of the phone page; without one (viewers) the page asks for a link.
  const url = useJoinLink(boardId) ?? `${location.origin}${capturePath(boardId)}`
  return (
    <ModalDialog labelledBy="join-code-title" onCancel={onClose} wide>
      <div className="join-code" data-testid="join-code">
        <h1 id="join-code-title">{t('joinCode.title')}</h1>
        {meeting.purpose && <p className="join-code__purpose">{meeting.purpose}</p>}
        <MeetingWhenWhere meeting={meeting} />
        <QrCode className="join-code__qr" text={url} label={t('joinCode.qrLabel', { url })} />
        <p className="join-code__url">{url}</p>
        <p>{t('joinCode.body')}</p>
        <button type="button" className="button" onClick={onClose} autoFocus>
          {t('dialog.close')}
        </button>
      </div>
    </ModalDialog>
  )
}
