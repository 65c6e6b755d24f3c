/**
 * Raised hands and quick reactions: presence (awareness fields next to the profile), never
 * document content, so they vanish with the person and leave nothing in the record.
 *
 * - `hand`: `{ raisedAt }` in server time, so everyone orders the queue the same way whatever the
 *   clocks of the devices say; null when lowered.
 * - `reaction`: `{ emoji, at, id }`; every new `id` floats once on every screen.
 */
import type { Awareness } from 'y-protocols/awareness'
import type { AwarenessProfile } from '../../shared/model/participant'
import type { AwarenessStates } from './use-yjs-value'
import { AWARENESS_FIELDS } from '../../shared/model/awareness'

/** The fixed set of quick reactions. */
export const REACTIONS = ['👍', '👏', '❤️', '😂', '🤔', '🎉'] as const
export type Reaction = (typeof REACTIONS)[number]

/** How long a reaction floats, in milliseconds. */
export const REACTION_MS = 3500

export interface RaisedHand {
  userId: string
  name: string
  city: string
  raisedAt: number
}

export interface ReactionEvent {
  id: string
  emoji: Reaction
  name: string
  /** Server time it was sent. */
  at: number
}

function profileOf(state: Record<string, unknown> | undefined): AwarenessProfile | null {
  const profile = state?.[AWARENESS_FIELDS.profile] as AwarenessProfile | undefined
  return profile && typeof profile.userId === 'string' && typeof profile.name === 'string' ? profile : null
}

export function setHandRaised(awareness: Awareness, raised: boolean, serverTime: number): void {
  awareness.setLocalStateField(AWARENESS_FIELDS.hand, raised ? { raisedAt: serverTime } : null)
}

export function isHandRaised(awareness: Awareness): boolean {
  return Boolean(awareness.getLocalState()?.[AWARENESS_FIELDS.hand])
}

export function sendReaction(awareness: Awareness, emoji: Reaction, serverTime: number): void {
  const id = `${awareness.clientID}-${serverTime}`
  awareness.setLocalStateField(AWARENESS_FIELDS.reaction, { emoji, at: serverTime, id })
}

/** Everyone with a raised hand, first raised first; one entry per person however many tabs. */
export function handQueue(states: AwarenessStates): RaisedHand[] {
  const byUser = new Map<string, RaisedHand>()
  for (const state of states.values()) {
    const hand = state[AWARENESS_FIELDS.hand] as { raisedAt?: unknown } | null | undefined
    const profile = profileOf(state)
    if (!profile || typeof hand?.raisedAt !== 'number') continue
    const known = byUser.get(profile.userId)
    if (!known || hand.raisedAt < known.raisedAt) {
      byUser.set(profile.userId, { userId: profile.userId, name: profile.name, city: profile.city, raisedAt: hand.raisedAt })
    }
  }
  return [...byUser.values()].sort((a, b) => a.raisedAt - b.raisedAt || a.userId.localeCompare(b.userId))
}

/** The reactions sent less than `REACTION_MS` before `serverTime`. */
export function liveReactions(states: AwarenessStates, serverTime: number): ReactionEvent[] {
  const out: ReactionEvent[] = []
  for (const state of states.values()) {
    const reaction = state[AWARENESS_FIELDS.reaction] as Partial<ReactionEvent> | null | undefined
    if (!reaction || typeof reaction.id !== 'string' || typeof reaction.at !== 'number') continue
    if (!(REACTIONS as readonly string[]).includes(reaction.emoji ?? '')) continue
    if (serverTime - reaction.at > REACTION_MS) continue
    out.push({ id: reaction.id, emoji: reaction.emoji!, at: reaction.at, name: profileOf(state)?.name ?? '' })
  }
  return out.sort((a, b) => a.at - b.at)
}
