import { useI18n } from '../i18n/I18nProvider'
import { PublicLinks } from './PublicLinks'

/**
 * Shown for any path that is not a page of ours, and for boards the server does not know;
 * `deleted` when the board was deleted while it was open here.
 */
export function NotFoundPage({ deleted = false }: { deleted?: boolean }) {
  const { t } = useI18n()
  return (
    <main className="page page--narrow">
      <h1>{t(deleted ? 'board.deleted.title' : 'board.notFound.title')}</h1>
      <p>{t(deleted ? 'board.deleted.body' : 'board.notFound.body')}</p>
      <p>
        <a href="/">{t('board.backToStart')}</a>
      </p>
      <PublicLinks />
    </main>
  )
}
