/**
 * Typing a join code (shared/model/join-code.ts) instead of scanning the QR code:
 *
 *   POST /api/join-codes { code }  (any case, with or without the dash and spaces)
 *     -> 200 { boardId, token }: the participant token, for `/b/<boardId>/capture#k=<token>`
 *     -> 400 for something that cannot be a code, 404 for a code of no board (or one renewed away),
 *        429 with `Retry-After` beyond the per-address limit of failed tries.
 *
 * Why the limit counts only failed tries: a code has about 40 bits, which is safe only while
 * guessing is slow, and a guess almost always fails; a person on site types the right code, maybe
 * after a typo or two, and sixty of them may share the venue's one address. So every try takes a
 * token from the address's bucket before the code is looked at (tries in flight hold theirs, so a
 * flood of parallel guesses gets no more), and a try that finds a board gives its token back. A
 * malformed code costs nothing to refuse and is not counted: it is a typo, never a guess.
 *
 * Refused tries are logged without the code, which would be a secret if it were right.
 */
import { normalizeJoinCode } from '../../../shared/model/join-code'
import { clientAddress } from '../../http/client-address'
import { readJsonBody } from '../../http/read-json'
import { HttpError, sendJson } from '../../http/respond'
import type { AddressLimits } from '../../limits/address-limits'
import { retryAfterSeconds } from '../../limits/rate-limits'
import type { Logger } from '../../log'
import type { BoardStorage } from '../../storage/board-storage'
import type { ServerFeature } from '../feature'
import { joinTokenForCode, readStoredLinks } from './board-links'
import { stretchJoinCode } from './join-codes'

export interface JoinCodeApiOptions {
  storage: BoardStorage
  logger: Logger
  /** Failed tries one address may make per minute, and at once. */
  triesPerMinute: number
  trustProxy: boolean
  /** Where the per-address limit is counted (shared by the servers when they have Redis). */
  limits: AddressLimits
  /** Clock of the rate limit (ms); tests pass their own. */
  now?: () => number
}

const MALFORMED = 'a join code has 8 letters and digits, like K7M2-Q9RT'
const UNKNOWN = 'there is no board with this join code: check it, or ask the facilitator for the current one'

export function joinCodeApiFeature(options: JoinCodeApiOptions): ServerFeature {
  const limiter = options.limits.limiter('join-codes', { burst: options.triesPerMinute, ratePerSecond: options.triesPerMinute / 60 }, options.now)
  return {
    registerRoutes(router) {
      router.post('/api/join-codes', async ({ req, res }) => {
        const body = await readJsonBody(req)
        const typed = (body as { code?: unknown } | null)?.code
        const code = typeof typed === 'string' ? normalizeJoinCode(typed) : null
        if (code === null) {
          options.logger.info('join_code.malformed')
          throw new HttpError(400, MALFORMED)
        }
        const address = clientAddress(req, options.trustProxy)
        const decision = await limiter.take(address)
        if (!decision.allowed) {
          options.logger.warn('join_code.rate_limited', { retryAfterMs: Math.round(decision.retryAfterMs) })
          const seconds = retryAfterSeconds(decision.retryAfterMs)
          throw new HttpError(429, `too many wrong join codes from your network: try again in ${seconds} seconds`, {
            'Retry-After': seconds,
          })
        }
        const found = await resolve(options.storage, code)
        if (found === null) {
          options.logger.warn('join_code.unknown')
          throw new HttpError(404, UNKNOWN)
        }
        await limiter.giveBack(address)
        options.logger.info('join_code.resolved', { board: found.boardId })
        sendJson(res, 200, found)
      })
    },
  }
}

/** The board of a canonical code and its participant token, or null. */
async function resolve(storage: BoardStorage, code: string): Promise<{ boardId: string; token: string } | null> {
  const keys = await stretchJoinCode(code)
  const boardId = await storage.boardOfJoinCode(keys.digest)
  const board = boardId === null ? null : await storage.getBoard(boardId)
  const stored = board ? readStoredLinks(board.meta) : null
  const token = board && stored ? joinTokenForCode(stored, keys.secret, board.id) : null
  return board && token ? { boardId: board.id, token } : null
}
