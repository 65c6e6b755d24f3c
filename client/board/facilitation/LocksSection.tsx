import type * as Y from 'yjs'
import { BOARD_LOCK, setLock, type Locks } from '../../../shared/model/locks'
import type { Section } from '../../../shared/model/sections'
import { useI18n } from '../../i18n/I18nProvider'
import { sectionName } from '../../question-map/section-names'

/** Locking the whole board or single sections against participants' changes. */
export function LocksSection({ doc, locks, sections, by }: { doc: Y.Doc; locks: Locks; sections: Section[]; by: string }) {
  const { t } = useI18n()
  const toggle = (target: string, locked: boolean) => setLock(doc, target, locked ? { by, at: Date.now() } : null)
  return (
    <section className="gb-facilitate__section" aria-labelledby="gb-locks-heading">
      <h3 id="gb-locks-heading">{t('lock.heading')}</h3>
      <label className="choice">
        <input type="checkbox" checked={locks.board !== null} onChange={(e) => toggle(BOARD_LOCK, e.target.checked)} data-testid="lock-board" />
        {t('lock.board')}
      </label>
      {sections.map((section) => (
        <label key={section.id} className="choice">
          <input type="checkbox" checked={locks.sections.has(section.id)} onChange={(e) => toggle(section.id, e.target.checked)} data-testid="lock-section" />
          {t('lock.section', { section: sectionName(section, t) })}
        </label>
      ))}
    </section>
  )
}
