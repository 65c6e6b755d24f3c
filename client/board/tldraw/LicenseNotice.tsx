import { useI18n } from '../../i18n/I18nProvider'

/** Explains to the operator why the canvas would stay blank. */
export function LicenseNotice() {
  const { t } = useI18n()
  return (
    <main className="page page--narrow" role="alert">
      <h1>{t('license.title')}</h1>
      <p>{t('license.body')}</p>
      <p>{t('license.more')}</p>
    </main>
  )
}
