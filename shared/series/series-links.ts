/**
 * The links of a meeting series and of a commitment's owner, shaped like a board's
 * (shared/model/roles.ts): the token travels in the fragment `#k=…`, to the API only as
 * `Authorization: Bearer`.
 *
 * A series has two links: `manage` for its facilitator (add meetings, merge cities, owner links,
 * plan) and `read` for the member cities' teams (the series page, search, the learning note).
 * A commitment's owner gets a link of their own that opens that one commitment.
 */
import { LINK_TOKEN_PARAM } from '../model/roles'

export type SeriesRole = 'manage' | 'read'

export const SERIES_ROLES: readonly SeriesRole[] = ['manage', 'read']

export function isSeriesRole(value: unknown): value is SeriesRole {
  return value === 'manage' || value === 'read'
}

/** Series ids are made like board ids (shared/model/board-id.ts). */
export function seriesPath(seriesId: string): string {
  return `/s/${seriesId}`
}

export function commitmentPath(commitmentId: string): string {
  return `/c/${commitmentId}`
}

export function seriesLink(origin: string, seriesId: string, token: string): string {
  return `${origin}${seriesPath(seriesId)}#${LINK_TOKEN_PARAM}=${encodeURIComponent(token)}`
}

export function commitmentLink(origin: string, commitmentId: string, token: string): string {
  return `${origin}${commitmentPath(commitmentId)}#${LINK_TOKEN_PARAM}=${encodeURIComponent(token)}`
}

export interface SeriesLinks {
  manage: string
  read: string
}

/**
 * The fragment key naming a card to show on its board: search results link to `…#k=…&card=<id>`,
 * carried cards back to `/b/<id>#card=<id>` (a device that was on that board remembers its link).
 */
export const CARD_FRAGMENT_PARAM = 'card'
