/**
 * tldraw's side of this device's identity, for the board and the stage only (the capture page must
 * not load tldraw). Our profile (client/session/identity.ts) is the source; tldraw's user preferences follow it,
 * so tldraw's presence, following and people menu use the same user id and name as our participant
 * entries and cards. A rename in tldraw's people menu flows back into our profile.
 */
import {
  UserRecordType,
  computed,
  createUserId,
  getUserPreferences,
  react,
  setUserPreferences,
  unsafe__withoutCapture,
  type Signal,
  type TLUser,
} from 'tldraw'
import type { Locale } from '../../i18n/messages'
import { deviceIdentity, setDisplayName } from '../../session/identity'

/** This device as tldraw's user record (id, name, colour), for presence. */
export const currentUser: Signal<TLUser> = computed('current user', () => {
  const preferences = getUserPreferences()
  return UserRecordType.create({
    id: createUserId(preferences.id),
    name: preferences.name?.trim() ?? '',
    color: preferences.color ?? '#1b5fc1',
  })
})

/**
 * Keeps tldraw's user preferences and our profile in step while a board is open; returns the stop.
 * Each direction reads the other side without tracking it, so one side's change is copied over
 * once instead of being copied back.
 */
export function keepTldrawUserInStep(): () => void {
  const stops = [
    react('tldraw user follows our profile', () => {
      const { userId, name } = deviceIdentity().get()
      const preferences = unsafe__withoutCapture(getUserPreferences)
      if (preferences.id !== userId || (preferences.name ?? '') !== name) setUserPreferences({ ...preferences, id: userId, name })
    }),
    react('our profile follows a rename in tldraw', () => {
      const name = getUserPreferences().name?.trim() ?? ''
      if (name && name !== unsafe__withoutCapture(() => deviceIdentity().get().name)) setDisplayName(name)
    }),
  ]
  return () => stops.forEach((stop) => stop())
}

/** tldraw's own texts follow our language choice. */
export function setTldrawLocale(locale: Locale): void {
  const preferences = getUserPreferences()
  if (preferences.locale !== locale) setUserPreferences({ ...preferences, locale })
}
