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
