/**
 * A board's links as the server keeps them, in the board's metadata (`meta.links`).
 *
 * Each role's token is stored only as its SHA-256 digest: whoever reads the database cannot open a
 * board with what is there. The facilitator still needs the other links later (for the join code,
 * to pass them on), so the participant, viewer and stage tokens are also stored encrypted with a
 * key derived from the facilitator's token: only a request carrying the facilitator token can read
 * them back. The projector stage shows the join code, so the participant token is sealed a second
 * time under the stage token; that is all the stage token can read. Renewing a link re-seals
 * whatever depends on it.
 *
 * Versions of the stored format (`readStoredLinks` reads both):
 * - 1: facilitator, participant and viewer (boards from before the stage had a link of its own).
 * - 2: adds `stage`, and `participant.sealedForStage`. A version 1 board gets its stage token the
 *   first time the facilitator's token is presented (`openLinks`), and is stored as version 2.
 */
import type { LinkRole } from '../../../shared/model/roles'
import { newToken, sameDigest, seal, tokenDigest, unseal } from './tokens'

export const LINKS_META_KEY = 'links'

interface DigestEntry {
  digest: string
}

interface SealedEntry extends DigestEntry {
  /** The token, sealed under the facilitator's token. */
  sealed: string
}

export interface StoredLinksV1 {
  version: 1
  facilitator: DigestEntry
  participant: SealedEntry
  viewer: SealedEntry
}

export interface StoredLinksV2 {
  version: 2
  facilitator: DigestEntry
  /** `sealedForStage`: the participant token sealed under the stage token (for the join code). */
  participant: SealedEntry & { sealedForStage: string }
  viewer: SealedEntry
  stage: SealedEntry
}

export type StoredLinks = StoredLinksV1 | StoredLinksV2

/** Every link token of a board, by role. */
export type LinkTokens = Record<LinkRole, string>

function isEntry(value: unknown, fields: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null) return false
  const entry = value as Record<string, unknown>
  return typeof entry.digest === 'string' && fields.every((field) => typeof entry[field] === 'string')
}

/** The stored links in a board's metadata (either version), or null when it has none (or they are damaged). */
export function readStoredLinks(meta: Readonly<Record<string, unknown>>): StoredLinks | null {
  const value = meta[LINKS_META_KEY] as Record<string, unknown> | undefined
  if (!value || typeof value !== 'object') return null
  if (value.version === 1) {
    const valid = isEntry(value.facilitator, []) && isEntry(value.participant, ['sealed']) && isEntry(value.viewer, ['sealed'])
    return valid ? (value as unknown as StoredLinksV1) : null
  }
  if (value.version === 2) {
    const valid =
      isEntry(value.facilitator, []) &&
      isEntry(value.participant, ['sealed', 'sealedForStage']) &&
      isEntry(value.viewer, ['sealed']) &&
      isEntry(value.stage, ['sealed'])
    return valid ? (value as unknown as StoredLinksV2) : null
  }
  return null
}

function store(boardId: string, tokens: LinkTokens): StoredLinksV2 {
  const sealedByFacilitator = (token: string) => ({ digest: tokenDigest(token), sealed: seal(token, tokens.facilitator, boardId) })
  return {
    version: 2,
    facilitator: { digest: tokenDigest(tokens.facilitator) },
    participant: { ...sealedByFacilitator(tokens.participant), sealedForStage: seal(tokens.participant, tokens.stage, boardId) },
    viewer: sealedByFacilitator(tokens.viewer),
    stage: sealedByFacilitator(tokens.stage),
  }
}

/** Fresh tokens for a new board, and what to store of them. */
export function issueLinks(boardId: string): { stored: StoredLinksV2; tokens: LinkTokens } {
  const tokens: LinkTokens = { facilitator: newToken(), participant: newToken(), viewer: newToken(), stage: newToken() }
  return { stored: store(boardId, tokens), tokens }
}

/** A digest no token has (the stage of a version 1 board), so that every answer compares four. */
const NO_DIGEST = Buffer.alloc(32).toString('base64url')

/** The stored digest of a role's token; null for the stage of a version 1 board. */
export function digestOf(stored: StoredLinks, role: LinkRole): string | null {
  if (role === 'stage') return stored.version === 2 ? stored.stage.digest : null
  return stored[role].digest
}

/**
 * The role `token` opens, or null. All four digests are always compared, each in constant time,
 * so the answer's timing says nothing about which role (if any) was close.
 */
export function roleOfToken(stored: StoredLinks, token: string): LinkRole | null {
  const digest = tokenDigest(token)
  const facilitator = sameDigest(digest, stored.facilitator.digest)
  const participant = sameDigest(digest, stored.participant.digest)
  const viewer = sameDigest(digest, stored.viewer.digest)
  const stage = sameDigest(digest, digestOf(stored, 'stage') ?? NO_DIGEST)
  return facilitator ? 'facilitator' : participant ? 'participant' : viewer ? 'viewer' : stage ? 'stage' : null
}

/**
 * Every token of the board, given the facilitator's; null when that token does not fit (or the
 * sealed tokens cannot be read). A version 1 board gets a fresh stage token here: `changed` then
 * says that `stored` (always version 2) must be written back.
 */
export function openLinks(
  stored: StoredLinks,
  facilitatorToken: string,
  boardId: string,
): { tokens: LinkTokens; stored: StoredLinksV2; changed: boolean } | null {
  if (roleOfToken(stored, facilitatorToken) !== 'facilitator') return null
  const participant = unseal(stored.participant.sealed, facilitatorToken, boardId)
  const viewer = unseal(stored.viewer.sealed, facilitatorToken, boardId)
  if (participant === null || viewer === null) return null
  if (stored.version === 1) {
    const tokens: LinkTokens = { facilitator: facilitatorToken, participant, viewer, stage: newToken() }
    return { tokens, stored: store(boardId, tokens), changed: true }
  }
  const stage = unseal(stored.stage.sealed, facilitatorToken, boardId)
  if (stage === null) return null
  return { tokens: { facilitator: facilitatorToken, participant, viewer, stage }, stored, changed: false }
}

/** Replaces one role's token; null when `facilitatorToken` is not the board's facilitator token. */
export function renewLink(
  stored: StoredLinks,
  role: LinkRole,
  facilitatorToken: string,
  boardId: string,
): { stored: StoredLinksV2; tokens: LinkTokens } | null {
  const opened = openLinks(stored, facilitatorToken, boardId)
  if (!opened) return null
  const renewed: LinkTokens = { ...opened.tokens, [role]: newToken() }
  return { stored: store(boardId, renewed), tokens: renewed }
}

/** The participant token for the join code, given the stage token; null when that token does not fit. */
export function joinTokenForStage(stored: StoredLinks, stageToken: string, boardId: string): string | null {
  if (stored.version !== 2 || roleOfToken(stored, stageToken) !== 'stage') return null
  return unseal(stored.participant.sealedForStage, stageToken, boardId)
}
