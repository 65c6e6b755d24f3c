import { useId, useState, type FormEvent } from 'react'
import type { Editor } from 'tldraw'
import { CLUSTER_LABEL_MAX } from '../../../shared/model/cluster'
import { useI18n } from '../../i18n/I18nProvider'
import { clusterCards } from '../cluster-writer'
import { ModalDialog } from '../ModalDialog'

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
        <div className="field">
          <label htmlFor={`${id}-label`}>{t('cluster.label')}</label>
          <input
            id={`${id}-label`}
            autoFocus
            maxLength={CLUSTER_LABEL_MAX}
            value={label}
            onChange={(event) => {
              setLabel(event.target.value)
              setError(false)
            }}
            aria-invalid={error || undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
          {error && (
            <p id={`${id}-error`} className="error" role="alert">
              {t('cluster.label.required')}
            </p>
          )}
        </div>
        <div className="dialog__actions">
          <button className="button" type="submit">
            {t('cluster.submit')}
          </button>
          <button className="button button--quiet" type="button" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}
