import { useState } from 'react'
import type * as Y from 'yjs'
import type { Section } from '../../../shared/model/sections'
import { MAX_DOTS, startRound } from '../../../shared/model/voting'
import { useI18n } from '../../i18n/I18nProvider'
import { pluralKey } from '../../i18n/plural'
import { randomId } from '../../question-map/random-id'
import { sectionName } from '../../question-map/section-names'
import { usePresentParticipants } from '../../sync/use-participants'
import { useBoard } from '../context/board-context'
import { serverNow } from '../../session/server-clock'
import { useRoundVoters } from './use-board-state'

/**
 * Setting up a dot-voting round: which sections, how many dots each device gets, counts hidden
 * until the reveal. It says plainly that dots are counted per device (shared/rules/write-rules.ts:
 * without accounts nothing can tell that two browsers are one person), and, while a round is on
 * the board, how many devices have voted next to how many people are present, so that more votes
 * than people shows.
 */
export function VotingSection({ doc, sections }: { doc: Y.Doc; sections: Section[] }) {
  const { t } = useI18n()
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(sections.filter((s) => s.kind === 'questions').map((s) => s.id)))
  const [dots, setDots] = useState(3)
  const [hidden, setHidden] = useState(true)
  const toggle = (id: string) => {
    const next = new Set(chosen)
    if (!next.delete(id)) next.add(id)
    setChosen(next)
  }
  return (
    <section className="gb-facilitate__section" aria-labelledby="gb-voting-heading">
      <h3 id="gb-voting-heading">{t('vote.heading')}</h3>
      <p className="gb-muted gb-vote-note" id="gb-vote-per-device" data-testid="vote-per-device">
        {t('vote.perDevice')}
      </p>
      <RoundTurnout doc={doc} />
      <fieldset className="gb-facilitate__choices">
        <legend>{t('vote.sections')}</legend>
        {sections.map((section) => (
          <label key={section.id} className="choice">
            <input type="checkbox" checked={chosen.has(section.id)} onChange={() => toggle(section.id)} data-testid="vote-section" />
            {sectionName(section, t)}
          </label>
        ))}
      </fieldset>
      <div className="gb-facilitate__row">
        <label className="field field--inline">
          <span>{t('vote.dots')}</span>
          <input
            type="number"
            min={1}
            max={MAX_DOTS}
            value={dots}
            aria-describedby="gb-vote-per-device"
            onChange={(e) => setDots(Math.min(MAX_DOTS, Math.max(1, Number(e.target.value) || 1)))}
            data-testid="vote-dots"
          />
        </label>
        <label className="choice">
          <input type="checkbox" checked={hidden} onChange={(e) => setHidden(e.target.checked)} />
          {t('vote.hideCounts')}
        </label>
      </div>
      <button
        type="button"
        className="button button--small"
        disabled={chosen.size === 0}
        onClick={() => startRound(doc, { id: randomId(), sections: [...chosen], dots, hidden }, serverNow())}
        data-testid="vote-start"
      >
        {t('vote.start')}
      </button>
    </section>
  )
}

/** "2 devices have voted · 3 people present" for the round on the board, and a warning when devices outnumber people. */
function RoundTurnout({ doc }: { doc: Y.Doc }) {
  const { t, locale } = useI18n()
  const shown = useRoundVoters(doc)
  const present = usePresentParticipants(useBoard().awareness).length
  if (!shown) return null
  const { voters } = shown
  return (
    <>
      <p className="gb-vote-turnout" data-testid="vote-turnout">
        {t('vote.turnout', {
          voted: t(pluralKey(locale, 'vote.devicesVoted', voters), { count: voters }),
          present: t(pluralKey(locale, 'vote.present', present), { count: present }),
        })}
      </p>
      {voters > present && (
        <p className="gb-vote-mismatch" role="status" data-testid="vote-mismatch">
          {t('vote.moreDevicesThanPeople')}
        </p>
      )}
    </>
  )
}
