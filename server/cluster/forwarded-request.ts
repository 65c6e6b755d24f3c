/**
 * What a server forwarding a client to a room's owner tells the owner about the client, in two
 * headers: the facts (base64url JSON) and the cluster's signature of them (cluster-signer.ts). The
 * owner takes the facts only with a valid signature; a client that sends these headers itself,
 * without the cluster's secret, is refused.
 *
 * The signed text names what is forwarded (a sync connection, an HTTP request) and the facts name
 * its target (the board, the method and path), so that a signature cannot be moved to another one.
 */
import type { IncomingMessage } from 'node:http'
import type { ClusterSigner } from './cluster-signer'

export const FORWARDED_HEADER = 'x-gatherboard-forwarded'
export const SIGNATURE_HEADER = 'x-gatherboard-signature'

/**
 * What a forwarded thing is: a server link (the socket that carries a board's forwarded clients),
 * a client's sync connection on it (its channel's opening), or one of a client's HTTP requests.
 */
export type ForwardedKind = 'link' | 'sync' | 'http'

/** The facts as sent: base64url JSON, and the cluster's signature of them. */
export interface SignedFacts {
  encoded: string
  signature: string
}

/** `facts` encoded and signed as of now. */
export function signFacts(signer: ClusterSigner, kind: ForwardedKind, facts: object): SignedFacts {
  const encoded = Buffer.from(JSON.stringify(facts)).toString('base64url')
  return { encoded, signature: signer.sign(`${kind} ${encoded}`) }
}

/** The two headers for `facts`. */
export function forwardingHeaders(signer: ClusterSigner, kind: ForwardedKind, facts: object): Record<string, string> {
  const { encoded, signature } = signFacts(signer, kind, facts)
  return { [FORWARDED_HEADER]: encoded, [SIGNATURE_HEADER]: signature }
}

/**
 * The forwarded facts of `request`: undefined when it was not forwarded (no header), null when
 * its headers are not the cluster's (bad or old signature, unreadable facts).
 */
export function readForwarding(signer: ClusterSigner, kind: ForwardedKind, request: IncomingMessage): Record<string, unknown> | null | undefined {
  const encoded = request.headers[FORWARDED_HEADER]
  if (encoded === undefined) return undefined
  const signature = request.headers[SIGNATURE_HEADER]
  if (typeof encoded !== 'string' || typeof signature !== 'string') return null
  return readSignedFacts(signer, kind, { encoded, signature })
}

/** The facts, if `signed` carries the cluster's valid signature of them as `kind`; else null. */
export function readSignedFacts(signer: ClusterSigner, kind: ForwardedKind, { encoded, signature }: SignedFacts): Record<string, unknown> | null {
  if (!signer.verify(`${kind} ${encoded}`, signature)) return null
  try {
    const facts: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'))
    return typeof facts === 'object' && facts !== null && !Array.isArray(facts) ? (facts as Record<string, unknown>) : null
  } catch {
    return null
  }
}
