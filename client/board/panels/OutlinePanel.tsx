import { useState } from 'react'
import type { Editor, TLShapeId } from 'tldraw'
import type { OutlineCard, OutlineItem, OutlineSection } from '../../../shared/model/outline'
import type { ParticipantProfile } from '../../../shared/model/participant'
import { useI18n } from '../../i18n/I18nProvider'
import { pluralKey } from '../../i18n/plural'
import { CardByline } from '../../ui/CardByline'
import { isCommitment } from '../../../shared/model/card-layout'
import { CardComposer } from '../../ui/CardComposer'
import { Panel } from '../../ui/Panel'
import { showSelectionInFreeArea } from '../tldraw/zoom-in-free-area'
import { sectionName } from '../../question-map/section-names'
import { useBoardUi } from '../context/board-ui'
import { useOutline } from '../queries/use-outline'
import { useRankedOutline, VoteControls } from '../facilitation/Voting'

/**
 * The whole map as text, section by section in reading order, with a form to add a card to each
 * section: everything the canvas offers for reading and adding, usable with keyboard and screen
 * reader alone.
 */
export function OutlinePanel({
  editor,
  author,
  onAddCard,
  onClose,
}: {
  editor: Editor
  author: ParticipantProfile
  /** Adds the card; returns why it was not added, or null. */
  onAddCard(sectionId: string, card: { text: string; anonymous: boolean }): string | null
  onClose(): void
}) {
  const { t, locale } = useI18n()
  const outline = useOutline(editor)
  const sections = useRankedOutline(outline.sections)
  const [announcement, setAnnouncement] = useState('')
  const total = outline.sections.reduce((sum, section) => sum + section.cardCount, 0) + outline.elsewhere.length

  return (
    <Panel className="gb-panel--left gb-outline" headingId="outline-heading" heading={t('outline.heading')} testId="outline" onClose={onClose} reserve="left">
      <p className="gb-muted">{t(pluralKey(locale, 'outline.total', total), { count: total })}</p>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {sections.length === 0 && <p>{t('outline.noSections')}</p>}
      {sections.map((section) => (
        <OutlineSectionView
          key={section.id}
          section={section}
          editor={editor}
          author={author}
          onAddCard={(card) => {
            const refusal = onAddCard(section.id, card)
            if (refusal === null) setAnnouncement(t('outline.added', { section: sectionName(section, t) }))
            return refusal
          }}
        />
      ))}
      {outline.elsewhere.length > 0 && (
        <section aria-labelledby="outline-elsewhere">
          <h3 id="outline-elsewhere">{t('outline.elsewhere')}</h3>
          <OutlineItems items={outline.elsewhere} editor={editor} sectionKind={null} />
        </section>
      )}
    </Panel>
  )
}

function OutlineSectionView({
  section,
  editor,
  author,
  onAddCard,
}: {
  section: OutlineSection
  editor: Editor
  author: ParticipantProfile
  onAddCard(card: { text: string; anonymous: boolean }): string | null
}) {
  const { t, locale } = useI18n()
  const [adding, setAdding] = useState(false)
  const name = sectionName(section, t)
  const headingId = `outline-${section.id}`
  return (
    <section className="gb-outline__section" aria-labelledby={headingId} data-testid="outline-section" data-section={section.kind}>
      <h3 id={headingId}>
        {name} <span className="gb-muted">({t(pluralKey(locale, 'outline.cards', section.cardCount), { count: section.cardCount })})</span>
      </h3>
      {section.items.length === 0 ? <p className="gb-muted">{t('outline.emptySection')}</p> : <OutlineItems items={section.items} editor={editor} sectionKind={section.kind} />}
      <button type="button" className="button button--quiet button--small" aria-expanded={adding} onClick={() => setAdding(!adding)}>
        {t('outline.addTo', { section: name })}
      </button>
      {adding && (
        <CardComposer
          sections={[{ id: section.id, name }]}
          sectionId={section.id}
          author={author}
          autoFocus
          onSubmit={({ text, anonymous }) => onAddCard({ text, anonymous })}
        />
      )}
    </section>
  )
}

function OutlineItems({ items, editor, sectionKind }: { items: OutlineItem[]; editor: Editor; sectionKind: string | null }) {
  const { t } = useI18n()
  return (
    <ul className="gb-outline__list">
      {items.map((item) =>
        item.type === 'card' ? (
          <OutlineCardView key={item.card.id} card={item.card} editor={editor} sectionKind={sectionKind} />
        ) : (
          <li key={item.cluster.id} className="gb-outline__cluster">
            <p className="gb-outline__cluster-label">{t('outline.cluster', { label: item.cluster.label || t('cluster.unnamed') })}</p>
            <ul className="gb-outline__list">
              {item.cluster.cards.map((card) => (
                <OutlineCardView key={card.id} card={card} editor={editor} sectionKind={sectionKind} />
              ))}
            </ul>
          </li>
        ),
      )}
    </ul>
  )
}

function OutlineCardView({ card, editor, sectionKind }: { card: OutlineCard; editor: Editor; sectionKind: string | null }) {
  const { t } = useI18n()
  const ui = useBoardUi()
  const commitment = isCommitment(card, sectionKind)
  return (
    <li className="gb-outline__card" data-testid="outline-card">
      <p className="gb-outline__text">{card.text || t('card.empty')}</p>
      <CardByline card={card} commitment={commitment} />
      <VoteControls editor={editor} cardId={card.id} />
      <div className="gb-outline__actions">
        <button
          type="button"
          className="button button--quiet button--small"
          onClick={() => {
            editor.select(card.id as TLShapeId)
            showSelectionInFreeArea(editor)
          }}
        >
          {t('outline.show')}
        </button>
        {commitment && (
          <button type="button" className="button button--quiet button--small" onClick={() => ui.setDialog({ type: 'commitment', cardId: card.id })}>
            {t('commitment.button')}
          </button>
        )}
      </div>
    </li>
  )
}
