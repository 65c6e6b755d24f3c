import { useState } from 'react'
import type * as Y from 'yjs'
import type { Section } from '../../../shared/model/sections'
import { MAX_DOTS, startRound } from '../../../shared/model/voting'
import { useI18n } from '../../i18n/I18nProvider'
import { randomId } from '../random-id'
import { sectionName } from '../section-names'
import { serverNow } from './server-clock'

/** Setting up a dot-voting round: which sections, how many dots each, counts hidden until the reveal. */
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
