/**
 * Link tokens: random secrets, kept by the server only as digests and compared in constant time.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'

/** 192 bits from the CSPRNG: 32 URL-safe characters. */
const TOKEN_BYTES = 24
/** Tokens are base64url; anything else (or absurdly long) is not one of ours and is not hashed. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url')
}

export function isTokenShaped(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value)
}

/** SHA-256 of the token, base64url: what the server stores instead of the token. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url')
}

/**
 * Whether two digests are equal, in time that does not depend on where they differ. Both sides are
 * SHA-256 digests, so they have equal length; a stored value of another length (damaged data)
 * never matches.
 */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'base64url')
  const right = Buffer.from(b, 'base64url')
  return left.length === right.length && timingSafeEqual(left, right)
}

const SEAL_ALGORITHM = 'aes-256-gcm'
const IV_BYTES = 12
const TAG_BYTES = 16

/** A key only a holder of `secret` can derive, bound to one board. */
function sealingKey(secret: string, boardId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, boardId, 'gatherboard link tokens', 32))
}

/** Encrypts `plain` so that only a holder of `secret` can read it back (for this board). */
export function seal(plain: string, secret: string, boardId: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv(SEAL_ALGORITHM, sealingKey(secret, boardId), iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
}

/** Reads what `seal` wrote; null when `secret` is not the one it was sealed with (or it is damaged). */
export function unseal(sealed: string, secret: string, boardId: string): string | null {
  const bytes = Buffer.from(sealed, 'base64url')
  if (bytes.length < IV_BYTES + TAG_BYTES) return null
  try {
    const decipher = createDecipheriv(SEAL_ALGORITHM, sealingKey(secret, boardId), bytes.subarray(0, IV_BYTES))
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}
