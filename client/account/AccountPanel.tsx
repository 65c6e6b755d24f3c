import { useI18n } from '../i18n/I18nProvider'
import { useState } from 'react'
import { signInPath, signOut, type AccountState } from './account-api'
import { MEETINGS_PATH } from '../../shared/routes'
import './account.css'

/**
 * On a server with facilitators' sign-in: who is signed in, with a sign-out button, or the sign-in
 * that creating a board needs. Nothing on a
 * server without sign-in, where nobody has an account.
 */
export function AccountPanel({ state }: { state: AccountState | null }) {
  const { t } = useI18n()
  const [failed, setFailed] = useState<string | null>(null)
  if (!state?.signIn) return null
  const { account } = state
  if (account === null) {
    return (
      <section className="gb-account" aria-label={t('account.label')} data-testid="account-panel" data-state="signed-out">
        <p>{t('account.signInNeeded')}</p>
        <a className="button" href={signInPath()}>
          {t('account.signIn')}
        </a>
      </section>
    )
  }
  const who = account.name || account.username || account.email
  return (
    <section className="gb-account" aria-label={t('account.label')} data-testid="account-panel" data-state="signed-in">
      <p>
        {account.organisation ? t('account.signedInAtOrganisation', { name: who, organisation: account.organisation }) : t('account.signedIn', { name: who })}
      </p>
      <a href={MEETINGS_PATH}>{t('meetings.link')}</a>
      <button
        className="button button--quiet button--small"
        type="button"
        onClick={() => signOut().catch((error: Error) => setFailed(t('account.signOutFailed', { message: error.message })))}
      >
        {t('account.signOut')}
      </button>
      {failed && (
        <p className="error" role="alert">
          {failed}
        </p>
      )}
    </section>
  )
}
