/**
 * A board's three links as the server keeps them, in the board's metadata (`meta.links`).
 *
 * Each role's token is stored only as its SHA-256 digest: whoever reads the database cannot open a
 * board with what is there. The facilitator still needs the participant and viewer links later (for
 * the join code, to pass them on), so those two tokens are also stored encrypted with a key derived
 * from the facilitator's token: only a request carrying the facilitator token can read them back.
 * Renewing the facilitator link re-encrypts them under the new token.
 */
import type { Role } from '../../shared/model/roles'
import { newToken, sameDigest, seal, tokenDigest, unseal } from './tokens'

export const LINKS_META_KEY = 'links'

export interface StoredLinks {
  version: 1
  facilitator: { digest: string }
  participant: { digest: string; sealed: string }
  viewer: { digest: string; sealed: string }
}

export type LinkTokens = Record<Role, string>

function isDigestEntry(value: unknown, sealed: boolean): boolean {
  if (typeof value !== 'object' || value === null) return false
  const entry = value as Record<string, unknown>
  return typeof entry.digest === 'string' && (!sealed || typeof entry.sealed === 'string')
}

/** The stored links in a board's metadata, or null when it has none (or they are damaged). */
export function readStoredLinks(meta: Readonly<Record<string, unknown>>): StoredLinks | null {
  const value = meta[LINKS_META_KEY] as Partial<StoredLinks> | undefined
  if (
    !value ||
    value.version !== 1 ||
    !isDigestEntry(value.facilitator, false) ||
    !isDigestEntry(value.participant, true) ||
    !isDigestEntry(value.viewer, true)
  ) {
    return null
  }
  return value as StoredLinks
}

function store(boardId: string, tokens: LinkTokens): StoredLinks {
  return {
    version: 1,
    facilitator: { digest: tokenDigest(tokens.facilitator) },
    participant: { digest: tokenDigest(tokens.participant), sealed: seal(tokens.participant, tokens.facilitator, boardId) },
    viewer: { digest: tokenDigest(tokens.viewer), sealed: seal(tokens.viewer, tokens.facilitator, boardId) },
  }
}

/** Three fresh tokens for a new board, and what to store of them. */
export function issueLinks(boardId: string): { stored: StoredLinks; tokens: LinkTokens } {
  const tokens: LinkTokens = { facilitator: newToken(), participant: newToken(), viewer: newToken() }
  return { stored: store(boardId, tokens), tokens }
}

/**
 * The role `token` opens, or null. All three digests are always compared, each in constant time,
 * so the answer's timing says nothing about which role (if any) was close.
 */
export function roleOfToken(stored: StoredLinks, token: string): Role | null {
  const digest = tokenDigest(token)
  const facilitator = sameDigest(digest, stored.facilitator.digest)
  const participant = sameDigest(digest, stored.participant.digest)
  const viewer = sameDigest(digest, stored.viewer.digest)
  return facilitator ? 'facilitator' : participant ? 'participant' : viewer ? 'viewer' : null
}

/** Every token of the board, given the facilitator's; null when that token does not fit. */
export function revealTokens(stored: StoredLinks, facilitatorToken: string, boardId: string): LinkTokens | null {
  if (roleOfToken(stored, facilitatorToken) !== 'facilitator') return null
  const participant = unseal(stored.participant.sealed, facilitatorToken, boardId)
  const viewer = unseal(stored.viewer.sealed, facilitatorToken, boardId)
  if (participant === null || viewer === null) return null
  return { facilitator: facilitatorToken, participant, viewer }
}

/** Replaces one role's token; null when `facilitatorToken` is not the board's facilitator token. */
export function renewLink(
  stored: StoredLinks,
  role: Role,
  facilitatorToken: string,
  boardId: string,
): { stored: StoredLinks; tokens: LinkTokens } | null {
  const tokens = revealTokens(stored, facilitatorToken, boardId)
  if (!tokens) return null
  const renewed: LinkTokens = { ...tokens, [role]: newToken() }
  return { stored: store(boardId, renewed), tokens: renewed }
}
