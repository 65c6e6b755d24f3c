import { useState, type FormEvent } from 'react'
import type * as Y from 'yjs'
import { normalizeMeeting, writeMeeting, type Meeting } from '../../../shared/model/meeting'
import { useI18n } from '../../i18n/I18nProvider'
import { MeetingFields, type MeetingDraft } from '../../ui/MeetingFields'
import { DialogActions } from '../../ui/DialogActions'
import { ModalDialog } from '../../ui/ModalDialog'

/** The facilitator changes the meeting's title, purpose, date, place and cities. */
export function MeetingSettingsDialog({ doc, meeting, onClose }: { doc: Y.Doc; meeting: Meeting; onClose(): void }) {
  const { t } = useI18n()
  const [draft, setDraft] = useState<MeetingDraft>({
    title: meeting.title,
    purpose: meeting.purpose,
    startsAt: meeting.startsAt,
    place: meeting.place,
    cities: meeting.cities,
  })
  const [titleError, setTitleError] = useState(false)

  function save(event: FormEvent) {
    event.preventDefault()
    if (!draft.title.trim()) {
      setTitleError(true)
      return
    }
    writeMeeting(doc, normalizeMeeting(draft))
    onClose()
  }

  return (
    <ModalDialog labelledBy="meeting-settings-title" onCancel={onClose} wide>
      <form onSubmit={save} noValidate>
        <h1 id="meeting-settings-title">{t('meeting.settings.title')}</h1>
        <MeetingFields draft={draft} onChange={setDraft} titleError={titleError} />
        <DialogActions submit={t('dialog.save')} onCancel={onClose} />
      </form>
    </ModalDialog>
  )
}
