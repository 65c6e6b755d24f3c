/**
 * Whether a request is someone at the server's own machine: sent from a loopback address, to a
 * loopback name (`localhost`, `127.0.0.1`, `[::1]`), and not forwarded by a proxy. A reverse
 * proxy on the same machine connects from loopback too, but it names the public host and adds its
 * forwarding headers, so what it passes on is never local.
 */
import type { IncomingMessage } from 'node:http'

const FORWARDING_HEADERS = ['x-forwarded-for', 'x-forwarded-host', 'forwarded', 'x-real-ip'] as const

export function isLocalRequest(request: IncomingMessage): boolean {
  if (FORWARDING_HEADERS.some((name) => request.headers[name] !== undefined)) return false
  return isLoopbackAddress(request.socket.remoteAddress ?? '') && isLoopbackHost(request.headers.host ?? '')
}

function isLoopbackAddress(address: string): boolean {
  const v4 = address.replace(/^::ffff:/i, '')
  return address === '::1' || /^127\.\d+\.\d+\.\d+$/.test(v4)
}

/** The Host header's name (without the port) is a loopback one. */
function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/:\d+$/, '')
  return name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(name)
}
