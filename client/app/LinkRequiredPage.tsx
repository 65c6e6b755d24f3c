import { useEffect } from 'react'
import { useI18n } from '../i18n/I18nProvider'
import { PublicLinks } from './PublicLinks'

/**
 * Shown instead of a board when this device has no valid link to it: none in the address, one that
 * was never valid, or one the facilitator has renewed since (`renewed`).
 */
export function LinkRequiredPage({ renewed = false }: { renewed?: boolean }) {
  const { t } = useI18n()
  // A link pasted over this address differs only in its fragment, which loads nothing by itself.
  useEffect(() => {
    const reload = () => location.reload()
    addEventListener('hashchange', reload)
    return () => removeEventListener('hashchange', reload)
  }, [])
  return (
    <main className="page page--narrow" data-testid="link-required">
      <h1>{t(renewed ? 'access.renewed.title' : 'access.required.title')}</h1>
      <p>{t(renewed ? 'access.renewed.body' : 'access.required.body')}</p>
      <p>
        <a href="/">{t('board.backToStart')}</a>
      </p>
      <PublicLinks />
    </main>
  )
}
