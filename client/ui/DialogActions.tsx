import { useI18n } from '../i18n/I18nProvider'

/**
 * The buttons at the foot of a dialog's form: the submit button, and with `onCancel` a quiet
 * Cancel button that closes without submitting.
 */
export function DialogActions({ submit, submitDisabled, onCancel }: { submit: string; submitDisabled?: boolean; onCancel?: () => void }) {
  const { t } = useI18n()
  return (
    <div className="dialog__actions">
      <button className="button" type="submit" disabled={submitDisabled}>
        {submit}
      </button>
      {onCancel && (
        <button className="button button--quiet" type="button" onClick={onCancel}>
          {t('dialog.cancel')}
        </button>
      )}
    </div>
  )
}
