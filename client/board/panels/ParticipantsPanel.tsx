import type { PresentParticipant } from '../../../shared/model/participant'
import type { Whereabouts } from '../../../shared/model/participant'
import { countByWhereabouts } from '../../../shared/model/participant'
import { useI18n } from '../../i18n/I18nProvider'
import { pluralKey } from '../../i18n/plural'
import { Panel } from '../../ui/Panel'
import { WhereaboutsMark } from '../../ui/WhereaboutsMark'

/** "12 on site · 7 remote": the line the participants button, panel and stage view share. */
export function useParticipantCounts(people: readonly PresentParticipant[]): string {
  const { t, locale } = useI18n()
  const counts = countByWhereabouts(people)
  return t('participants.counts', {
    onsite: t(pluralKey(locale, 'participants.onsite', counts.onsite), { count: counts.onsite }),
    remote: t(pluralKey(locale, 'participants.remote', counts.remote), { count: counts.remote }),
  })
}

/** Everyone present now, on site and remote side by side, each with their city. */
export function ParticipantsPanel({ people, selfId, onClose }: { people: PresentParticipant[]; selfId: string; onClose(): void }) {
  const { t } = useI18n()
  const counts = useParticipantCounts(people)
  const group = (whereabouts: Whereabouts) => {
    const members = people.filter((p) => p.whereabouts === whereabouts)
    const headingId = `participants-${whereabouts}`
    return (
      <section aria-labelledby={headingId} className="gb-people__group">
        <h3 id={headingId}>
          <WhereaboutsMark whereabouts={whereabouts} /> {t(`whereabouts.${whereabouts}.group`)}
        </h3>
        {members.length === 0 ? (
          <p className="gb-muted">{t('participants.none')}</p>
        ) : (
          <ul>
            {members.map((person) => (
              <li key={person.userId} data-testid="participant">
                <span className="gb-people__name">
                  {person.name || t('participants.unnamed')}
                  {person.userId === selfId && <> {t('participants.you')}</>}
                </span>
                {person.city && <span className="gb-people__city">{person.city}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
    )
  }
  return (
    <Panel
      className="gb-panel--popover"
      headingId="participants-heading"
      heading={t('participants.heading')}
      testId="participants-panel"
      onClose={onClose}
    >
      <p className="gb-people__counts" data-testid="participant-counts" aria-live="polite">
        {counts}
      </p>
      {group('onsite')}
      {group('remote')}
    </Panel>
  )
}
