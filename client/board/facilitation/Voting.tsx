import { useEditor, useValue, type Editor, type TLShapeId } from 'tldraw'
import { CARD_SHAPE_TYPE } from '../../../shared/model/card'
import type { OutlineItem, OutlineSection } from '../../../shared/model/outline'
import { dismissRound, revealRound } from '../../../shared/model/voting'
import { dotCardBlock } from '../../../shared/rules/write-rules'
import { useI18n } from '../../i18n/I18nProvider'
import { pluralKey } from '../../i18n/plural'
import { useBoard } from '../context/board-context'
import { useBoardAccess } from '../../session/board-access'
import { sectionIdAt } from '../queries/section-of-shape'
import { serverNow } from '../../session/server-clock'
import { useRound, type RoundView } from '../../question-map/use-round'
import { useDotActions } from '../../question-map/use-dot-actions'

/** The round the board shows, as this device sees it (its own dots, counts when visible). */
export function useBoardRound(): RoundView | null {
  const { boardId, doc } = useBoard()
  return useRound(doc, useBoardAccess(boardId)?.voterId ?? null)
}

function useVoterId(): string | null {
  return useBoardAccess(useBoard().boardId)?.voterId ?? null
}

/** Whether a card takes part in the round (it sits in one of its sections now). */
function inRound(editor: Editor, view: RoundView, cardId: string): boolean {
  const shape = editor.getShape(cardId as TLShapeId)
  if (!shape || shape.type !== CARD_SHAPE_TYPE) return false
  return dotCardBlock(view.round, sectionIdAt(editor, shape)) === null
}

/** Dot buttons and counts of one card; the outline renders one per card (keyboard voting). */
export function VoteControls({ editor, cardId }: { editor: Editor; cardId: string }) {
  const { t, locale } = useI18n()
  const { doc } = useBoard()
  const view = useBoardRound()
  const actions = useDotActions(doc, view, useVoterId())
  const eligible = useValue('card in round', () => (view ? inRound(editor, view, cardId) : false), [editor, view, cardId])
  if (!view || !eligible) return null
  const mine = view.mine.filter((id) => id === cardId).length
  return (
    <span className="gb-vote" data-testid="vote-controls">
      {view.countsVisible && (
        <span className="gb-vote__count" data-testid="vote-count">
          {t(pluralKey(locale, 'vote.count', view.counts[cardId] ?? 0), { count: view.counts[cardId] ?? 0 })}
        </span>
      )}
      {mine > 0 && <span className="gb-vote__mine">{t(pluralKey(locale, 'vote.mine', mine), { count: mine })}</span>}
      {actions.open && (
        <>
          <button type="button" className="button button--small" onClick={() => actions.add(cardId)} data-testid="vote-add">
            {t('vote.add')}
          </button>
          {mine > 0 && (
            <button type="button" className="button button--quiet button--small" onClick={() => actions.remove(cardId)}>
              {t('vote.remove')}
            </button>
          )}
        </>
      )}
      {actions.noneLeft && <span role="alert">{t('vote.noneLeft')}</span>}
    </span>
  )
}

/** On the canvas: every card of the round gets its dots, and (`interactive`) buttons while the round is open. */
export function CardVoteBadges({ interactive }: { interactive: boolean }) {
  const { doc } = useBoard()
  const view = useBoardRound()
  const actions = useDotActions(doc, view, useVoterId())
  const { t } = useI18n()
  // This layer sits in front of tldraw's canvas, inside its context.
  const editor = useEditor()
  const cards = useValue(
    'cards in round',
    () => {
      if (!view) return []
      return editor
        .getCurrentPageShapes()
        .filter((shape) => inRound(editor, view, shape.id))
        .map((shape) => {
          const bounds = editor.getShapePageBounds(shape.id)!
          const corner = editor.pageToViewport({ x: bounds.maxX, y: bounds.minY })
          return { id: shape.id as string, x: corner.x, y: corner.y }
        })
    },
    [editor, view],
  )
  if (!view) return null
  return (
    <div className="gb-card-votes">
      {cards.map((card) => {
        // A view that only watches shows everyone's counts, not one device's dots.
        const mine = interactive ? view.mine.filter((id) => id === card.id).length : 0
        if (!interactive && !view.countsVisible) return null
        return (
          <div key={card.id} className="gb-card-votes__badge" style={{ left: card.x, top: card.y }} data-card={card.id}>
            {view.countsVisible && <span className="gb-card-votes__count">{view.counts[card.id] ?? 0}</span>}
            {Array.from({ length: mine }, (_, i) => (
              <span key={i} className="gb-card-votes__dot" aria-hidden="true" />
            ))}
            {interactive && actions.open && (
              <>
                <button type="button" aria-label={t('vote.add')} onClick={() => actions.add(card.id)} onPointerDown={stop}>
                  +
                </button>
                {mine > 0 && (
                  <button type="button" aria-label={t('vote.remove')} onClick={() => actions.remove(card.id)} onPointerDown={stop}>
                    −
                  </button>
                )}
              </>
            )}
          </div>
        )
      })}
    </div>
  )
}

/** Clicks on the badges must not reach the canvas (they would select or drag the card). */
const stop = (event: React.PointerEvent) => event.stopPropagation()

/** The round's status for everyone, with the facilitator's reveal and end. */
export function VotingBar({ facilitator }: { facilitator: boolean }) {
  const { t, locale } = useI18n()
  const { doc } = useBoard()
  const view = useBoardRound()
  const voterId = useVoterId()
  if (!view) return null
  const { round } = view
  const left = round.dots - view.mine.length
  return (
    <div className="gb-voting-bar" role="status" data-testid="voting-bar" data-state={round.state}>
      <strong>{t(`vote.state.${round.state}`)}</strong>
      {round.state === 'open' && voterId && (
        <span data-testid="dots-left">{t(pluralKey(locale, 'vote.left', left), { count: left, total: round.dots })}</span>
      )}
      {round.state === 'open' && round.hidden && <span className="gb-muted">{t('vote.hidden')}</span>}
      {facilitator && round.state !== 'revealed' && (
        <button type="button" className="button button--small" onClick={() => revealRound(doc, round.id, serverNow())} data-testid="vote-reveal">
          {t('vote.reveal')}
        </button>
      )}
      {facilitator && (
        <button type="button" className="button button--quiet button--small" onClick={() => dismissRound(doc)}>
          {t('vote.dismiss')}
        </button>
      )}
    </div>
  )
}

/**
 * The outline ranked by the revealed round: in the round's sections, cards (and clusters, by their
 * cards' total) with more dots first, equal ones in reading order.
 */
export function useRankedOutline(sections: OutlineSection[]): OutlineSection[] {
  const view = useBoardRound()
  if (!view || view.round.state !== 'revealed') return sections
  const votesOf = (item: OutlineItem) =>
    item.type === 'card'
      ? (view.counts[item.card.id] ?? 0)
      : item.cluster.cards.reduce((sum, card) => sum + (view.counts[card.id] ?? 0), 0)
  const rank = <T,>(items: T[], score: (item: T) => number) =>
    items
      .map((item, position) => ({ item, position, score: score(item) }))
      .sort((a, b) => b.score - a.score || a.position - b.position)
      .map(({ item }) => item)
  return sections.map((section) =>
    view.round.sections.includes(section.id)
      ? {
          ...section,
          items: rank(section.items, votesOf).map((item) =>
            item.type === 'cluster'
              ? { ...item, cluster: { ...item.cluster, cards: rank(item.cluster.cards, (card) => view.counts[card.id] ?? 0) } }
              : item,
          ),
        }
      : section,
  )
}
