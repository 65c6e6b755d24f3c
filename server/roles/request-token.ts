/**
 * Where a request carries its link token and voter key (see shared/model/roles.ts): the
 * `Authorization: Bearer` header for API calls, the query parameters `k` and `v` for the sync
 * socket and plain links. Anything not shaped like one of our tokens counts as absent.
 */
import type { IncomingMessage } from 'node:http'
import { LINK_TOKEN_PARAM, VOTER_KEY_HEADER, VOTER_KEY_PARAM } from '../../shared/model/roles'
import { isTokenShaped } from './tokens'

function queryParam(request: IncomingMessage, name: string): string | null {
  try {
    return new URL(request.url ?? '/', 'http://localhost').searchParams.get(name)
  } catch {
    return null
  }
}

/** The link token of a request, or null. */
export function requestToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization
  const bearer = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined
  const token = bearer ?? queryParam(request, LINK_TOKEN_PARAM)
  return isTokenShaped(token) ? token : null
}

/** The device's voter key (header for the API, query parameter for the socket), or null. */
export function requestVoterKey(request: IncomingMessage): string | null {
  const header = request.headers[VOTER_KEY_HEADER]
  const key = typeof header === 'string' ? header : queryParam(request, VOTER_KEY_PARAM)
  return isTokenShaped(key) ? key : null
}
