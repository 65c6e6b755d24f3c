import type { BoardAccessInfo, BoardLinks, LinkRole } from '../../shared/model/roles'
import { authHeaders, boardIdOfApiPath } from './link-access'

/** A new board as the server describes it: `url` is the facilitator's link. */
export interface BoardInfo {
  id: string
  url: string
  links: BoardLinks
  tokens: Record<LinkRole, string>
}

/** Thrown for any answer of our API that is not a success; carries the server's own message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/**
 * Calls our JSON API and turns error answers into an ApiError with the server's message. Calls
 * about a board carry this device's link token for it.
 */
export async function requestJson<T>(path: string, init?: RequestInit): Promise<T> {
  const boardId = boardIdOfApiPath(path)
  const headers = new Headers(init?.headers)
  if (boardId) for (const [name, value] of Object.entries(authHeaders(boardId))) if (!headers.has(name)) headers.set(name, value)
  const response = await fetch(path, { ...init, headers })
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const message =
      body && typeof body === 'object' && 'error' in body && typeof body.error === 'string'
        ? body.error
        : `${response.status} ${response.statusText}`
    throw new ApiError(response.status, message)
  }
  return body as T
}

/**
 * Creates a board. `secret`: the server's board creation secret, when it has one
 * (`CREATE_BOARD_SECRET`); without it such a server answers 401, with a wrong one 403.
 */
export function createBoard(secret?: string): Promise<BoardInfo> {
  return requestJson<BoardInfo>('/api/boards', {
    method: 'POST',
    ...(secret ? { headers: { Authorization: `Bearer ${secret}` } } : {}),
  })
}

/** The board and what this device's link may do on it (403 without a valid link). */
export function getBoard(boardId: string): Promise<BoardAccessInfo> {
  return requestJson(`/api/boards/${encodeURIComponent(boardId)}`)
}

export function getServerConfig(): Promise<{ tldrawLicenseKey: string | null }> {
  return requestJson('/api/config')
}
