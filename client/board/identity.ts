import {
  UserRecordType,
  computed,
  createUserId,
  getUserPreferences,
  setUserPreferences,
  type Signal,
  type TLUser,
} from 'tldraw'
import type { Locale } from '../i18n/messages'
import type { ParticipantProfile, Whereabouts } from '../../shared/model/participant'

/**
 * Who this device is on every board. tldraw keeps a stable random id, a name and a colour in
 * localStorage; we use that same record, so a reload is the same person (no new user appears) and
 * tldraw's people menu, where a person can rename themselves, stays the single place of truth.
 */
export const currentUser: Signal<TLUser> = computed('current user', () => {
  const preferences = getUserPreferences()
  return UserRecordType.create({
    id: createUserId(preferences.id),
    name: preferences.name?.trim() ?? '',
    color: preferences.color ?? '#1b5fc1',
  })
})

export function hasDisplayName(): boolean {
  return Boolean(getUserPreferences().name?.trim())
}

export function setDisplayName(name: string): void {
  setUserPreferences({ ...getUserPreferences(), name })
}

/** tldraw's own texts follow our language choice. */
export function setTldrawLocale(locale: Locale): void {
  const preferences = getUserPreferences()
  if (preferences.locale !== locale) setUserPreferences({ ...preferences, locale })
}

const PROFILE_KEY = 'gatherboard.profile'
const joinedKey = (boardId: string) => `gatherboard.joined.${boardId}`

/** This device's stable user id (tldraw's), the same on the board and the capture page. */
export function currentUserId(): string {
  return getUserPreferences().id
}

/**
 * How this device presents itself: the name from tldraw's preferences (so renaming in tldraw's
 * people menu and in our dialog stay one), where and for which city from our own storage.
 * Until the person says otherwise, whereabouts are `fallback`: remote on the board, on site on the
 * phone capture page.
 */
export function loadProfile(fallback: Whereabouts = 'remote'): ParticipantProfile {
  let stored: Partial<ParticipantProfile> = {}
  try {
    stored = JSON.parse(localStorage.getItem(PROFILE_KEY) ?? '{}') as Partial<ParticipantProfile>
  } catch {
    // a damaged entry is as good as none
  }
  return {
    name: getUserPreferences().name?.trim() ?? '',
    whereabouts: stored.whereabouts === 'onsite' || stored.whereabouts === 'remote' ? stored.whereabouts : fallback,
    city: typeof stored.city === 'string' ? stored.city : '',
  }
}

export function saveProfile(profile: ParticipantProfile): void {
  setDisplayName(profile.name)
  localStorage.setItem(PROFILE_KEY, JSON.stringify({ whereabouts: profile.whereabouts, city: profile.city }))
}

/** Whether this device has confirmed its profile for this board (then the join dialog is skipped). */
export function hasJoined(boardId: string): boolean {
  return localStorage.getItem(joinedKey(boardId)) !== null && hasDisplayName()
}

export function markJoined(boardId: string): void {
  localStorage.setItem(joinedKey(boardId), String(Date.now()))
}
