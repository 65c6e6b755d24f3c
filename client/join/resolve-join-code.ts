/** Asks the server which board a typed join code opens (server/features/access/join-code-api.ts). */

export type JoinCodeAnswer =
  | { kind: 'found'; boardId: string; token: string }
  /** No board has this code (mistyped, or renewed since). */
  | { kind: 'unknown' }
  /** Too many wrong codes from this network: `retryAfterSeconds` until the next try counts. */
  | { kind: 'too-many'; retryAfterSeconds: number }
  /** The server was not reached, or answered something else. */
  | { kind: 'failed' }

/** Sends a code in its canonical form (shared/model/join-code.ts `normalizeJoinCode`). */
export async function resolveJoinCode(code: string): Promise<JoinCodeAnswer> {
  let response: Response
  try {
    response = await fetch('/api/join-codes', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code }),
    })
  } catch {
    return { kind: 'failed' }
  }
  if (response.status === 404) return { kind: 'unknown' }
  if (response.status === 429) {
    const seconds = Number(response.headers.get('Retry-After'))
    return { kind: 'too-many', retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 60 }
  }
  const body = (await response.json().catch(() => null)) as { boardId?: unknown; token?: unknown } | null
  if (!response.ok || typeof body?.boardId !== 'string' || typeof body.token !== 'string') return { kind: 'failed' }
  return { kind: 'found', boardId: body.boardId, token: body.token }
}
