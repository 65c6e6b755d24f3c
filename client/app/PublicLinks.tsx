import { PUBLIC_PAGES, publicPagePath } from '../../shared/public-pages'
import { useI18n } from '../i18n/I18nProvider'
import './public-links.css'

/**
 * The links to the accessibility statement, the privacy notice and the imprint, which every page
 * of a public website must carry: as the pages' footer, or (`overlay`) in a corner over the board
 * and the stage, where the canvas fills the window. They open in the same tab: the board is kept
 * on this device and opens again with the back button.
 */
export function PublicLinks({ overlay = false }: { overlay?: boolean }) {
  const { t } = useI18n()
  return (
    <nav className={overlay ? 'gb-public-links gb-public-links--overlay' : 'gb-public-links'} aria-label={t('publicPages.nav')} data-testid="public-links">
      {PUBLIC_PAGES.map((page) => (
        <a key={page} href={publicPagePath(page)}>
          {t(`publicPages.${page}.link`)}
        </a>
      ))}
    </nav>
  )
}
