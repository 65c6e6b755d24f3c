/**
 * Roles by link. Every board has four secret links, one per role; the token in the link is the
 * only thing that decides what its holder may do, and the server checks it on every connection
 * and API call. Three are for people (facilitator, participant, viewer); the fourth is for the
 * machine at the projector (`stage`), which only watches and follows the facilitator.
 *
 * How a token travels:
 * - in a link people share, as the fragment `#k=<token>` (`/b/<id>#k=…`, `/b/<id>/stage#k=…`,
 *   `/b/<id>/capture#k=…`): a fragment never reaches the server with the page request, so it stays
 *   out of access logs and `Referer` headers;
 * - to the sync socket, as the query parameter `k` (browsers cannot set headers on a WebSocket);
 * - to the HTTP API, only as `Authorization: Bearer <token>`: the API refuses a link token in the
 *   address. A plain link the browser follows (a download) carries a short-lived download token
 *   `?d=…` instead, bound to one board, one file and the link it was made with
 *   (server/features/access/download-tokens.ts).
 */
import type { Role } from './participant'

export type { Role }

/** The roles of people on a board (what the participants list and the minutes know). */
export const ROLES: readonly Role[] = ['facilitator', 'participant', 'viewer']

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** The role of a link: a person's, or the projector stage's (watch and follow, nothing else). */
export type LinkRole = Role | 'stage'

export const LINK_ROLES: readonly LinkRole[] = ['facilitator', 'participant', 'viewer', 'stage']

export function isLinkRole(value: unknown): value is LinkRole {
  return typeof value === 'string' && (LINK_ROLES as readonly string[]).includes(value)
}

/** The fragment key (links) and query parameter (sync socket) carrying a link's token. */
export const LINK_TOKEN_PARAM = 'k'

/** The query parameter of a download link with its short-lived download token. */
export const DOWNLOAD_TOKEN_PARAM = 'd'

/** The sync socket's query parameter with this device's voter key (see shared/model/voting.ts). */
export const VOTER_KEY_PARAM = 'v'

/** The HTTP header with this device's voter key, so `GET /api/boards/:id` can tell its voter id. */
export const VOTER_KEY_HEADER = 'x-voter-key'

/** The views of a board a link can open. */
export type BoardView = 'board' | 'stage' | 'capture'

/** A shareable link: `<origin>/b/<id>[/stage|/capture]#k=<token>`. */
export function boardLink(origin: string, boardId: string, token: string, view: BoardView = 'board'): string {
  const suffix = view === 'board' ? '' : `/${view}`
  return `${origin}/b/${boardId}${suffix}#${LINK_TOKEN_PARAM}=${encodeURIComponent(token)}`
}

/** The token in a link's fragment (`#k=…`, other fragment parameters allowed), or null. */
export function tokenFromFragment(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get(LINK_TOKEN_PARAM)
  return token ? token : null
}

/** The links of a board, as the facilitator sees them. */
export interface BoardLinks {
  facilitator: string
  participant: string
  viewer: string
  /** The projector view, with the stage token: it watches, follows and shows the join code. */
  stage: string
  /** The phone page for people on site (what the join QR code opens). */
  join: string
}

/** What `GET /api/boards/:id` tells a holder of a valid link. */
export interface BoardAccessInfo {
  id: string
  createdAt: string
  updatedAt: string
  role: LinkRole
  /** Every link, for the facilitator only. */
  links: BoardLinks | null
  /** The phone join link, for facilitators, participants and the stage (viewers may not add cards). */
  join: string | null
  /**
   * For whoever gets `join`: the board's join code (`K7M2-Q9RT`, shared/model/join-code.ts) and its
   * short address (`<origin>/j/K7M2-Q9RT`) for people who cannot scan the QR code; null for a
   * board that has none yet (stored before codes, until its facilitator opens it).
   */
  joinCode: { code: string; url: string } | null
  /** This device's voter id on the board (from its voter key), or null when none was sent. */
  voterId: string | null
}
