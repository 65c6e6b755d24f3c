import { useState } from 'react'
import { useI18n } from '../../i18n/I18nProvider'
import { closeMeeting, reopenMeeting } from './archive-api'
import { Confirm, Group, ShownError, type RunAction } from './dialog-parts'

/** Closing the meeting (after a confirmation) and reopening it: the facilitator's part of the dialog. */
export function ArchiveControls({ boardId, archived, busy, run }: { boardId: string; archived: boolean; busy: boolean; run: RunAction }) {
  const { t } = useI18n()
  const [confirming, setConfirming] = useState(false)
  const act = (action: typeof closeMeeting) =>
    run(async () => {
      await action(boardId).catch((error: Error) => {
        throw new ShownError(t('archive.failed', { message: error.message }))
      })
      setConfirming(false)
      return null
    })
  return (
    <Group title={t('archive.heading')}>
      <div className="dialog__actions">
        {archived ? (
          <button type="button" className="button button--small" disabled={busy} onClick={() => act(reopenMeeting)}>
            {t('archive.reopen')}
          </button>
        ) : (
          <button type="button" className="button button--small" disabled={busy} onClick={() => setConfirming(true)}>
            {t('archive.close')}
          </button>
        )}
      </div>
      {confirming && !archived && (
        <Confirm
          text={t('archive.closeConfirm')}
          action={t('archive.closeButton')}
          busy={busy}
          onConfirm={() => act(closeMeeting)}
          onCancel={() => setConfirming(false)}
        />
      )}
    </Group>
  )
}
