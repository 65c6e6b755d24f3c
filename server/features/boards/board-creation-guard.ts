/**
 * Who may create boards: at most so many per client address (429 with `Retry-After` beyond), and
 *   - with sign-in (OIDC), only a signed-in facilitator (401 otherwise), whose account is returned
 *     so that the board is recorded as theirs;
 *   - else, when the operator sets `CREATE_BOARD_SECRET`, only whoever sends it as
 *     `Authorization: Bearer <secret>` (401 without it, 403 with a wrong one; the start page asks
 *     for it on either);
 *   - without a secret, only someone at the server's own machine (`localhost`, local-request.ts):
 *     the two-command start works, and a server reachable from elsewhere is not open to the
 *     world by default; anyone else gets 403 with a message that tells the operator what to set.
 * Every attempt counts against the address, so the secret cannot be guessed at speed.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { AddressLimiter, AddressLimits } from '../../limits/address-limits'
import { retryAfterSeconds } from '../../limits/rate-limits'
import type { Logger } from '../../log'
import { clientAddress } from '../../http/client-address'
import { isLocalRequest } from '../../http/local-request'
import { HttpError } from '../../http/respond'
import type { Account } from '../../storage/account-storage'
import type { FacilitatorSignIn } from '../sign-in/facilitator-sign-in'

export interface BoardCreationGuardOptions {
  /** Null: only requests from the server's own machine may create boards. */
  secret: string | null
  burst: number
  perHour: number
  trustProxy: boolean
  /** With sign-in enabled, only signed-in facilitators create boards. */
  signIn: FacilitatorSignIn
  /** Where the per-address limit is counted (shared by the servers when they have Redis). */
  limits: AddressLimits
  logger: Logger
  /** Clock of the rate limit (ms); tests pass their own. */
  now?: () => number
}

export class BoardCreationGuard {
  private readonly limiter: AddressLimiter
  private readonly secretDigest: Buffer | null

  constructor(private readonly options: BoardCreationGuardOptions) {
    this.limiter = options.limits.limiter('boards', { burst: options.burst, ratePerSecond: options.perHour / 3600 }, options.now)
    this.secretDigest = options.secret === null ? null : digest(options.secret)
  }

  /**
   * Throws the `HttpError` that refuses this request, or resolves when it may create a board: with
   * the signed-in account on a server with sign-in, else null.
   */
  async admit(request: IncomingMessage): Promise<Account | null> {
    const address = clientAddress(request, this.options.trustProxy)
    const decision = await this.limiter.take(address)
    if (!decision.allowed) {
      this.options.logger.warn('board.create_rate_limited', { retryAfterMs: Math.round(decision.retryAfterMs) })
      throw new HttpError(429, 'too many new boards from your network; please wait a little and try again', {
        'Retry-After': retryAfterSeconds(decision.retryAfterMs),
      })
    }
    if (this.options.signIn.enabled) {
      const account = await this.options.signIn.account(request)
      if (account === null) throw new HttpError(401, 'creating a board on this server needs signing in first (/auth/login)')
      return account
    }
    if (this.secretDigest === null) {
      if (isLocalRequest(request)) return null
      this.options.logger.warn('board.create_closed')
      throw new HttpError(403, CREATION_CLOSED)
    }
    const header = request.headers.authorization
    const sent = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined
    if (sent === undefined) {
      throw new HttpError(401, 'creating a board on this server needs its board creation secret', {
        'WWW-Authenticate': 'Bearer realm="board creation"',
      })
    }
    // Digests have one length, so the comparison takes the same time wherever they differ.
    if (!timingSafeEqual(digest(sent), this.secretDigest)) {
      this.options.logger.warn('board.create_secret_wrong')
      throw new HttpError(403, 'the board creation secret is not right')
    }
    return null
  }
}

/** Also what the start page recognises a closed server by (403 without a secret sent). */
const CREATION_CLOSED =
  'this server lets only its own machine (localhost) create boards: its operator sets CREATE_BOARD_SECRET ' +
  '(12 or more characters, handed to the facilitators) or sign-in with OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET'

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest()
}
