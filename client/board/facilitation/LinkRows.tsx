import { useState } from 'react'
import { LINK_TOKEN_PARAM, type BoardLinks, type LinkRole } from '../../../shared/model/roles'
import { requestJson } from '../../session/api'
import { useI18n } from '../../i18n/I18nProvider'
import { refreshAccess } from '../../session/board-access'
import { rememberLinkToken } from '../../session/link-access'
import { CopyableLink } from '../../ui/CopyableLink'
import { FailureNote } from './FailureNote'

/**
 * Links of the board to copy and pass on, one row per role in `roles`, and renewing one (the old
 * one stops at once, and whoever used it is disconnected).
 */
export function LinkRows({ boardId, links, roles }: { boardId: string; links: BoardLinks; roles: readonly LinkRole[] }) {
  const { t } = useI18n()
  const [confirming, setConfirming] = useState<LinkRole | null>(null)
  const [error, setError] = useState<string | null>(null)

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
    <>
      <ul className="gb-links">
        {roles.map((role) => (
          <li key={role} className="gb-links__item" data-testid={`link-${role}`}>
            <span className="gb-links__role">{t(`links.${role}`)}</span>
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
            <CopyableLink url={links[role]} label={t(`links.${role}`)} />
          </li>
        ))}
      </ul>
      <FailureNote message={error} />
    </>
  )
}
