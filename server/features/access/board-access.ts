/**
 * Who may do what with a board, decided from the link token of each request and connection:
 * creating a board with its four links, resolving a request's role, guarding API routes,
 * renewing a link (which closes the connections that used the old one at once), and the
 * `onAuthenticate` hook that gives every sync connection its role.
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { boardLink, type BoardLinks, type LinkRole } from '../../../shared/model/roles'
import { CloseCode } from '../../../shared/protocol/close-codes'
import type { BoardSessions, ConnectionIdentity, Refusal, ServerHooks, WriteQuotas } from '../../hooks'
import { HttpError } from '../../http/respond'
import type { Logger } from '../../log'
import type { BoardMetadata, BoardStorage } from '../../storage/board-storage'
import {
  issueLinks,
  joinTokenForStage,
  LINKS_META_KEY,
  openLinks,
  readStoredLinks,
  renewLink,
  roleOfToken,
  type LinkTokens,
} from './board-links'
import { linkTokenInAddress, requestToken, requestVoterKey, socketToken } from './request-token'

/** What the API answers when a request carries no valid link; the client shows its own page for it. */
const NO_VALID_LINK = 'this board needs a valid link: ask the facilitator for one'
const TOKEN_IN_ADDRESS =
  'a link token in the address is not accepted: send it as "Authorization: Bearer <token>" (downloads use a download token, see POST /api/boards/:id/downloads)'
const LINK_RENEWED = 'the facilitator renewed this link: ask them for the new one'

/** The identity of a sync connection authenticated by link. */
export interface LinkIdentity extends ConnectionIdentity {
  readonly role: LinkRole
  readonly data: {
    readonly voterId: string | null
    /** The device's key in the board's attendance (server/features/attendance.ts), or null. */
    readonly attendeeId: string | null
  }
}

export interface BoardAccessOptions {
  storage: BoardStorage
  logger: Logger
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

function roleOf(board: BoardMetadata, token: string | null): LinkRole | null {
  const stored = readStoredLinks(board.meta)
  return token && stored ? roleOfToken(stored, token) : null
}

/** The role the API request's token (`Authorization: Bearer`) opens on `board`, or null. */
export function requestRole(board: BoardMetadata, request: IncomingMessage): LinkRole | null {
  return roleOf(board, requestToken(request))
}

/** The 403 for a role that `allowed` does not include. */
export function roleNotAllowed(role: LinkRole): HttpError {
  return new HttpError(403, `a ${role} link does not allow this`)
}

/**
 * The API request's role, or a 403 when it has none or one not in `allowed`. A link token in the
 * address (`?k=`) is refused with its own message, so a caller from before that rule learns why.
 */
export function requireRole(request: IncomingMessage, board: BoardMetadata, allowed: readonly LinkRole[]): LinkRole {
  const role = requestRole(board, request)
  if (role === null) throw new HttpError(403, requestToken(request) === null && linkTokenInAddress(request) ? TOKEN_IN_ADDRESS : NO_VALID_LINK)
  if (!allowed.includes(role)) throw roleNotAllowed(role)
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
    stage: boardLink(origin, boardId, tokens.stage, 'stage'),
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

  /**
   * Every token of the board, for a facilitator request (403 otherwise). A board stored before the
   * stage had a link of its own gets its stage token now, and is stored in the current format.
   */
  tokensFor(request: IncomingMessage, board: BoardMetadata): LinkTokens {
    requireRole(request, board, ['facilitator'])
    const opened = openLinks(readStoredLinks(board.meta)!, requestToken(request)!, board.id)
    if (!opened) throw new HttpError(500, 'the stored links cannot be read')
    if (opened.changed) {
      this.options.storage.updateBoardMeta(board.id, { ...board.meta, [LINKS_META_KEY]: opened.stored })
      this.options.logger.info('board.stage_link_added', { board: board.id })
    }
    return opened.tokens
  }

  /**
   * The participant token for the join code, for a facilitator, participant or stage request;
   * null for anyone else (viewers may not add cards) or when it cannot be read.
   */
  joinTokenFor(request: IncomingMessage, board: BoardMetadata): string | null {
    const role = requestRole(board, request)
    const token = requestToken(request)
    if (role === null || token === null) return null
    if (role === 'participant') return token
    if (role === 'facilitator') return this.tokensFor(request, board).participant
    if (role === 'stage') return joinTokenForStage(readStoredLinks(board.meta)!, token, board.id)
    return null
  }

  /**
   * Replaces the link of `role` (facilitator requests only). The old token stops working at once:
   * every request reads the board's metadata afresh, and the connections that used it are closed
   * with `CloseCode.linkRenewed`, which tells the provider not to reconnect. Only the board's own
   * connections are looked at (`sessions`: those its room knows).
   */
  renew(request: IncomingMessage, board: BoardMetadata, role: LinkRole, sessions: BoardSessions): LinkTokens {
    requireRole(request, board, ['facilitator'])
    const renewed = renewLink(readStoredLinks(board.meta)!, role, requestToken(request)!, board.id)
    if (!renewed) throw new HttpError(500, 'the stored links cannot be read')
    this.options.storage.updateBoardMeta(board.id, { ...board.meta, [LINKS_META_KEY]: renewed.stored })
    let closed = 0
    for (const connection of sessions.connectionsOf(board.id)) {
      if (connection.identity.role !== role) continue
      connection.close(CloseCode.linkRenewed, LINK_RENEWED)
      closed++
    }
    this.options.logger.info('board.link_renewed', { board: board.id, role, closed })
    return renewed.tokens
  }

  /** Gives every sync connection the role of its link, or refuses it (close 4403). */
  readonly hooks: Required<Pick<ServerHooks, 'onAuthenticate'>> = {
    onAuthenticate: ({ board, request }): LinkIdentity | Refusal => {
      const role = roleOf(board, socketToken(request))
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
