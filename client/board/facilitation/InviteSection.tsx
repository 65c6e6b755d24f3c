import type { BoardAccessInfo, BoardLinks, LinkRole } from '../../../shared/model/roles'
import { useI18n } from '../../i18n/I18nProvider'
import { CopyableLink } from '../../ui/CopyableLink'
import { QrCode } from '../../ui/QrCode'
import { typedAddress } from '../../ui/typed-address'
import { LinkRows } from './LinkRows'

/** The links the facilitator hands out to the others (their own is at the end of the panel). */
const INVITED: readonly LinkRole[] = ['participant', 'viewer', 'stage']

/**
 * The top of the facilitator's panel, since a meeting starts with it: the join QR code and short
 * address for phones on site, then the participant, viewer and stage links, each to copy.
 */
export function InviteSection({ boardId, access, links }: { boardId: string; access: BoardAccessInfo; links: BoardLinks }) {
  const { t } = useI18n()
  return (
    <section className="gb-facilitate__section gb-invite" aria-labelledby="gb-invite-heading" data-testid="invite">
      <h3 id="gb-invite-heading">{t('invite.heading')}</h3>
      <div className="gb-invite__phones">
        <QrCode className="gb-invite__qr" text={links.join} label={t('joinCode.qrLabel', { url: links.join })} />
        <span className="gb-invite__label">{t('invite.phones')}</span>
      </div>
      {access.joinCode && (
        <div className="gb-invite__address">
          <CopyableLink url={access.joinCode.url} shown={typedAddress(access.joinCode.url)} label={t('invite.address')} testId="invite-address" />
        </div>
      )}
      <LinkRows boardId={boardId} links={links} roles={INVITED} />
      <p className="gb-muted">{t('links.hint')}</p>
    </section>
  )
}
