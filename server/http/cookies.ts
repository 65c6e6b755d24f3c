/** Reading the request's cookies and writing `Set-Cookie` values (RFC 6265), nothing more. */
import type { IncomingMessage } from 'node:http'

/** The value of cookie `name` in the request, or null. */
export function requestCookie(request: IncomingMessage, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=')
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim()
  }
  return null
}

export interface CookieOptions {
  /** Seconds; 0 removes the cookie. */
  maxAge: number
  /** Sent only over HTTPS: set when the server is reached over HTTPS. */
  secure: boolean
  path?: string
}

/** A `Set-Cookie` value that scripts cannot read and other sites' requests do not carry (except top-level GETs). */
export function cookieHeader(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${value}`, `Path=${options.path ?? '/'}`, `Max-Age=${options.maxAge}`, 'HttpOnly', 'SameSite=Lax']
  if (options.secure) parts.push('Secure')
  return parts.join('; ')
}
