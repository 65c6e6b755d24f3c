import { useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { useI18n } from '../i18n/I18nProvider'
import { serverNow } from '../session/server-clock'
import { REACTIONS, isHandRaised, sendReaction, setHandRaised } from '../sync/gestures'
import { useYjsValue } from '../sync/use-yjs-value'
import { Icon } from '../ui/icons/Icon'
import { REACTION_ICONS } from '../ui/icons/reaction-icons'

/**
 * Raising a hand and sending a quick reaction from the phone, through this session's presence
 * exactly as the board's buttons do (sync/gestures.ts): the facilitator's queue and the floating
 * reactions on every screen show them the same way.
 */
export function TakePart({ awareness }: { awareness: Awareness }) {
  const { t } = useI18n()
  const raised = useYjsValue(awareness, () => isHandRaised(awareness))
  const [told, setTold] = useState('')
  return (
    <section className="capture__panel capture__take-part" aria-labelledby="capture-take-part">
      <h2 id="capture-take-part">{t('capture.takePart')}</h2>
      <button
        type="button"
        className="button capture__hand"
        aria-pressed={raised}
        onClick={() => {
          setHandRaised(awareness, !raised, serverNow())
          setTold(t(raised ? 'capture.handLowered' : 'capture.handRaised'))
        }}
        data-testid="raise-hand"
      >
        <Icon name="hand" /> {t(raised ? 'hand.lower' : 'hand.raise')}
      </button>
      <div className="capture__reactions" role="group" aria-label={t('reaction.button')}>
        {REACTIONS.map((emoji) => {
          const name = t(`reaction.${REACTION_ICONS[emoji]}`)
          return (
            <button
              key={emoji}
              type="button"
              className="capture__reaction"
              aria-label={t('reaction.send', { reaction: name })}
              onClick={() => {
                sendReaction(awareness, emoji, serverNow())
                setTold(t('capture.reacted', { reaction: name }))
              }}
              data-testid="reaction"
            >
              <Icon name={REACTION_ICONS[emoji]} />
            </button>
          )
        })}
      </div>
      <p className="visually-hidden" role="status">
        {told}
      </p>
    </section>
  )
}
