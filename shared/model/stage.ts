/**
 * What the facilitator steers for everyone: `doc.getMap('stage')`, written by the facilitator only
 * (the server refuses anyone else), so nobody else can restyle the projector or pull everyone's
 * viewport.
 *
 * - `theme`, `largeType`: how the projected stage looks ("daylight": high contrast for screens
 *   used outdoors), switched from the facilitator's laptop.
 * - `leader`: the facilitator session the stage follows (the last one that opened the board).
 * - `follow`: "follow me": everyone's viewport follows the leader's until they step out.
 * - `summon`: "bring everyone here": each new `at` moves everyone's viewport to the leader's once.
 *
 * The leader's viewport itself travels as presence (awareness): only who leads is stored, as the
 * tldraw user id (`presence.userId`, what tldraw's own following goes by) and the awareness client
 * id of the session (one person may have several tabs open).
 */
import type * as Y from 'yjs'

export const STAGE_MAP = 'stage'

export type StageTheme = 'standard' | 'daylight'

export interface Leader {
  userId: string
  clientId: number
}

export interface FollowRequest extends Leader {
  /** Each new request has a new `since`, so people who stepped out of the last one follow again. */
  since: number
}

export interface Summon extends Leader {
  at: number
}

export interface StageSettings {
  theme: StageTheme
  largeType: boolean
  leader: Leader | null
  follow: FollowRequest | null
  summon: Summon | null
}

function stageMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(STAGE_MAP)
}

function isLeader(value: unknown, timeKey?: 'since' | 'at'): boolean {
  if (typeof value !== 'object' || value === null) return false
  const fields = value as Record<string, unknown>
  return (
    typeof fields.userId === 'string' &&
    typeof fields.clientId === 'number' &&
    (timeKey === undefined || typeof fields[timeKey] === 'number')
  )
}

export function readStage(doc: Y.Doc): StageSettings {
  const map = stageMap(doc)
  const leader = map.get('leader')
  const follow = map.get('follow')
  const summon = map.get('summon')
  return {
    theme: map.get('theme') === 'daylight' ? 'daylight' : 'standard',
    largeType: map.get('largeType') === true,
    leader: isLeader(leader) ? (leader as Leader) : null,
    follow: isLeader(follow, 'since') ? (follow as FollowRequest) : null,
    summon: isLeader(summon, 'at') ? (summon as Summon) : null,
  }
}

/** Writes the given settings in one transaction. */
export function writeStage(doc: Y.Doc, changes: Partial<StageSettings>, origin?: unknown): void {
  doc.transact(() => {
    for (const [key, value] of Object.entries(changes)) stageMap(doc).set(key, value)
  }, origin)
}
