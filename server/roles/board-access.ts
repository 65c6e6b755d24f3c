/**
 * Who may do what with a board, decided from the link token of each request and connection:
 * creating a board with its three links, resolving a request's role, guarding API routes,
 * renewing a link (which closes the connections that used the old one at once), and the
 * `onAuthenticate` hook that gives every sync connection its role.
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { boardLink, type BoardLinks, type Role } from '../../shared/model/roles'
import { CloseCode } from '../../shared/protocol/close-codes'
import type { ConnectionIdentity, Refusal, ServerHooks, WriteQuotas } from '../hooks'
import { HttpError } from '../http/respond'
import type { Logger } from '../log'
import type { BoardMetadata, BoardStorage } from '../storage/board-storage'
import type { Connection } from '../sync/connection'
import { issueLinks, LINKS_META_KEY, readStoredLinks, renewLink, revealTokens, roleOfToken, type LinkTokens } from './board-links'
import { requestToken, requestVoterKey } from './request-token'

/** What the API answers when a request carries no valid link; the client shows its own page for it. */
const NO_VALID_LINK = 'this board needs a valid link: ask the facilitator for one'
const LINK_RENEWED = 'the facilitator renewed this link: ask them for the new one'

/** The identity of a sync connection authenticated by link. */
export interface LinkIdentity extends ConnectionIdentity {
  readonly role: Role
  readonly data: {
    readonly voterId: string | null
    /** The device's key in the board's attendance (server/records/attendance.ts), or null. */
    readonly attendeeId: string | null
  }
}

export interface BoardAccessOptions {
  storage: BoardStorage
  logger: Logger
  /** The open sync connections (read when a link is renewed). */
  connections(): Iterable<Connection>
  /** What every role but the facilitator may write (the facilitator is not limited). */
  quotas: WriteQuotas
}

const MIB = 1024 * 1024

/**
 * Generous for people: a card is a few hundred bytes, dragging a hundred cards for a second a few
 * hundred kilobytes, a phone's sync after an hour offline a megabyte or two; a board of 2,000
 * cards stores about 2 MiB.
 */
export const DEFAULT_WRITE_QUOTAS: WriteQuotas = {
  maxUpdateBytes: 2 * MIB,
  maxUpdateStructs: 20_000,
  bytesPerSecond: 1 * MIB,
  burstBytes: 16 * MIB,
  maxBoardBytes: 64 * MIB,
}

/** A voter id for a device's voter key on one board: stable, not reversible, short. */
export function voterIdOf(boardId: string, voterKey: string): string {
  return createHash('sha256').update(`gatherboard voter\n${boardId}\n${voterKey}`).digest('base64url').slice(0, 16)
}

/**
 * The key of a device's voter key in a board's attendance. Derived apart from the voter id: the
 * dots carry voter ids in their keys, and attendance (names) keyed by them would tell who voted
 * for what.
 */
export function attendeeIdOf(boardId: string, voterKey: string): string {
  return createHash('sha256').update(`gatherboard attendee\n${boardId}\n${voterKey}`).digest('base64url').slice(0, 16)
}

/** The voter id a connection was authenticated with, or null. */
export function connectionVoterId(identity: ConnectionIdentity): string | null {
  const voterId = identity.data?.voterId
  return typeof voterId === 'string' ? voterId : null
}

/** The role the request's token opens on `board`, or null. */
export function requestRole(board: BoardMetadata, request: IncomingMessage): Role | null {
  const token = requestToken(request)
  const stored = readStoredLinks(board.meta)
  return token && stored ? roleOfToken(stored, token) : null
}

/** The request's role, or a 403 when it has none or one not in `allowed`. */
export function requireRole(request: IncomingMessage, board: BoardMetadata, allowed: readonly Role[]): Role {
  const role = requestRole(board, request)
  if (role === null) throw new HttpError(403, NO_VALID_LINK)
  if (!allowed.includes(role)) throw new HttpError(403, `a ${role} link does not allow this`)
  return role
}

/** The request's voter id on the board (from its voter key), or null. */
export function requestVoterId(board: BoardMetadata, request: IncomingMessage): string | null {
  const key = requestVoterKey(request)
  return key ? voterIdOf(board.id, key) : null
}

/** All links of a board for people to use. */
export function linksOf(origin: string, boardId: string, tokens: LinkTokens): BoardLinks {
  return {
    facilitator: boardLink(origin, boardId, tokens.facilitator),
    participant: boardLink(origin, boardId, tokens.participant),
    viewer: boardLink(origin, boardId, tokens.viewer),
    stage: boardLink(origin, boardId, tokens.facilitator, 'stage'),
    join: boardLink(origin, boardId, tokens.participant, 'capture'),
  }
}

export class BoardAccess {
  constructor(private readonly options: BoardAccessOptions) {}

  /** Creates a board with fresh links; the tokens are returned this once and never stored. */
  createBoard(id: string): { board: BoardMetadata; tokens: LinkTokens } {
    const { stored, tokens } = issueLinks(id)
    const board = this.options.storage.createBoard(id, { [LINKS_META_KEY]: stored })
    return { board, tokens }
  }

  /** Every token of the board, for a facilitator request (403 otherwise). */
  tokensFor(request: IncomingMessage, board: BoardMetadata): LinkTokens {
    requireRole(request, board, ['facilitator'])
    const stored = readStoredLinks(board.meta)!
    const tokens = revealTokens(stored, requestToken(request)!, board.id)
    if (!tokens) throw new HttpError(500, 'the stored links cannot be read')
    return tokens
  }

  /**
   * Replaces the link of `role` (facilitator requests only). The old token stops working at once:
   * every request reads the board's metadata afresh, and the connections that used it are closed
   * with `CloseCode.linkRenewed`, which tells the provider not to reconnect.
   */
  renew(request: IncomingMessage, board: BoardMetadata, role: Role): LinkTokens {
    requireRole(request, board, ['facilitator'])
    const renewed = renewLink(readStoredLinks(board.meta)!, role, requestToken(request)!, board.id)
    if (!renewed) throw new HttpError(500, 'the stored links cannot be read')
    this.options.storage.updateBoardMeta(board.id, { ...board.meta, [LINKS_META_KEY]: renewed.stored })
    let closed = 0
    for (const connection of this.options.connections()) {
      if (connection.boardId !== board.id || connection.identity.role !== role) continue
      connection.close(CloseCode.linkRenewed, LINK_RENEWED)
      closed++
    }
    this.options.logger.info('board.link_renewed', { board: board.id, role, closed })
    return renewed.tokens
  }

  /** Gives every sync connection the role of its link, or refuses it (close 4403). */
  readonly hooks: Required<Pick<ServerHooks, 'onAuthenticate'>> = {
    onAuthenticate: ({ board, request }): LinkIdentity | Refusal => {
      const role = requestRole(board, request)
      if (role === null) return { refuse: NO_VALID_LINK }
      const voterKey = requestVoterKey(request)
      const voterId = voterKey ? voterIdOf(board.id, voterKey) : null
      return {
        role,
        // Without a voter key the connection is a device of its own (the transport's default).
        ...(voterId ? { device: `device:${voterId}` } : {}),
        ...(role === 'facilitator' ? {} : { quotas: this.options.quotas }),
        data: { voterId, attendeeId: voterKey ? attendeeIdOf(board.id, voterKey) : null },
      }
    },
  }
}
