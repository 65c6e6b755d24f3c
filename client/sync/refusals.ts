/**
 * What happens on this device when the server refuses one of its changes (a section locked a
 * moment before, a voting round just closed…).
 *
 * The server does not apply a refused update, so this device's copy now holds a change nobody else
 * has, and Yjs would keep every later change of this session waiting behind it. So after telling
 * the person why, the page drops its local copy and loads the board again from the server: only the
 * refused change (and anything typed in the same instant) is lost. The board reloads the page; the
 * phone capture page connects afresh in place, keeping what the person is typing. A second refusal
 * soon after does not start over again (a loop helps nobody); the message then stays.
 */
import * as decoding from 'lib0/decoding'
import type { WebsocketProvider } from 'y-websocket'
import { refusalCodeOf, type RefusalCode } from '../../shared/model/refusals'
import type { MessageKey } from '../i18n/messages'
import type { BoardConnection } from './board-connection'
import { SESSION_KEYS } from '../session/storage-keys'

/** y-websocket message type of the auth sub-protocol, and its "permission denied" kind. */
const MESSAGE_AUTH = 2
const PERMISSION_DENIED = 0
/** No second reload within this time. */
const RELOAD_GUARD_MS = 60_000

type AuthHandler = WebsocketProvider['messageHandlers'][number]

/**
 * Refusals that cost this device nothing: the server asks for the changes it lacks right after an
 * `out-of-order` one (the provider answers by itself), and a presence refusal loses no change.
 */
const NOTHING_LOST: ReadonlySet<RefusalCode> = new Set(['out-of-order', 'presence-limit'])

/** Calls `onRefused` with the server's reason for every refused update that lost a change; returns the undo. */
export function watchRefusals(provider: WebsocketProvider, onRefused: (reason: string) => void): () => void {
  const previous = provider.messageHandlers[MESSAGE_AUTH]
  const handler: AuthHandler = (_encoder, decoder) => {
    if (decoding.readVarUint(decoder) !== PERMISSION_DENIED) return
    const reason = decoding.readVarString(decoder)
    const code = refusalCodeOf(reason)
    if (code === null || !NOTHING_LOST.has(code)) onRefused(reason)
  }
  provider.messageHandlers[MESSAGE_AUTH] = handler
  return () => {
    if (provider.messageHandlers[MESSAGE_AUTH] === handler && previous) provider.messageHandlers[MESSAGE_AUTH] = previous
  }
}

/** The text explaining a refusal with this code (null: a reason that is not one of ours). */
export function refusalMessageKey(code: RefusalCode | null): MessageKey {
  return code ? `refused.${code}` : 'refused.unknown'
}

/** Whether this page may drop its copy and start over from the server now (not done in the last minute). */
function mayStartOver(boardId: string): boolean {
  const last = Number(sessionStorage.getItem(SESSION_KEYS.reloadedAfterRefusal(boardId)) ?? 0)
  return Date.now() - last > RELOAD_GUARD_MS
}

/**
 * How a page handles the server refusing a change of this device (see the top of this file):
 * `onRefused` says why at once; then, unless this tab started over within the last minute, the
 * page waits `readingMs` (time to read the reason), drops this device's copy of the board
 * (IndexedDB) so the refused change is never sent again, and `startOver` connects afresh (the
 * phone page) or reloads (`reloadAfterRefusal`, the board). Returns the undo.
 */
export function handleRefusals(
  connection: BoardConnection,
  handlers: { onRefused(code: RefusalCode | null): void; startOver(code: RefusalCode | null): void; readingMs?: number },
): () => void {
  return watchRefusals(connection.provider, (reason) => {
    const code = refusalCodeOf(reason)
    handlers.onRefused(code)
    if (!mayStartOver(connection.boardId)) return
    const dropCopy = async () => {
      sessionStorage.setItem(SESSION_KEYS.reloadedAfterRefusal(connection.boardId), String(Date.now()))
      await connection.dropLocalCopy()
      handlers.startOver(code)
    }
    if (handlers.readingMs) setTimeout(() => void dropCopy(), handlers.readingMs)
    else void dropCopy()
  })
}

/** Loads the page again after a refusal; the page then says why once (`refusalBeforeReload`). */
export function reloadAfterRefusal(boardId: string, code: RefusalCode | null): void {
  sessionStorage.setItem(SESSION_KEYS.refused(boardId), code ?? '')
  location.reload()
}

/**
 * The refusal this tab last reloaded for, once (read and forgotten): its code, null for a reason
 * that is not one of ours; undefined when the page did not load after a refusal.
 */
export function refusalBeforeReload(boardId: string): RefusalCode | null | undefined {
  const code = sessionStorage.getItem(SESSION_KEYS.refused(boardId))
  if (code === null) return undefined
  sessionStorage.removeItem(SESSION_KEYS.refused(boardId))
  return refusalCodeOf(code)
}
