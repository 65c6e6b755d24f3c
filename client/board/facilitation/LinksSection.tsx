import { useState } from 'react'
import { LINK_ROLES, LINK_TOKEN_PARAM, type BoardLinks, type LinkRole } from '../../../shared/model/roles'
import { requestJson } from '../../session/api'
import { useI18n } from '../../i18n/I18nProvider'
import { refreshAccess } from '../../session/board-access'
import { rememberLinkToken } from '../../session/link-access'

/**
 * The board's links to copy and pass on (the three people's and the projector stage's), and
 * renewing one (the old one stops at once, and whoever used it is disconnected).
 */
export function LinksSection({ boardId, links }: { boardId: string; links: BoardLinks }) {
  const { t } = useI18n()
  const [copied, setCopied] = useState<LinkRole | null>(null)
  const [confirming, setConfirming] = useState<LinkRole | null>(null)
  const [error, setError] = useState<string | null>(null)

  const copy = async (role: LinkRole) => {
    await navigator.clipboard?.writeText(links[role]).catch(() => {})
    setCopied(role)
  }
  const renew = async (role: LinkRole) => {
    setConfirming(null)
    setError(null)
    try {
      const { tokens } = await requestJson<{ tokens: Record<LinkRole, string> }>(
        `/api/boards/${encodeURIComponent(boardId)}/links/${role}/renew`,
        { method: 'POST' },
      )
      if (role === 'facilitator') {
        // Our own connection was closed with the old token: come back with the new one.
        rememberLinkToken(boardId, tokens.facilitator)
        history.replaceState(null, '', `#${LINK_TOKEN_PARAM}=${encodeURIComponent(tokens.facilitator)}`)
        location.reload()
        return
      }
      await refreshAccess(boardId)
    } catch (failure) {
      setError((failure as Error).message)
    }
  }

  return (
    <section className="gb-facilitate__section" aria-labelledby="gb-links-heading">
      <h3 id="gb-links-heading">{t('links.heading')}</h3>
      <ul className="gb-links">
        {LINK_ROLES.map((role) => (
          <li key={role} className="gb-links__item" data-testid={`link-${role}`}>
            <span className="gb-links__role">{t(`links.${role}`)}</span>
            <input className="gb-links__url" readOnly value={links[role]} aria-label={t(`links.${role}`)} onFocus={(e) => e.target.select()} />
            <button type="button" className="button button--small" onClick={() => void copy(role)}>
              {copied === role ? t('links.copied') : t('links.copy')}
            </button>
            {confirming === role ? (
              <span className="gb-links__confirm">
                {t('links.renew.confirm')}{' '}
                <button type="button" className="button button--small" onClick={() => void renew(role)} data-testid={`renew-${role}`}>
                  {t('links.renew.yes')}
                </button>
                <button type="button" className="button button--quiet button--small" onClick={() => setConfirming(null)}>
                  {t('dialog.cancel')}
                </button>
              </span>
            ) : (
              <button type="button" className="button button--quiet button--small" onClick={() => setConfirming(role)}>
                {t('links.renew')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <p className="gb-muted">{t('links.hint')}</p>
      {error && (
        <p className="error" role="alert">
          {t('facilitate.failed', { message: error })}
        </p>
      )}
    </section>
  )
}
