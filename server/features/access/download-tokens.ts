/**
 * Short-lived download tokens: what a plain link the browser follows (a file download) carries
 * instead of a link token, which the API accepts only as `Authorization: Bearer`.
 *
 *   POST /api/boards/:id/downloads { path }  (Authorization: Bearer <link token>)
 *     -> 201 { token, url, expiresAt }: `url` is `path?d=<token>`, usable for `ttlMs` (60 s)
 *     -> 400 when `path` is not one of the board's downloads, 403 when the link may not take it
 *   GET <path>?d=<token>  -> the file; 403 with a message for a token that is forged or damaged,
 *     expired, for another board or file, or made with a link that has been renewed since.
 *
 * A token names one board, one file path (its query, such as the language, may vary), the role
 * it was issued to, its expiry, and a fingerprint of the link token's stored digest; it is signed
 * with HMAC-SHA256 under a key the server draws at start and keeps in memory only. Nothing is
 * stored: a restart makes the few tokens still alive invalid, which costs at most one click, and
 * there is no key on disk to protect or back up. The token in a download's address reaches the
 * browser's history and download list, but opens only that file, only for a minute, and not at
 * all once the link it was made with is renewed.
 *
 * Routes that serve downloads declare them (`allow`) and check requests with `authorize`, which
 * accepts a Bearer link token as well.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { LinkRole } from '../../../shared/model/roles'
import { isLinkRole } from '../../../shared/model/roles'
import { HttpError } from '../../http/respond'
import type { BoardMetadata } from '../../storage/board-storage'
import { requireRole, roleNotAllowed } from './board-access'
import { digestOf, readStoredLinks } from './board-links'
import { hasAuthorization, requestDownloadToken } from './request-token'

/** How long a download token works after it was issued. */
export const DOWNLOAD_TOKEN_TTL_MS = 60_000

export interface DownloadTokenOptions {
  /** Default `DOWNLOAD_TOKEN_TTL_MS`. */
  ttlMs?: number
  /** The clock tokens are issued and checked by (tests move it). Default `Date.now`. */
  now?: () => number
}

/** What a token says, signed. */
interface DownloadClaims {
  /** Board id. */
  b: string
  /** The role it was issued to. */
  r: LinkRole
  /** The file's path. */
  p: string
  /** Expiry, ms since the epoch. */
  e: number
  /** Fingerprint of the link token's stored digest (`linkFingerprint`). */
  l: string
}

const FORMAT = 'gd1'
/** Longer than any token we issue (board ids and paths are short): not parsed at all. */
const MAX_TOKEN_LENGTH = 1024
const TOKEN_SHAPE = /^gd1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/

const INVALID = 'this download link is not valid: start the download again from the board'
const EXPIRED = 'this download link has expired: start the download again from the board'
const OTHER_BOARD = 'this download link is for another board'
const OTHER_FILE = 'this download link is for another file'
const RENEWED = 'this download link was made with a link that has been renewed since: ask the facilitator for the new one'

/** Not the digest itself: the claims are readable by whoever holds the token. */
function linkFingerprint(digest: string): string {
  return createHash('sha256').update(`gatherboard download link\n${digest}`).digest('base64url').slice(0, 22)
}

interface DownloadTarget {
  /** The path after `/api/boards/<id>`, e.g. `/minutes.md`. */
  suffix: string
  roles: readonly LinkRole[]
}

export class DownloadTokens {
  private readonly key = randomBytes(32)
  private readonly ttlMs: number
  private readonly now: () => number
  private readonly targets = new Map<string, DownloadTarget>()

  constructor(options: DownloadTokenOptions = {}) {
    this.ttlMs = options.ttlMs ?? DOWNLOAD_TOKEN_TTL_MS
    this.now = options.now ?? Date.now
  }

  /** Declares `/api/boards/:id<suffix>` a download that links of `roles` may take. */
  allow(suffix: string, roles: readonly LinkRole[]): void {
    this.targets.set(suffix, { suffix, roles })
  }

  /** The declared download at `path` of `board`, or null. */
  private targetOf(board: BoardMetadata, path: string): DownloadTarget | null {
    const prefix = `/api/boards/${board.id}`
    return path.startsWith(prefix) ? (this.targets.get(path.slice(prefix.length)) ?? null) : null
  }

  /**
   * A token for `path` of `board`, for the API request's link (its role must be allowed there).
   * 400 when `path` is not one of the board's downloads, 403 when the link may not take it.
   */
  issue(request: IncomingMessage, board: BoardMetadata, path: unknown): { token: string; url: string; expiresAt: number } {
    const target = typeof path === 'string' ? this.targetOf(board, path) : null
    if (!target || typeof path !== 'string') throw new HttpError(400, 'there is no such download on this board')
    const role = requireRole(request, board, target.roles)
    const digest = digestOf(readStoredLinks(board.meta)!, role)!
    const claims: DownloadClaims = { b: board.id, r: role, p: path, e: this.now() + this.ttlMs, l: linkFingerprint(digest) }
    const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url')
    const token = `${FORMAT}.${payload}.${this.sign(payload)}`
    return { token, url: `${path}?d=${token}`, expiresAt: claims.e }
  }

  /**
   * The role a download request at `path` acts in: its Bearer link token's, or else its download
   * token's (`?d=`). 403 with the reason otherwise, also for a role not in `allowed`.
   */
  authorize(request: IncomingMessage, board: BoardMetadata, path: string, allowed: readonly LinkRole[]): LinkRole {
    const token = requestDownloadToken(request)
    if (token === null || hasAuthorization(request)) return requireRole(request, board, allowed)
    const claims = this.verify(token)
    if (claims.b !== board.id) throw new HttpError(403, OTHER_BOARD)
    if (claims.p !== path) throw new HttpError(403, OTHER_FILE)
    if (this.now() >= claims.e) throw new HttpError(403, EXPIRED)
    const stored = readStoredLinks(board.meta)
    const digest = stored ? digestOf(stored, claims.r) : null
    if (digest === null || !sameText(linkFingerprint(digest), claims.l)) throw new HttpError(403, RENEWED)
    if (!allowed.includes(claims.r)) throw roleNotAllowed(claims.r)
    return claims.r
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(`${FORMAT}.${payload}`).digest('base64url')
  }

  /** The claims of a token this server signed (any board, any time), or a 403. */
  private verify(token: string): DownloadClaims {
    const match = token.length <= MAX_TOKEN_LENGTH ? TOKEN_SHAPE.exec(token) : null
    if (!match || !sameText(this.sign(match[1]!), match[2]!)) throw new HttpError(403, INVALID)
    let claims: Partial<DownloadClaims>
    try {
      claims = JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8')) as Partial<DownloadClaims>
    } catch {
      throw new HttpError(403, INVALID)
    }
    // Signed by us, so well formed; checked anyway, as everything read from a request is.
    const valid =
      typeof claims === 'object' &&
      claims !== null &&
      typeof claims.b === 'string' &&
      isLinkRole(claims.r) &&
      typeof claims.p === 'string' &&
      typeof claims.e === 'number' &&
      typeof claims.l === 'string'
    if (!valid) throw new HttpError(403, INVALID)
    return claims as DownloadClaims
  }
}

/** Equality in time that does not depend on where the texts differ. */
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  return left.length === right.length && timingSafeEqual(left, right)
}
