/**
 * Who may do what with a series, decided from the link token of each request, with the same
 * machinery as a board's links (features/access): tokens from the CSPRNG, kept only as SHA-256
 * digests compared in constant time, and sealed for whoever may read them back.
 *
 * What is sealed under what:
 * - the read token under the manage token (the facilitator hands it out again);
 * - per meeting: the board's viewer token under the read token (the series page links every
 *   meeting for the teams), the board's facilitator token under the manage token, and the manage
 *   token under the board's facilitator token: a meeting's facilitator plans the next meeting of
 *   the series from the board. Adding a board takes both links, so nobody gains a link by it.
 * - per commitment: the owner's token under the manage token.
 * A board link renewed after it joined leaves its seal unreadable or opening a token no longer valid:
 * that meeting then has no link on the series page until the facilitator adds the board again
 * (which reads its links afresh).
 */
import type { IncomingMessage } from 'node:http'
import type { SeriesRole } from '../../../shared/series/series-links'
import { HttpError } from '../../http/respond'
import type { SeriesMeetingRecord, SeriesRecord } from '../../storage/series-storage'
import { noValidLink } from '../access/board-access'
import type { LinkTokens } from '../access/board-links'
import { requestToken } from '../access/request-token'
import { newToken, sameDigest, seal, tokenDigest, unseal } from '../access/tokens'

const NO_SERIES_LINK = 'this series needs a valid link: ask its facilitator for one'

interface StoredSeriesLinks {
  version: 1
  manage: { digest: string }
  /** `sealed`: the read token under the manage token. */
  read: { digest: string; sealed: string }
}

export type SeriesTokens = Record<SeriesRole, string>

function readStoredSeriesLinks(links: Record<string, unknown>): StoredSeriesLinks | null {
  const manage = links.manage as { digest?: unknown } | undefined
  const read = links.read as { digest?: unknown; sealed?: unknown } | undefined
  const valid = links.version === 1 && typeof manage?.digest === 'string' && typeof read?.digest === 'string' && typeof read.sealed === 'string'
  return valid ? (links as unknown as StoredSeriesLinks) : null
}

/** Fresh links for a new series: the tokens (returned once) and what is stored of them. */
export function newSeriesLinks(seriesId: string): { tokens: SeriesTokens; stored: Record<string, unknown> } {
  const tokens = { manage: newToken(), read: newToken() }
  const stored: StoredSeriesLinks = {
    version: 1,
    manage: { digest: tokenDigest(tokens.manage) },
    read: { digest: tokenDigest(tokens.read), sealed: seal(tokens.read, tokens.manage, seriesId) },
  }
  return { tokens, stored: stored as unknown as Record<string, unknown> }
}

/** The role `token` opens on the series, or null. Both digests are always compared. */
export function seriesRoleOfToken(series: SeriesRecord, token: string | null): SeriesRole | null {
  const stored = readStoredSeriesLinks(series.links)
  if (!stored || token === null) return null
  const digest = tokenDigest(token)
  const manage = sameDigest(digest, stored.manage.digest)
  const read = sameDigest(digest, stored.read.digest)
  return manage ? 'manage' : read ? 'read' : null
}

/** The request's role on the series, or a 403 when it has none or one not in `allowed`. */
export function requireSeriesRole(request: IncomingMessage, series: SeriesRecord, allowed: readonly SeriesRole[]): SeriesRole {
  const role = seriesRoleOfToken(series, requestToken(request))
  if (role === null) throw noValidLink(request, NO_SERIES_LINK)
  if (!allowed.includes(role)) throw new HttpError(403, `a ${role} link of the series does not allow this`)
  return role
}

/** Both tokens of the series, given its manage token. */
export function seriesTokens(series: SeriesRecord, manageToken: string): SeriesTokens {
  const stored = readStoredSeriesLinks(series.links)
  const read = stored && seriesRoleOfToken(series, manageToken) === 'manage' ? unseal(stored.read.sealed, manageToken, series.id) : null
  if (read === null) throw new HttpError(500, 'the stored links of the series cannot be read')
  return { manage: manageToken, read }
}

