/**
 * Where a request carries its link token and voter key (see shared/model/roles.ts):
 * - API calls: the token only as `Authorization: Bearer <token>`, the voter key as a header. A
 *   token in the address would end up in browser histories, proxy logs and download managers, so
 *   the API does not read the query parameter `k` (`linkTokenInAddress` tells it to say so).
 * - the sync socket: the query parameters `k` and `v` (browsers cannot set headers on a WebSocket).
 * Anything not shaped like one of our tokens counts as absent.
 */
import type { IncomingMessage } from 'node:http'
import { DOWNLOAD_TOKEN_PARAM, LINK_TOKEN_PARAM, VOTER_KEY_HEADER, VOTER_KEY_PARAM } from '../../../shared/model/roles'
import { isTokenShaped } from './tokens'

function queryParam(request: IncomingMessage, name: string): string | null {
  try {
    return new URL(request.url ?? '/', 'http://localhost').searchParams.get(name)
  } catch {
    return null
  }
}

function bearerToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization
  return typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined
}

/** The link token of an API request (its `Authorization: Bearer` header), or null. */
export function requestToken(request: IncomingMessage): string | null {
  const token = bearerToken(request)
  return isTokenShaped(token) ? token : null
}

/** Whether an API request has an `Authorization` header at all (then it decides, not `?d=`). */
export function hasAuthorization(request: IncomingMessage): boolean {
  return request.headers.authorization !== undefined
}

/** Whether an API request put a link token into its address (`?k=`), which the API refuses. */
export function linkTokenInAddress(request: IncomingMessage): boolean {
  return queryParam(request, LINK_TOKEN_PARAM) !== null
}

/** The download token of a request (`?d=`), or null; checked by `DownloadTokens`. */
export function requestDownloadToken(request: IncomingMessage): string | null {
  return queryParam(request, DOWNLOAD_TOKEN_PARAM)
}

/** The link token of a sync socket's upgrade request (query `k`, or a Bearer header), or null. */
export function socketToken(request: IncomingMessage): string | null {
  const token = queryParam(request, LINK_TOKEN_PARAM) ?? bearerToken(request)
  return isTokenShaped(token) ? token : null
}

/** The device's voter key (header for the API, query parameter for the socket), or null. */
export function requestVoterKey(request: IncomingMessage): string | null {
  const header = request.headers[VOTER_KEY_HEADER]
  const key = typeof header === 'string' ? header : queryParam(request, VOTER_KEY_PARAM)
  return isTokenShaped(key) ? key : null
}
