import type { OutlineCard, OutlineItem } from '../../shared/model/outline'
import { dotCardBlock } from '../../shared/rules/write-rules'
import { useI18n } from '../i18n/I18nProvider'
import { pluralKey } from '../i18n/plural'
import type { DotActions } from '../question-map/use-dot-actions'
import type { RoundView } from '../question-map/use-round'
import { CardByline } from '../ui/CardByline'
import type { BoardCards } from './use-board-cards'

interface Voting {
  view: RoundView | null
  actions: DotActions
}

/**
 * Every card of the board as a list to read, section by section as the board reads (whoever wrote
 * them), each with its author line and photo; while a round is open, the cards it is about take
 * this device's dots and give them back. Counts show only as the board shows them: not while the
 * round hides them until the reveal.
 */
export function BoardCardList({ cards, sectionNames, voting }: { cards: BoardCards; sectionNames: Map<string, string>; voting: Voting }) {
  const { t } = useI18n()
  return (
    <section className="capture__panel" aria-labelledby="capture-cards">
      <h2 id="capture-cards">{t('capture.cards')}</h2>
      {voting.view?.round.state === 'open' && <RoundNote view={voting.view} sectionNames={sectionNames} />}
      {cards.sections.length === 0 && <p className="gb-muted">{t('capture.cards.noSections')}</p>}
      {cards.sections.map((section) => (
        <section key={section.id} className="capture__section" aria-labelledby={`capture-section-${section.id}`} data-testid="capture-section">
          <h3 id={`capture-section-${section.id}`}>{sectionNames.get(section.id) ?? section.name}</h3>
          <Items items={section.items} sectionId={section.id} photos={cards.photos} voting={voting} />
        </section>
      ))}
      {cards.elsewhere.length > 0 && (
        <section className="capture__section" aria-labelledby="capture-section-elsewhere">
          <h3 id="capture-section-elsewhere">{t('capture.cards.elsewhere')}</h3>
          <Items items={cards.elsewhere} sectionId={null} photos={cards.photos} voting={voting} />
        </section>
      )}
    </section>
  )
}

/** Which sections' cards take dots in the open round, and whether their counts wait for the reveal. */
function RoundNote({ view, sectionNames }: { view: RoundView; sectionNames: Map<string, string> }) {
  const { t } = useI18n()
  const sections = view.round.sections.flatMap((id) => sectionNames.get(id) ?? [])
  return (
    <p className="capture__round-note" data-testid="round-note">
      {sections.length > 0 && t('capture.round.sections', { sections: sections.join(', ') })}
      {view.round.hidden && <> {t('vote.hidden')}</>}
    </p>
  )
}

function Items({ items, sectionId, photos, voting }: { items: OutlineItem[]; sectionId: string | null; photos: Record<string, string>; voting: Voting }) {
  const { t } = useI18n()
  if (items.length === 0) return <p className="gb-muted">{t('capture.cards.none')}</p>
  const inRound = voting.view !== null && dotCardBlock(voting.view.round, sectionId) === null
  const card = (item: OutlineCard) => <Card key={item.id} card={item} photo={photos[item.id] ?? null} voting={inRound ? voting : null} />
  return (
    <ul className="capture__cards">
      {items.map((item) =>
        item.type === 'card' ? (
          card(item.card)
        ) : (
          <li key={item.cluster.id} className="capture__cluster">
            <p className="capture__cluster-label">{item.cluster.label}</p>
            <ul className="capture__cards">{item.cluster.cards.map(card)}</ul>
          </li>
        ),
      )}
    </ul>
  )
}

function Card({ card, photo, voting }: { card: OutlineCard; photo: string | null; voting: Voting | null }) {
  const { t } = useI18n()
  const textId = `capture-card-${card.id}`
  return (
    <li className="capture__card" data-testid="board-card" data-card={card.id}>
      {photo && <img className="capture__card-photo" src={photo} alt={card.text || t('capture.card.photo')} loading="lazy" />}
      {card.text && (
        <p className="capture__card-text" id={textId}>
          {card.text}
        </p>
      )}
      <CardByline card={card} commitment={card.kind === 'commitment'} />
      {voting?.view && <CardDots cardId={card.id} textId={card.text ? textId : undefined} view={voting.view} actions={voting.actions} />}
    </li>
  )
}

function CardDots({ cardId, textId, view, actions }: { cardId: string; textId: string | undefined; view: RoundView; actions: DotActions }) {
  const { t, locale } = useI18n()
  const mine = view.mine.filter((id) => id === cardId).length
  const left = view.round.dots - view.mine.length
  const count = view.counts[cardId] ?? 0
  return (
    <div className="capture__dots" data-testid="card-dots">
      {view.countsVisible && (
        <span className="capture__dot-count" data-testid="vote-count">
          {t(pluralKey(locale, 'vote.count', count), { count })}
        </span>
      )}
      {mine > 0 && <span data-testid="vote-mine">{t(pluralKey(locale, 'vote.mine', mine), { count: mine })}</span>}
      {actions.open && (
        <span className="capture__dot-buttons">
          <button type="button" className="button" disabled={left <= 0} aria-describedby={textId} onClick={() => actions.add(cardId)} data-testid="vote-add">
            {t('vote.add')}
          </button>
          {mine > 0 && (
            <button type="button" className="button button--quiet" aria-describedby={textId} onClick={() => actions.remove(cardId)} data-testid="vote-remove">
              {t('vote.remove')}
            </button>
          )}
        </span>
      )}
    </div>
  )
}