/** What the series keeps of a meeting's board links (see the top of this file). */
export function meetingSeals(series: SeriesTokens, seriesId: string, board: LinkTokens, boardId: string): Record<string, string> {
  return {
    viewer: seal(board.viewer, series.read, boardId),
    facilitator: seal(board.facilitator, series.manage, boardId),
    manage: seal(series.manage, board.facilitator, seriesId),
  }
}

/**
 * The board token a series link reads from a meeting's seals: the viewer's for `read`, the
 * facilitator's for `manage`; null when the seal no longer opens.
 */
export function meetingToken(meeting: SeriesMeetingRecord, role: SeriesRole, tokens: { manage?: string; read: string }): string | null {
  if (role === 'manage') return tokens.manage && meeting.seals.facilitator ? unseal(meeting.seals.facilitator, tokens.manage, meeting.boardId) : null
  return meeting.seals.viewer ? unseal(meeting.seals.viewer, tokens.read, meeting.boardId) : null
}

/** The series' manage token read with a meeting board's facilitator token, or null. */
export function manageTokenFromBoard(series: SeriesRecord, meeting: SeriesMeetingRecord, boardFacilitatorToken: string): string | null {
  const token = meeting.seals.manage ? unseal(meeting.seals.manage, boardFacilitatorToken, series.id) : null
  return token !== null && seriesRoleOfToken(series, token) === 'manage' ? token : null
}

/** A new owner link's token, its digest and the token sealed for the series' facilitator. */
export function newOwnerLink(manageToken: string, commitmentId: string): { token: string; digest: string; sealed: string } {
  const token = newToken()
  return { token, digest: tokenDigest(token), sealed: seal(token, manageToken, commitmentId) }
}

export function openOwnerLink(sealed: string, manageToken: string, commitmentId: string): string | null {
  return unseal(sealed, manageToken, commitmentId)
}

export function isOwnerToken(digest: string, token: string | null): boolean {
  return token !== null && sameDigest(tokenDigest(token), digest)
}


/**
 * What renewing the series link of `role` stores: the new token's digest and every seal made with
 * the old token made again with the new one (the read token; each meeting's board links and the
 * manage token sealed for its board; the owner links). A seal the old token no longer opens (a
 * board link renewed since) is left out: that meeting is added again to get it back.
 */
export function renewedSeals(
  series: SeriesRecord,
  old: SeriesTokens,
  role: SeriesRole,
  meetings: readonly SeriesMeetingRecord[],
  owners: readonly { id: string; sealed: string }[],
): { tokens: SeriesTokens; links: Record<string, unknown>; meetings: Map<string, Record<string, string>>; owners: Map<string, string> } {
  const tokens = { ...old, [role]: newToken() }
  const links: StoredSeriesLinks = {
    version: 1,
    manage: { digest: tokenDigest(tokens.manage) },
    read: { digest: tokenDigest(tokens.read), sealed: seal(tokens.read, tokens.manage, series.id) },
  }
  const resealed = new Map<string, Record<string, string>>()
  for (const meeting of meetings) {
    const viewer = meeting.seals.viewer ? unseal(meeting.seals.viewer, old.read, meeting.boardId) : null
    const facilitator = meeting.seals.facilitator ? unseal(meeting.seals.facilitator, old.manage, meeting.boardId) : null
    const seals: Record<string, string> = {}
    if (viewer !== null) seals.viewer = seal(viewer, tokens.read, meeting.boardId)
    if (facilitator !== null) {
      seals.facilitator = seal(facilitator, tokens.manage, meeting.boardId)
      seals.manage = seal(tokens.manage, facilitator, series.id)
    }
    resealed.set(meeting.boardId, seals)
  }
  const ownerSeals = new Map<string, string>()
  for (const owner of owners) {
    const token = openOwnerLink(owner.sealed, old.manage, owner.id)
    if (token !== null) ownerSeals.set(owner.id, seal(token, tokens.manage, owner.id))
  }
  return { tokens, links: links as unknown as Record<string, unknown>, meetings: resealed, owners: ownerSeals }
}
