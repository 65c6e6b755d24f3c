/**
 * Who may do what with a board, decided from the link token of each request and connection:
 * creating a board with its four links and its join code, resolving a request's role, guarding
 * API routes, renewing a link (which closes the connections that used the old one at once), and
 * the `onAuthenticate` hook that gives every sync connection its role.
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
  joinTokenForStage,
  LINKS_META_KEY,
  newLinkTokens,
  openLinks,
  readStoredLinks,
  roleOfToken,
  storeLinks,
  withCodeSeal,
  type LinkTokens,
  type StoredLinks,
  type StoredLinksV3,
} from './board-links'
import { findBoard } from '../find-board'
import { BoardQueue } from '../../sync/board-queue'
import { joinCodeOf, stretchJoinCode } from './join-codes'
import { newToken } from './tokens'
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
  if (role === null) throw noValidLink(request, NO_VALID_LINK)
  if (!allowed.includes(role)) throw roleNotAllowed(role)
  return role
}

/**
 * The 403 for a request whose token opens nothing: `message` says which link it needs, unless
 * the token came in the address (`?k=`), which is refused with its own message.
 */
export function noValidLink(request: IncomingMessage, message: string): HttpError {
  return new HttpError(403, requestToken(request) === null && linkTokenInAddress(request) ? TOKEN_IN_ADDRESS : message)
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

/** The phone join link's token and the board's join code (null when it has none), for one request. */
export interface JoinAccess {
  token: string
  code: string | null
}

/**
 * The join link's token with the board's code: none for a board from before codes (version 1,
 * until the facilitator opens it) or the rare board whose code another board had first.
 */
function joinAccess(participant: string, stored: StoredLinks): JoinAccess {
  const hasCode = stored.version === 3 && stored.participant.sealedForCode !== null
  return { token: participant, code: hasCode ? joinCodeOf(participant) : null }
}

/** Stores a board's links with its join code (null: none); false, storing nothing, when another board has that code. */
type SaveLinks = (stored: StoredLinksV3, joinCode: string | null) => Promise<boolean>

export class BoardAccess {
  /** Changes of each board's links, one at a time (`changeLinks`). */
  private readonly linkChanges = new BoardQueue()

  constructor(private readonly options: BoardAccessOptions) {}

  /** Creates a board with fresh links and its join code; the tokens are returned this once and never stored. */
  async createBoard(id: string): Promise<{ board: BoardMetadata; tokens: LinkTokens }> {
    const drawn = newLinkTokens()
    let board: BoardMetadata | null = null
    const { participant } = await this.storeWithCode(
      id,
      drawn.participant,
      'redraw',
      (token, codeSecret) => storeLinks(id, { ...drawn, participant: token }, codeSecret),
      async (stored, joinCode) => {
        board = await this.options.storage.createBoard(id, { meta: { [LINKS_META_KEY]: stored }, joinCode })
        return board !== null
      },
    )
    return { board: board!, tokens: { ...drawn, participant } }
  }

  /**
   * Every token of the board, for a facilitator request (403 otherwise). A board stored in an
   * older format (without a stage link, or without a join code) is stored in the current one now.
   */
  async tokensFor(request: IncomingMessage, board: BoardMetadata): Promise<LinkTokens> {
    return (await this.openForFacilitator(request, board)).tokens
  }

  private async openForFacilitator(request: IncomingMessage, board: BoardMetadata): Promise<{ tokens: LinkTokens; stored: StoredLinksV3 }> {
    const open = (current: BoardMetadata) => {
      requireRole(request, current, ['facilitator'])
      const stored = readStoredLinks(current.meta)!
      const opened = openLinks(stored, requestToken(request)!, current.id)
      if (!opened) throw new HttpError(500, 'the stored links cannot be read')
      return { stored, tokens: opened.tokens }
    }
    const { stored, tokens } = open(board)
    if (stored.version === 3) return { tokens, stored }
    return this.changeLinks(board.id, async (current) => {
      const opened = open(current)
      if (opened.stored.version === 3) return { tokens: opened.tokens, stored: opened.stored }
      const upgraded = await this.storeWithCode(
        current.id,
        opened.tokens.participant,
        'keep',
        (_token, codeSecret) => storeLinks(current.id, opened.tokens, codeSecret),
        this.linkWriter(current),
      )
      this.options.logger.info(opened.stored.version === 1 ? 'board.stage_link_added' : 'board.join_code_added', { board: current.id })
      return { tokens: opened.tokens, stored: upgraded.stored }
    })
  }

  /**
   * The participant token and the join code, for a facilitator, participant or stage request;
   * null for anyone else (viewers may not add cards) or when the token cannot be read. A version 2
   * board gets its join code here, from any of these tokens: each can read the participant token,
   * which is all the code's seal needs.
   */
  async joinFor(request: IncomingMessage, board: BoardMetadata): Promise<JoinAccess | null> {
    const role = requestRole(board, request)
    const token = requestToken(request)
    const stored = readStoredLinks(board.meta)
    if (role === null || token === null || stored === null) return null
    if (role === 'facilitator') {
      const opened = await this.openForFacilitator(request, board)
      return joinAccess(opened.tokens.participant, opened.stored)
    }
    const participant = role === 'participant' ? token : role === 'stage' ? joinTokenForStage(stored, token, board.id) : null
    if (participant === null) return null
    if (stored.version !== 2) return joinAccess(participant, stored)
    return this.changeLinks(board.id, async (current) => {
      const now = readStoredLinks(current.meta)!
      // Renewed meanwhile: the token this request read is no longer the participant's.
      if (roleOfToken(now, participant) !== 'participant') return null
      if (now.version !== 2) return joinAccess(participant, now)
      const upgraded = await this.storeWithCode(
        current.id,
        participant,
        'keep',
        (_token, codeSecret) => withCodeSeal(now, participant, current.id, codeSecret),
        this.linkWriter(current),
      )
      this.options.logger.info('board.join_code_added', { board: current.id })
      return joinAccess(participant, upgraded.stored)
    })
  }

  /**
   * Replaces the link of `role` (facilitator requests only); renewing the participant link
   * replaces the join code too. The old token (and code) stops working at once: every request
   * reads the board's metadata afresh, and the connections that used it are closed with
   * `CloseCode.linkRenewed`, which tells the provider not to reconnect. Only the board's own
   * connections are looked at (`sessions`: those its room knows).
   */
  async renew(request: IncomingMessage, board: BoardMetadata, role: LinkRole, sessions: BoardSessions): Promise<LinkTokens> {
    requireRole(request, board, ['facilitator'])
    const renewed = await this.changeLinks(board.id, async (current) => {
      requireRole(request, current, ['facilitator'])
      const opened = openLinks(readStoredLinks(current.meta)!, requestToken(request)!, current.id)
      if (!opened) throw new HttpError(500, 'the stored links cannot be read')
      const drawn: LinkTokens = { ...opened.tokens, [role]: newToken() }
      const onTaken = role === 'participant' ? 'redraw' : 'keep'
      const { participant } = await this.storeWithCode(
        current.id,
        drawn.participant,
        onTaken,
        (token, codeSecret) => storeLinks(current.id, { ...drawn, participant: token }, codeSecret),
        this.linkWriter(current),
      )
      return { ...drawn, participant }
    })
    const closed = sessions.closeRole(board.id, role, CloseCode.linkRenewed, LINK_RENEWED)
    this.options.logger.info('board.link_renewed', { board: board.id, role, closed })
    return renewed
  }

  /**
   * Runs `change` with the board as stored once every earlier change of its links has ended: a
   * change waits for scrypt (join-codes.ts) between reading the links and writing them, and two
   * at once (two renewals, a renewal and an upgrade) would otherwise undo one another.
   */
  private changeLinks<T>(boardId: string, change: (board: BoardMetadata) => Promise<T>): Promise<T> {
    return this.linkChanges.run(boardId, async () => change(await findBoard(this.options.storage, boardId)))
  }

  /** Stores links in `board`'s metadata with a join code; false when another board has that code. */
  private linkWriter(board: BoardMetadata): SaveLinks {
    return (stored, joinCode) =>
      this.options.storage.updateBoardMeta(board.id, { meta: { ...board.meta, [LINKS_META_KEY]: stored }, joinCode })
  }

  /**
   * Makes the board's links (`links`, given the participant token and its code's secret) and
   * stores them with that token's join code (`save`, one transaction). When another board has that
   * code already (about one in 2^39 for two boards): with `redraw`, where the participant token is
   * new anyway (a new board, a renewed participant link), it is drawn again; with `keep` the board
   * goes without a code (secret null), since a link people hold must not change for it. Returns the
   * participant token and the links stored.
   */
  private async storeWithCode(
    boardId: string,
    participant: string,
    onTaken: 'redraw' | 'keep',
    links: (participant: string, codeSecret: string | null) => StoredLinksV3,
    save: SaveLinks,
  ): Promise<{ participant: string; stored: StoredLinksV3 }> {
    for (let token = participant; ; token = newToken()) {
      const keys = await stretchJoinCode(joinCodeOf(token))
      const stored = links(token, keys.secret)
      if (await save(stored, keys.digest)) return { participant: token, stored }
      this.options.logger.warn('board.join_code_taken', { board: boardId, redraw: onTaken === 'redraw' })
      if (onTaken === 'keep') {
        const without = links(token, null)
        await save(without, null)
        return { participant: token, stored: without }
      }
    }
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
