/**
 * Roles by link. Every board has three secret links, one per role; the token in the link is the
 * only thing that decides what its holder may do, and the server checks it on every connection
 * and API call.
 *
 * How a token travels:
 * - in a link people share, as the fragment `#k=<token>` (`/b/<id>#k=…`, `/b/<id>/stage#k=…`,
 *   `/b/<id>/capture#k=…`): a fragment never reaches the server with the page request, so it stays
 *   out of access logs and `Referer` headers;
 * - to the sync socket, as the query parameter `k` (browsers cannot set headers on a WebSocket);
 * - to the HTTP API, as `Authorization: Bearer <token>` (or the query parameter `k` for plain links
 *   such as downloads).
 */
import type { Role } from './participant'

export type { Role }

export const ROLES: readonly Role[] = ['facilitator', 'participant', 'viewer']

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** The fragment key (links) and query parameter (sync socket, downloads) carrying a link's token. */
export const LINK_TOKEN_PARAM = 'k'

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

/** The three links of a board, as the facilitator sees them. */
export interface BoardLinks {
  facilitator: string
  participant: string
  viewer: string
  /** The projector view, opened with the facilitator's token (it shows the join code). */
  stage: string
  /** The phone page for people on site (what the join QR code opens). */
  join: string
}

/** What `GET /api/boards/:id` tells a holder of a valid link. */
export interface BoardAccessInfo {
  id: string
  createdAt: string
  updatedAt: string
  role: Role
  /** Every link, for the facilitator only. */
  links: BoardLinks | null
  /** The phone join link, for facilitators and participants (viewers may not add cards). */
  join: string | null
  /** This device's voter id on the board (from its voter key), or null when none was sent. */
  voterId: string | null
}
