import type { Editor } from 'tldraw'
import type { ParticipantProfile } from '../../../shared/model/participant'
import { useI18n } from '../../i18n/I18nProvider'
import { CardComposer } from '../../ui/CardComposer'
import { ModalDialog } from '../../ui/ModalDialog'
import { sectionName } from '../../question-map/section-names'
import { useOutline } from '../queries/use-outline'

/** Write a card from the board: pick the section, type, add; it lands in the section's next free slot. */
export function AddCardDialog({
  editor,
  author,
  onAdd,
  onClose,
}: {
  editor: Editor
  author: ParticipantProfile
  /** Adds the card; returns why it was not added, or null. */
  onAdd(sectionId: string, card: { text: string; anonymous: boolean }): string | null
  onClose(): void
}) {
  const { t } = useI18n()
  const sections = useOutline(editor).sections.map((section) => ({ id: section.id, name: sectionName(section, t) }))
  return (
    <ModalDialog labelledBy="add-card-title" onCancel={onClose}>
      <h1 id="add-card-title">{t('card.add.title')}</h1>
      <CardComposer
        sections={sections}
        author={author}
        autoFocus
        onSubmit={({ sectionId, text, anonymous }) => {
          const refusal = onAdd(sectionId, { text, anonymous })
          // Not added: the dialog stays open with the reason and the text.
          if (refusal === null) onClose()
          return refusal
        }}
      />
      <div className="dialog__actions">
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t('dialog.cancel')}
        </button>
      </div>
    </ModalDialog>
  )
}
