/**
 * The gate in front of every view of a board: asks the server what this device's link opens and
 * keeps the answer where every component can read it (`useBoardAccess`), cached for offline starts.
 */
import { useSyncExternalStore } from 'react'
import { ROLES, type BoardAccessInfo, type LinkRole, type Role } from '../../shared/model/roles'
import { ApiError, getBoard } from './api'
import { cacheAccess, cachedAccess, linkToken } from './link-access'

export type AccessGate =
  /** `access` is null when the server could not be reached and nothing was cached: the role is a guess. */
  | { state: 'open'; access: BoardAccessInfo | null }
  | { state: 'no-link' }
  | { state: 'not-found' }

const known = new Map<string, BoardAccessInfo>()
const listeners = new Set<() => void>()

function publish(info: BoardAccessInfo): void {
  known.set(info.id, info)
  cacheAccess(info)
  for (const listener of listeners) listener()
}

/** Asks the server about this device's link to the board (from the cache when offline). */
export async function checkAccess(boardId: string): Promise<AccessGate> {
  if (!linkToken(boardId)) return { state: 'no-link' }
  try {
    const info = await getBoard(boardId)
    publish(info)
    return { state: 'open', access: info }
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { state: 'not-found' }
    if (error instanceof ApiError && error.status === 403) return { state: 'no-link' }
    const cached = cachedAccess(boardId)
    if (cached) known.set(boardId, cached)
    return { state: 'open', access: cached }
  }
}

/**
 * What this device's link opened when it last asked the server, kept for this link; null if it
 * never asked with it. A return visit opens with it at once while `checkAccess` asks again: the
 * server decides every read and write anyway, and a link that no longer opens the board closes
 * the sync socket (the page then says so).
 */
export function rememberedAccess(boardId: string): BoardAccessInfo | null {
  if (!linkToken(boardId)) return null
  const cached = cachedAccess(boardId)
  if (cached) known.set(boardId, cached)
  return cached
}

/** Asks again (after the facilitator renewed a link, say). */
export async function refreshAccess(boardId: string): Promise<void> {
  publish(await getBoard(boardId))
}

/** What this device's link opens, as last heard; null before the gate or offline without cache. */
function boardAccess(boardId: string): BoardAccessInfo | null {
  return known.get(boardId) ?? null
}

/**
 * The role this device acts in as a person on the board. Without word from the server it acts as a
 * participant: the server still decides, and the board stays usable offline. A stage link opened
 * on another view than the stage acts as a viewer there: the server lets it read and nothing else.
 */
export function currentRole(boardId: string): Role {
  const role: LinkRole | undefined = boardAccess(boardId)?.role
  if (role === 'stage') return 'viewer'
  return role && ROLES.includes(role) ? role : 'participant'
}

/** The role this device acts in (see `currentRole`), current when the server's answer changes. */
export function useRole(boardId: string): Role {
  useBoardAccess(boardId)
  return currentRole(boardId)
}

export function useBoardAccess(boardId: string): BoardAccessInfo | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    () => boardAccess(boardId),
  )
}

/**
 * The link the join QR code opens (the phone page with the participant token). Null when this
 * device's link may not hand it out (viewers) or the server has not said yet.
 */
export function useJoinLink(boardId: string): string | null {
  return useBoardAccess(boardId)?.join ?? null
}
