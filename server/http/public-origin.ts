/** The origin people reach this server at, for the links in answers. */
import type { IncomingMessage } from 'node:http'

const HOST_HEADER = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/

/** `publicUrl` when the operator set one (PUBLIC_URL), else the request's Host header. */
export function originOf(req: IncomingMessage, publicUrl: string | null): string {
  if (publicUrl) return publicUrl
  const host = req.headers.host
  return host && HOST_HEADER.test(host) ? `http://${host}` : `http://localhost:${req.socket.localPort}`
}
