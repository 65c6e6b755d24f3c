import { useI18n } from '../i18n/I18nProvider'

/** Shown for any path that is not a page of ours, and for boards the server does not know. */
export function NotFoundPage() {
  const { t } = useI18n()
  return (
    <main className="page page--narrow">
      <h1>{t('board.notFound.title')}</h1>
      <p>{t('board.notFound.body')}</p>
      <p>
        <a href="/">{t('board.backToStart')}</a>
      </p>
    </main>
  )
}
