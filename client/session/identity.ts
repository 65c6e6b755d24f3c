/**
 * Who this device is on every board: a stable user id, a display name, and how the person takes
 * part (on site or remote, city). Kept in our own localStorage entry (`gatherboard.profile`), which
 * is the single source for every page: the phone capture page reads it without loading tldraw, and
 * the board keeps tldraw's user preferences in step with it (client/board/tldraw/tldraw-user.ts), so a person's cards,
 * presence and participant entry carry the same id on the phone and on the board.
 */
import { atom, type Atom, type Signal } from '@tldraw/state'
import { uniqueId } from '@tldraw/utils'
import type { ParticipantProfile, Whereabouts } from '../../shared/model/participant'
import { LOCAL_KEYS } from './storage-keys'

/** This device's identity as stored; `whereabouts` is null until the person has said. */
export interface DeviceIdentity {
  /** Bare id (without tldraw's `user:` prefix), the key of the board's participants map. */
  userId: string
  name: string
  whereabouts: Whereabouts | null
  city: string
}

function readJson(key: string): Record<string, unknown> {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? 'null') as unknown
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {}
  } catch {
    return {} // a damaged entry is as good as none
  }
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)

function readStored(): DeviceIdentity {
  const stored = readJson(LOCAL_KEYS.profile)
  const whereabouts = stored.whereabouts === 'onsite' || stored.whereabouts === 'remote' ? stored.whereabouts : null
  const city = text(stored.city) ?? ''
  const userId = text(stored.userId)
  if (userId) return { userId, name: text(stored.name)?.trim() ?? '', whereabouts, city }
  const tldrawUser = readJson(LOCAL_KEYS.tldrawUser).user as Record<string, unknown> | undefined
  const identity: DeviceIdentity = {
    userId: text(tldrawUser?.id) || uniqueId(),
    name: text(tldrawUser?.name)?.trim() ?? '',
    whereabouts,
    city,
  }
  store(identity)
  return identity
}

function store(identity: DeviceIdentity): void {
  localStorage.setItem(LOCAL_KEYS.profile, JSON.stringify(identity))
}

let identityAtom: Atom<DeviceIdentity> | null = null

function identityState(): Atom<DeviceIdentity> {
  if (identityAtom) return identityAtom
  const state = atom('device identity', readStored())
  // Another tab of this device (the board next to the capture page) changed the profile.
  addEventListener('storage', (event) => {
    if (event.key === LOCAL_KEYS.profile) state.set(readStored())
  })
  identityAtom = state
  return state
}

/** This device's identity, current after every change (in this tab or another). */
export function deviceIdentity(): Signal<DeviceIdentity> {
  return identityState()
}

/** This device's stable user id, the same on the board and the capture page. */
export function currentUserId(): string {
  return identityState().get().userId
}

/**
 * How this device presents itself. Until the person says otherwise, whereabouts are `fallback`:
 * remote on the board, on site on the phone capture page.
 */
export function loadProfile(fallback: Whereabouts = 'remote'): ParticipantProfile {
  const { name, whereabouts, city } = identityState().get()
  return { name, whereabouts: whereabouts ?? fallback, city }
}

export function saveProfile(profile: ParticipantProfile): void {
  update({ name: profile.name.trim(), whereabouts: profile.whereabouts, city: profile.city })
}

/** A new display name from elsewhere (tldraw's people menu on the board). */
export function setDisplayName(name: string): void {
  update({ name: name.trim() })
}

function update(change: Partial<DeviceIdentity>): void {
  const state = identityState()
  const next = { ...state.get(), ...change }
  store(next)
  state.set(next)
}

/** Whether this device has confirmed its profile for this board (then the join dialog is skipped). */
export function hasJoined(boardId: string): boolean {
  return localStorage.getItem(LOCAL_KEYS.joined(boardId)) !== null && Boolean(identityState().get().name)
}

export function markJoined(boardId: string): void {
  localStorage.setItem(LOCAL_KEYS.joined(boardId), String(Date.now()))
}
