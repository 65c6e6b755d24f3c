import type * as Y from 'yjs'
import { CARD_LIMITS } from './card'
import { AWARENESS_FIELDS } from './awareness'

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
 * Who took part, for the meeting record: `doc.getMap('participants')`, value `ParticipantEntry`.
 * Only the server writes it (server/features/attendance.ts), when an authenticated connection
 * announces its profile in awareness: one entry per device, keyed by an attendance id the server
 * derives from the device (never a client-chosen id), with the role of the connection's link.
 * Boards from before keep their entries, keyed by the user id their clients chose. Who is present
 * *now* is awareness, not this map.
 */
export interface ParticipantEntry extends ParticipantProfile {
  /** The role of the link the device joined with (facilitator, participant, viewer; an embedder's own verbatim). */
  role: string
  /** First time this device joined the board (ms since epoch). */
  joinedAt: number
  /**
   * Set when the facilitator removed the names (`removeParticipantNames`): the device's name is
   * not recorded again, though its profile still announces one.
   */
  nameRemoved?: true
}

/** The longest name and city a profile keeps (the same as on cards). */
export const PROFILE_LIMITS = { name: CARD_LIMITS.name, city: CARD_LIMITS.city } as const

/** Control characters and bidirectional overrides: nothing a name needs, and able to garble a list. */
const UNSAFE_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]+/gu

/** Text from a client made fit for the record: unsafe characters out, spaces collapsed, bounded. */
function cleanText(value: string, max: number): string {
  const clean = value.replace(UNSAFE_CHARACTERS, ' ').replace(/\s+/g, ' ').trim()
  return [...clean].slice(0, max).join('').trim()
}

const isWhereabouts = (value: unknown): value is Whereabouts => value === 'onsite' || value === 'remote'

/**
 * The profile in a presence state's `profile` field, as it may be recorded (validated, cleaned,
 * length-bounded); null when the field holds no profile.
 */
export function readAnnouncedProfile(value: unknown): ParticipantProfile | null {
  if (!value || typeof value !== 'object') return null
  const profile = value as Record<string, unknown>
  if (typeof profile.name !== 'string' || typeof profile.city !== 'string' || !isWhereabouts(profile.whereabouts)) return null
  return {
    name: cleanText(profile.name, PROFILE_LIMITS.name),
    whereabouts: profile.whereabouts,
    city: cleanText(profile.city, PROFILE_LIMITS.city),
  }
}

export const PARTICIPANTS_MAP = 'participants'

export function participantsMap(doc: Y.Doc): Y.Map<ParticipantEntry> {
  return doc.getMap(PARTICIPANTS_MAP)
}

function isParticipantEntry(value: unknown): value is ParticipantEntry {
  if (!value || typeof value !== 'object') return false
  const entry = value as Record<string, unknown>
  return (
    typeof entry.name === 'string' &&
    isWhereabouts(entry.whereabouts) &&
    typeof entry.city === 'string' &&
    typeof entry.role === 'string' &&
    typeof entry.joinedAt === 'number'
  )
}

/** The entry recorded under `key`, or null. */
export function participantEntry(doc: Y.Doc, key: string): ParticipantEntry | null {
  const value = participantsMap(doc).get(key)
  return isParticipantEntry(value) ? value : null
}

/** Everyone who took part, in the order they first joined (`userId`: the entry's key). */
export function readParticipants(doc: Y.Doc): (ParticipantEntry & { userId: string })[] {
  const out: (ParticipantEntry & { userId: string })[] = []
  participantsMap(doc).forEach((value, userId) => {
    if (isParticipantEntry(value)) out.push({ ...value, userId })
  })
  return out.sort((a, b) => a.joinedAt - b.joinedAt || a.userId.localeCompare(b.userId))
}

/** Records (or updates) the entry under `key`, keeping its first join time; writes nothing when it is unchanged. */
export function recordParticipant(doc: Y.Doc, key: string, profile: ParticipantProfile, role: string, now = Date.now()): void {
  const map = participantsMap(doc)
  const previous = map.get(key)
  const joinedAt = isParticipantEntry(previous) ? previous.joinedAt : now
  const nameRemoved = isParticipantEntry(previous) && previous.nameRemoved === true
  const next: ParticipantEntry = {
    name: nameRemoved ? '' : profile.name,
    whereabouts: profile.whereabouts,
    city: profile.city,
    role,
    joinedAt,
    ...(nameRemoved ? { nameRemoved: true } : {}),
  }
  if (previous && JSON.stringify(previous) === JSON.stringify(next)) return
  map.set(key, next)
}

/**
 * Empties the name of every entry (cities, roles and times stay) and keeps it empty for those
 * devices from now on; returns how many entries had a name. Call inside a transaction.
 */
export function removeParticipantNames(doc: Y.Doc): number {
  const map = participantsMap(doc)
  let named = 0
  for (const [key, value] of [...map.entries()]) {
    if (!isParticipantEntry(value) || value.nameRemoved) continue
    if (value.name !== '') named++
    map.set(key, { ...value, name: '', nameRemoved: true })
  }
  return named
}

/**
 * What a session publishes in the awareness field 'profile': the profile plus the device's stable
 * user id (one per browser, like its voter key), so several tabs of one device count once, here as
 * in the attendance the server records from it.
 */
export interface AwarenessProfile extends ParticipantProfile {
  userId: string
}

/** Someone present now: one device, however many tabs it has open. */
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
    isWhereabouts(p.whereabouts) &&
    typeof p.city === 'string'
  )
}

/**
 * Everyone present now, from the awareness states (client id -> state), sorted by name. A device
 * with several sessions appears once, with the profile of their session with the lowest client id,
 * so every peer shows the same.
 */
export function presentParticipants(states: ReadonlyMap<number, Record<string, unknown>>): PresentParticipant[] {
  const byUser = new Map<string, PresentParticipant>()
  for (const clientId of [...states.keys()].sort((a, b) => a - b)) {
    const profile = states.get(clientId)?.[AWARENESS_FIELDS.profile]
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
