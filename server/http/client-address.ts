/**
 * The address a request comes from, as the key of per-address rate limits.
 *
 * Behind a reverse proxy every request comes from the proxy, so with `trustProxy` the address is
 * the last hop of `X-Forwarded-For`: the one the proxy itself appended, which a client cannot
 * forge (the earlier entries are whatever the client sent). Without a trusted proxy the header is
 * ignored: anyone could write any address into it.
 *
 * IPv6 addresses count per /64: one household or phone gets a whole /64 and can pick any address
 * in it, so a per-address limit would be no limit at all.
 *
 * A request another server of the cluster forwarded counts as its client's, whose address (already
 * a key as above) that server signed.
 */
import type { IncomingMessage } from 'node:http'
import { isIPv6 } from 'node:net'

/** Requests another server of the cluster forwarded, with their client's address (cluster/http-forwarding.ts). */
const forwardedAddresses = new WeakMap<IncomingMessage, string>()

/** Records the address of a forwarded request's client, as the forwarding server signed it. */
export function setForwardedAddress(request: IncomingMessage, address: string): void {
  forwardedAddresses.set(request, address)
}

export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  const forwardedFrom = forwardedAddresses.get(request)
  if (forwardedFrom !== undefined) return forwardedFrom
  return addressKey(requestAddress(request, trustProxy))
}

/** The address itself (IPv4-mapped IPv6 as IPv4), for deciding by network (metrics-api.ts) instead of keying a limit. */
export function requestAddress(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for']
  const header = Array.isArray(forwarded) ? forwarded.join(',') : forwarded
  const hop = trustProxy && header ? header.split(',').at(-1)!.trim() : ''
  return unmapped(hop || request.socket.remoteAddress || 'unknown')
}

function unmapped(address: string): string {
  return /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address
}

function addressKey(address: string): string {
  if (!isIPv6(address)) return address
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`
}

/** The eight groups of an IPv6 address, `::` expanded. */
function expandIPv6(address: string): string[] {
  const [head = '', tail = ''] = address.split('%')[0]!.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  if (!address.includes('::')) return left
  return [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
}
