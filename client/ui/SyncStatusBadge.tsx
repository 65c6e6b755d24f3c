import './sync-status.css'
import { useValue } from '@tldraw/state-react'
import type { BoardConnection } from '../sync/board-connection'
import { useI18n } from '../i18n/I18nProvider'
import { pluralKey } from '../i18n/plural'

/** Always-visible link state: connected, reconnecting or offline, and what is still waiting to be sent. */
export function SyncStatusBadge({ connection }: { connection: BoardConnection }) {
  const { t, locale } = useI18n()
  const status = useValue('sync status', () => connection.status.get(), [connection])
  const unsent = 'unsent' in status ? status.unsent : 0
  const label =
    status.state === 'connected'
      ? t('sync.connected')
      : status.state === 'connecting'
        ? t('sync.connecting')
        : status.state === 'reconnecting'
          ? t('sync.reconnecting')
          : t('sync.offline')
  return (
    <div className={`sync-status sync-status--${status.state}`} role="status" aria-live="polite" data-testid="sync-status" data-state={status.state}>
      <span className="sync-status__dot" aria-hidden="true" />
      <span>{label}</span>
      {unsent > 0 && (
        <span className="sync-status__unsent" data-testid="sync-unsent">
          {' · '}
          {t(pluralKey(locale, 'sync.unsent', unsent), { count: unsent })}
        </span>
      )}
      {status.state !== 'connected' && status.state !== 'connecting' && (
        <span className="visually-hidden">{t('sync.savedLocally')}</span>
      )}
    </div>
  )
}
