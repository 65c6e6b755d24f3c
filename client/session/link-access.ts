/**
 * This device's access to a board: the link token (from the address's fragment `#k=…`, remembered
 * per board so that a reload, an offline start or a bare board id still opens it), the device's
 * voter key, and what the server said about the link (role, links, voter id), cached for offline
 * starts. See shared/model/roles.ts for how tokens travel.
 *
 * The stage view remembers its token apart from the other views: the facilitator opening the
 * stage link on their own laptop must not replace the facilitator token the board tab goes by.
 */
import {
  LINK_TOKEN_PARAM,
  VOTER_KEY_HEADER,
  VOTER_KEY_PARAM,
  tokenFromFragment,
  type BoardAccessInfo,
  type BoardView,
} from '../../shared/model/roles'
import { LOCAL_KEYS } from './storage-keys'

/** Whether the page's address is one of this board's views (so its fragment is this board's token). */
function addressIsBoard(boardId: string): boolean {
  return location.pathname === `/b/${boardId}` || location.pathname.startsWith(`/b/${boardId}/`)
}

/** Whether the page is this board's stage view. */
function addressIsStage(boardId: string): boolean {
  return location.pathname.replace(/\/$/, '') === `/b/${boardId}/stage`
}

/** Where this page keeps what it remembers of the board: the stage view apart from the others. */
const viewKey = (key: string, boardId: string) => (addressIsStage(boardId) ? `${key}.stage` : key)

/**
 * The board's link token: the one in the address (then remembered), else the last one remembered
 * for this view. The stage view falls back to the board's other token (a facilitator's laptop
 * opening a bare stage address, as before the stage had a link of its own).
 */
export function linkToken(boardId: string): string | null {
  const key = viewKey(LOCAL_KEYS.linkToken(boardId), boardId)
  const fromAddress = addressIsBoard(boardId) ? tokenFromFragment(location.hash) : null
  if (fromAddress) {
    localStorage.setItem(key, fromAddress)
    return fromAddress
  }
  return localStorage.getItem(key) ?? localStorage.getItem(LOCAL_KEYS.linkToken(boardId))
}

/** Remembers a token for the board (a new board, a renewed link). */
export function rememberLinkToken(boardId: string, token: string): void {
  localStorage.setItem(LOCAL_KEYS.linkToken(boardId), token)
}

/** A random key per device: the server derives the device's voter id on each board from it. */
export function voterKey(): string {
  let key = localStorage.getItem(LOCAL_KEYS.voterKey)
  if (!key) {
    const bytes = crypto.getRandomValues(new Uint8Array(24))
    key = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
    localStorage.setItem(LOCAL_KEYS.voterKey, key)
  }
  return key
}

/** Query parameters for the board's sync socket. */
export function syncParams(boardId: string): Record<string, string> {
  const token = linkToken(boardId)
  return token ? { [LINK_TOKEN_PARAM]: token, [VOTER_KEY_PARAM]: voterKey() } : { [VOTER_KEY_PARAM]: voterKey() }
}

/**
 * Headers that carry the board's link token (and the voter key) to our API: the only way the API
 * takes a link token. A request the browser makes on its own (an image, a download link) cannot
 * send them: fetch the bytes with these headers instead, or take a download token
 * (client/board/export/download.ts).
 */
export function authHeaders(boardId: string): Record<string, string> {
  const token = linkToken(boardId)
  return { ...(token ? { Authorization: `Bearer ${token}` } : {}), [VOTER_KEY_HEADER]: voterKey() }
}

/** A path of this app for the board's view, carrying this device's token in the fragment. */
export function viewPath(boardId: string, view: BoardView, token = linkToken(boardId)): string {
  const path = view === 'board' ? `/b/${boardId}` : `/b/${boardId}/${view}`
  return token ? `${path}#${LINK_TOKEN_PARAM}=${encodeURIComponent(token)}` : path
}

/** The board id in an API path (`/api/boards/<id>/…`), or null. */
export function boardIdOfApiPath(path: string): string | null {
  const match = /^\/api\/boards\/([^/?#]+)/.exec(path)
  return match ? decodeURIComponent(match[1]!) : null
}

/** What the server last said about this device's current link, for starts without a network. */
export function cachedAccess(boardId: string): BoardAccessInfo | null {
  try {
    const cached = JSON.parse(localStorage.getItem(viewKey(LOCAL_KEYS.access(boardId), boardId)) ?? 'null') as { token: string; info: BoardAccessInfo } | null
    return cached && cached.info.id === boardId && cached.token === linkToken(boardId) ? cached.info : null
  } catch {
    return null
  }
}

export function cacheAccess(info: BoardAccessInfo): void {
  localStorage.setItem(viewKey(LOCAL_KEYS.access(info.id), info.id), JSON.stringify({ token: linkToken(info.id), info }))
}
