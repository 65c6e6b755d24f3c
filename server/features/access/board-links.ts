/**
 * A board's links as the server keeps them, in the board's metadata (`meta.links`).
 *
 * Each role's token is stored only as its SHA-256 digest: whoever reads the database cannot open a
 * board with what is there. The facilitator still needs the other links later (for the join code,
 * to pass them on), so the participant, viewer and stage tokens are also stored encrypted with a
 * key derived from the facilitator's token: only a request carrying the facilitator token can read
 * them back. The projector stage shows the join code, so the participant token is sealed a second
 * time under the stage token; that is all the stage token can read. And it is sealed a third time
 * under the secret of the board's join code (join-codes.ts), so that whoever types the code gets
 * the participant link. Renewing a link re-seals whatever depends on it.
 *
 * Versions of the stored format (`readStoredLinks` reads all three):
 * - 1: facilitator, participant and viewer (boards from before the stage had a link of its own).
 * - 2: adds `stage`, and `participant.sealedForStage`. A version 1 board gets its stage token the
 *   first time the facilitator's token is presented (`openLinks`), and is stored as version 3.
 * - 3: adds `participant.sealedForCode` (null for a board whose code another board had first). A
 *   version 2 board gets it the first time a token that can read the participant token (the
 *   facilitator's, the participant's or the stage's) is presented (`withCodeSeal`).
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

export interface StoredLinksV3 extends Omit<StoredLinksV2, 'version' | 'participant'> {
  version: 3
  /**
   * `sealedForCode`: the participant token sealed under the join code's secret, or null when
   * the board has no code (its participant token's code was another board's already).
   */
  participant: StoredLinksV2['participant'] & { sealedForCode: string | null }
}

export type StoredLinks = StoredLinksV1 | StoredLinksV2 | StoredLinksV3

/** Every link token of a board, by role. */
export type LinkTokens = Record<LinkRole, string>

function isEntry(value: unknown, fields: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null) return false
  const entry = value as Record<string, unknown>
  return typeof entry.digest === 'string' && fields.every((field) => typeof entry[field] === 'string')
}

/** The stored links in a board's metadata (any version), or null when it has none (or they are damaged). */
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
  if (value.version === 3) {
    const participant = value.participant as Record<string, unknown> | undefined
    const valid =
      isEntry(value.facilitator, []) &&
      isEntry(participant, ['sealed', 'sealedForStage']) &&
      (typeof participant!.sealedForCode === 'string' || participant!.sealedForCode === null) &&
      isEntry(value.viewer, ['sealed']) &&
      isEntry(value.stage, ['sealed'])
    return valid ? (value as unknown as StoredLinksV3) : null
  }
  return null
}

/**
 * What to store of `tokens`: `codeSecret` is the secret of the participant token's join code
 * (join-codes.ts), or null for a board that goes without a code.
 */
export function storeLinks(boardId: string, tokens: LinkTokens, codeSecret: string | null): StoredLinksV3 {
  const sealedByFacilitator = (token: string) => ({ digest: tokenDigest(token), sealed: seal(token, tokens.facilitator, boardId) })
  return {
    version: 3,
    facilitator: { digest: tokenDigest(tokens.facilitator) },
    participant: {
      ...sealedByFacilitator(tokens.participant),
      sealedForStage: seal(tokens.participant, tokens.stage, boardId),
      sealedForCode: codeSecret === null ? null : seal(tokens.participant, codeSecret, boardId),
    },
    viewer: sealedByFacilitator(tokens.viewer),
    stage: sealedByFacilitator(tokens.stage),
  }
}

/** Fresh tokens for a new board. */
export function newLinkTokens(): LinkTokens {
  return { facilitator: newToken(), participant: newToken(), viewer: newToken(), stage: newToken() }
}

/** A version 2 board's links with the participant token sealed under its code's secret (or null: no code). */
export function withCodeSeal(stored: StoredLinksV2, participantToken: string, boardId: string, codeSecret: string | null): StoredLinksV3 {
  const sealedForCode = codeSecret === null ? null : seal(participantToken, codeSecret, boardId)
  return { ...stored, version: 3, participant: { ...stored.participant, sealedForCode } }
}

/** A digest no token has (the stage of a version 1 board), so that every answer compares four. */
const NO_DIGEST = Buffer.alloc(32).toString('base64url')

/** The stored digest of a role's token; null for the stage of a version 1 board. */
export function digestOf(stored: StoredLinks, role: LinkRole): string | null {
  if (role === 'stage') return stored.version === 1 ? null : stored.stage.digest
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
 * sealed tokens cannot be read). A version 1 board gets a fresh stage token here: `current` false
 * says that the tokens must be stored afresh (`storeLinks`), in the current version.
 */
export function openLinks(stored: StoredLinks, facilitatorToken: string, boardId: string): { tokens: LinkTokens; current: boolean } | null {
  if (roleOfToken(stored, facilitatorToken) !== 'facilitator') return null
  const participant = unseal(stored.participant.sealed, facilitatorToken, boardId)
  const viewer = unseal(stored.viewer.sealed, facilitatorToken, boardId)
  if (participant === null || viewer === null) return null
  if (stored.version === 1) return { tokens: { facilitator: facilitatorToken, participant, viewer, stage: newToken() }, current: false }
  const stage = unseal(stored.stage.sealed, facilitatorToken, boardId)
  if (stage === null) return null
  return { tokens: { facilitator: facilitatorToken, participant, viewer, stage }, current: stored.version === 3 }
}

/** The participant token for the join code, given the stage token; null when that token does not fit. */
export function joinTokenForStage(stored: StoredLinks, stageToken: string, boardId: string): string | null {
  if (stored.version === 1 || roleOfToken(stored, stageToken) !== 'stage') return null
  return unseal(stored.participant.sealedForStage, stageToken, boardId)
}

/**
 * The participant token, given the secret of a typed join code; null when the board has no code
 * or it is another (a code renewed away: its seal no longer opens, or opens a token no longer valid).
 */
export function joinTokenForCode(stored: StoredLinks, codeSecret: string, boardId: string): string | null {
  if (stored.version !== 3 || stored.participant.sealedForCode === null) return null
  const token = unseal(stored.participant.sealedForCode, codeSecret, boardId)
  return token !== null && roleOfToken(stored, token) === 'participant' ? token : null
}
