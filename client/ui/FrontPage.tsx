import type { ReactNode } from 'react'
import { useI18n } from '../i18n/I18nProvider'
import { LanguageSwitch } from '../i18n/LanguageSwitch'
import { PublicLinks } from '../app/PublicLinks'
import './front-page.css'

/**
 * The frame of the pages people open before they are on a board (the start page, the join code
 * page): the app's name and the language switch above `children`, the links to the public pages below,
 * on the paper background.
 */
export function FrontPage({ children }: { children: ReactNode }) {
  const { t } = useI18n()
  return (
    <div className="front-page">
      <header className="front-page__header">
        <span className="front-page__brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      {children}
      <PublicLinks />
    </div>
  )
}
