/** The board as the server describes it. */
export interface BoardInfo {
  id: string
  url: string
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

/** Calls our JSON API and turns error answers into an ApiError with the server's message. */
export async function requestJson<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init)
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

export function createBoard(): Promise<BoardInfo> {
  return requestJson<BoardInfo>('/api/boards', { method: 'POST' })
}

export function getBoard(boardId: string): Promise<{ id: string }> {
  return requestJson(`/api/boards/${encodeURIComponent(boardId)}`)
}

export function getServerConfig(): Promise<{ tldrawLicenseKey: string | null }> {
  return requestJson('/api/config')
}
