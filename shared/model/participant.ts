import type * as Y from 'yjs'

/** Where a person takes part from. The heart of a hybrid meeting: both count the same. */
export type Whereabouts = 'onsite' | 'remote'

/** Roles by link (shared/model/roles.ts): what the link a person opened the board with lets them do. */
export type Role = 'facilitator' | 'participant' | 'viewer'

/** How a person presents themselves on a board; chosen when joining, remembered per device. */
export interface ParticipantProfile {
  name: string
  whereabouts: Whereabouts
  /** City or organisation: one of the meeting's list, or typed. */
  city: string
}

/**
 * Who took part, for the meeting record: `doc.getMap('participants')`, keyed by the person's stable
 * user id, value `ParticipantEntry`. Written by each person's own client when they join or change
 * their profile. Who is present *now* is awareness, not this map.
 */
export interface ParticipantEntry extends ParticipantProfile {
  role: Role
  /** First time this person joined the board (ms since epoch). */
  joinedAt: number
}

export const PARTICIPANTS_MAP = 'participants'

/** The awareness field that carries a person's profile next to tldraw's presence. */
export const PROFILE_AWARENESS_FIELD = 'profile'

export function participantsMap(doc: Y.Doc): Y.Map<ParticipantEntry> {
  return doc.getMap(PARTICIPANTS_MAP)
}

function isParticipantEntry(value: unknown): value is ParticipantEntry {
  if (!value || typeof value !== 'object') return false
  const entry = value as Record<string, unknown>
  return (
    typeof entry.name === 'string' &&
    (entry.whereabouts === 'onsite' || entry.whereabouts === 'remote') &&
    typeof entry.city === 'string' &&
    typeof entry.role === 'string' &&
    typeof entry.joinedAt === 'number'
  )
}

/** Everyone who took part, in the order they first joined. */
export function readParticipants(doc: Y.Doc): (ParticipantEntry & { userId: string })[] {
  const out: (ParticipantEntry & { userId: string })[] = []
  participantsMap(doc).forEach((value, userId) => {
    if (isParticipantEntry(value)) out.push({ ...value, userId })
  })
  return out.sort((a, b) => a.joinedAt - b.joinedAt || a.userId.localeCompare(b.userId))
}

/** Records (or updates) this person's entry, keeping their first join time. */
export function recordParticipant(doc: Y.Doc, userId: string, profile: ParticipantProfile, role: Role, now = Date.now()): void {
  const map = participantsMap(doc)
  const previous = map.get(userId)
  const joinedAt = isParticipantEntry(previous) ? previous.joinedAt : now
  const next: ParticipantEntry = { ...profile, role, joinedAt }
  if (previous && JSON.stringify(previous) === JSON.stringify(next)) return
  map.set(userId, next)
}

/**
 * What a session publishes in the awareness field 'profile': the profile plus the person's stable
 * user id, so several tabs or devices of one person count once.
 */
export interface AwarenessProfile extends ParticipantProfile {
  userId: string
}

/** Someone present now: one person, however many tabs or devices they have open. */
export interface PresentParticipant extends AwarenessProfile {
  /** Yjs client ids of this person's open sessions, lowest first. */
  clientIds: number[]
}

function isAwarenessProfile(value: unknown): value is AwarenessProfile {
  if (!value || typeof value !== 'object') return false
  const p = value as Record<string, unknown>
  return (
    typeof p.userId === 'string' &&
    typeof p.name === 'string' &&
    (p.whereabouts === 'onsite' || p.whereabouts === 'remote') &&
    typeof p.city === 'string'
  )
}

/**
 * Everyone present now, from the awareness states (client id -> state), sorted by name. A person
 * with several sessions appears once, with the profile of their session with the lowest client id,
 * so every peer shows the same.
 */
export function presentParticipants(states: ReadonlyMap<number, Record<string, unknown>>): PresentParticipant[] {
  const byUser = new Map<string, PresentParticipant>()
  for (const clientId of [...states.keys()].sort((a, b) => a - b)) {
    const profile = states.get(clientId)?.[PROFILE_AWARENESS_FIELD]
    if (!isAwarenessProfile(profile)) continue
    const known = byUser.get(profile.userId)
    if (known) known.clientIds.push(clientId)
    else
      byUser.set(profile.userId, {
        userId: profile.userId,
        name: profile.name,
        whereabouts: profile.whereabouts,
        city: profile.city,
        clientIds: [clientId],
      })
  }
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId))
}

export function countByWhereabouts(people: readonly ParticipantProfile[]): Record<Whereabouts, number> {
  const counts: Record<Whereabouts, number> = { onsite: 0, remote: 0 }
  for (const person of people) counts[person.whereabouts]++
  return counts
}
