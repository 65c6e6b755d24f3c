import { useId, useState, type FormEvent } from 'react'
import type { Editor } from 'tldraw'
import { CLUSTER_LABEL_MAX } from '../../../shared/model/cluster'
import { useI18n } from '../../i18n/I18nProvider'
import { clusterCards } from '../commands/cluster-cards'
import { DialogActions } from '../../ui/DialogActions'
import { Field } from '../../ui/Field'
import { clearingError } from '../../ui/clearing-error'
import { ModalDialog } from '../../ui/ModalDialog'

/** Names a new cluster of the selected cards. */
export function ClusterDialog({ editor, cardIds, onClose }: { editor: Editor; cardIds: readonly string[]; onClose(): void }) {
  const { t } = useI18n()
  const id = useId()
  const [label, setLabel] = useState('')
  const [error, setError] = useState(false)

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!label.trim()) return setError(true)
    clusterCards(editor, cardIds, label)
    onClose()
  }

  return (
    <ModalDialog labelledBy={`${id}-title`} onCancel={onClose}>
      <form onSubmit={submit} noValidate>
        <h1 id={`${id}-title`}>{t('cluster.title', { count: cardIds.length })}</h1>
        <Field id={`${id}-label`} label={t('cluster.label')} error={error && t('cluster.label.required')}>
          {(control) => (
            <input
              {...control}
              autoFocus
              maxLength={CLUSTER_LABEL_MAX}
              value={label}
              onChange={clearingError(setLabel, () => setError(false))}
            />
          )}
        </Field>
        <DialogActions submit={t('cluster.submit')} onCancel={onClose} />
      </form>
    </ModalDialog>
  )
}
