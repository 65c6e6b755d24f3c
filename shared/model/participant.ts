import type * as Y from 'yjs'

/** Where a person takes part from. The heart of a hybrid meeting: both count the same. */
export type Whereabouts = 'onsite' | 'remote'

/** Roles by link (issue 4). Until roles exist everyone who joins is a participant. */
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
