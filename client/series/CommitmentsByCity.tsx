import { useState } from 'react'
import { groupByCity } from '../../shared/series/cities'
import type { CommitmentView } from '../../shared/series/series-view'
import { useI18n } from '../i18n/I18nProvider'
import { pluralKey } from '../i18n/plural'
import { makeOwnerLink } from '../session/series-api'
import { CopyableLink } from '../ui/CopyableLink'
import { formatDay } from '../ui/format-day'
import { QrCode } from '../ui/QrCode'
import { StatusHistory } from '../ui/StatusHistory'

/**
 * Every commitment across the meetings, by city, with its status and dated history. For the
 * manage link: which are due or overdue, and an owner link (QR code and address) for each.
 */
export function CommitmentsByCity({ seriesId, token, commitments, manage }: { seriesId: string; token: string | null; commitments: readonly CommitmentView[]; manage: boolean }) {
  const { t, locale } = useI18n()
  const [ownerLinks, setOwnerLinks] = useState<Record<string, string>>({})
  const [failure, setFailure] = useState<string | null>(null)
  const makeLink = async (id: string) => {
    try {
      const { url } = await makeOwnerLink(seriesId, token, id)
      setOwnerLinks((links) => ({ ...links, [id]: url }))
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error))
    }
  }
  const due = commitments.filter((commitment) => commitment.dueState !== null)
  return (
    <section aria-labelledby="gb-series-commitments" data-testid="series-commitments">
      <h2 id="gb-series-commitments">{t('series.commitments')}</h2>
      {manage && due.length > 0 && (
        <p className="gb-series__due" data-testid="series-due">
          {t(pluralKey(locale, 'series.dueSummary', due.length), { count: due.length })}
        </p>
      )}
      {failure && <p role="alert">{failure}</p>}
      {commitments.length === 0 && <p>{t('series.noCommitments')}</p>}
      {groupByCity(commitments, (commitment) => commitment.city).map(({ city, items }) => (
        <div key={city} className="gb-series__city">
          <h3>{city || t('series.noCity')}</h3>
          <ul className="gb-series__list">
            {items.map((commitment) => {
              const link = ownerLinks[commitment.id] ?? commitment.ownerLink
              return (
                <li key={commitment.id} data-testid="series-commitment">
                  <p className="gb-series__text">{commitment.what}</p>
                  <p className="gb-series__meta">
                    {[commitment.owner, commitment.due ? t('series.due', { date: formatDay(commitment.due, locale) }) : '', commitment.meeting]
                      .filter(Boolean)
                      .join(' · ')}
                    {' · '}
                    <strong>{t(`commitment.status.${commitment.status}`)}</strong>
                    {commitment.dueState && <span className={`gb-series__badge gb-series__badge--${commitment.dueState}`}> {t(`series.state.${commitment.dueState}`)}</span>}
                  </p>
                  <StatusHistory history={commitment.history} />
                  {manage && !link && (
                    <button type="button" className="button button--small button--quiet" onClick={() => void makeLink(commitment.id)}>
                      {t('series.makeOwnerLink')}
                    </button>
                  )}
                  {manage && link && (
                    <div className="gb-series__owner-link">
                      <QrCode text={link} label={t('series.ownerQr', { what: commitment.what })} className="gb-series__qr" />
                      <CopyableLink url={link} label={t('series.ownerLink', { what: commitment.what })} testId="owner-link" />
                    </div>
                  )}
                </li>
              )
            })}
          </ul>
        </div>
      ))}
    </section>
  )
}
