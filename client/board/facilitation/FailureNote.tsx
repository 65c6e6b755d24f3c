import { useI18n } from '../../i18n/I18nProvider'

/** Why a facilitator action failed, announced at once; nothing when it did not. */
export function FailureNote({ message }: { message: string | null }) {
  const { t } = useI18n()
  if (!message) return null
  return (
    <p className="error" role="alert">
      {t('facilitate.failed', { message })}
    </p>
  )
}
