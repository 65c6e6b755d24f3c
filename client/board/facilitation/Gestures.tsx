import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { useI18n } from '../../i18n/I18nProvider'
import { REACTIONS, REACTION_MS, handQueue, isHandRaised, liveReactions, sendReaction, setHandRaised, type ReactionEvent } from '../../sync/gestures'
import { serverNow } from '../../session/server-clock'
import { useYjsValue } from '../../sync/use-yjs-value'
import { Icon } from '../../ui/icons/Icon'
import { REACTION_ICONS } from '../../ui/icons/reaction-icons'


/** Raise or lower one's hand, and send a quick reaction. */
export function GestureButtons({ awareness }: { awareness: Awareness }) {
  const { t } = useI18n()
  const raised = useYjsValue(awareness, () => isHandRaised(awareness))
  const [picking, setPicking] = useState(false)
  return (
    <>
      <button
        type="button"
        className="gb-dock__button"
        aria-pressed={raised}
        onClick={() => setHandRaised(awareness, !raised, serverNow())}
        data-testid="raise-hand"
      >
        <Icon name="hand" /> {t(raised ? 'hand.lower' : 'hand.raise')}
      </button>
      <div className="gb-dock__group">
        <button type="button" className="gb-dock__button" aria-expanded={picking} onClick={() => setPicking(!picking)}>
          <Icon name="smile" /> {t('reaction.button')}
        </button>
        {picking && (
          <div className="gb-reaction-picker" role="group" aria-label={t('reaction.button')}>
            {REACTIONS.map((emoji) => (
              <button
                key={emoji}
                type="button"
                className="gb-reaction-picker__emoji"
                aria-label={t('reaction.send', { reaction: t(`reaction.${REACTION_ICONS[emoji]}`) })}
                onClick={() => {
                  sendReaction(awareness, emoji, serverNow())
                  setPicking(false)
                }}
              >
                <Icon name={REACTION_ICONS[emoji]} />
              </button>
            ))}
          </div>
        )}
      </div>
    </>
  )
}

/** The raised hands in the order they went up. */
export function HandQueue({ awareness, className = '' }: { awareness: Awareness; className?: string }) {
  const { t } = useI18n()
  const hands = useYjsValue(awareness, handQueue)
  if (hands.length === 0) return null
  return (
    <section className={`gb-hands ${className}`} aria-labelledby="gb-hands-heading" data-testid="hand-queue">
      <h2 id="gb-hands-heading" className="gb-hands__heading">
        <Icon name="hand" /> {t('hand.queue')}
      </h2>
      <ol className="gb-hands__list">
        {hands.map((hand) => (
          <li key={hand.userId} data-testid="hand">
            {hand.name}
            {hand.city && <span className="gb-muted"> · {hand.city}</span>}
          </li>
        ))}
      </ol>
    </section>
  )
}

/** Reactions floating up over the view for a few seconds. */
export function ReactionOverlay({ awareness }: { awareness: Awareness }) {
  const [shown, setShown] = useState<ReactionEvent[]>([])
  useEffect(() => {
    const update = () => setShown(liveReactions(awareness.getStates() as Map<number, Record<string, unknown>>, serverNow()))
    update()
    awareness.on('change', update)
    const timer = setInterval(update, 500)
    return () => {
      awareness.off('change', update)
      clearInterval(timer)
    }
  }, [awareness])
  return (
    <div className="gb-reactions" aria-hidden="true">
      {shown.map((reaction) => (
        <span
          key={reaction.id}
          className="gb-reactions__item"
          style={{ left: `${10 + (hashOf(reaction.id) % 80)}%`, animationDuration: `${REACTION_MS}ms` }}
        >
          <Icon name={REACTION_ICONS[reaction.emoji]} className="gb-reactions__emoji" />
          {reaction.name && <span className="gb-reactions__name">{reaction.name}</span>}
        </span>
      ))}
    </div>
  )
}

/** A stable spread of positions across the screen, so simultaneous reactions do not stack. */
function hashOf(text: string): number {
  let hash = 0
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) >>> 0
  return hash
}
