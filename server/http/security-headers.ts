/**
 * Security headers: a few on every response, and a strict Content-Security-Policy on the app's
 * HTML pages (the built client's `index.html`, also served as the SPA fallback).
 *
 * The policy says what a page of ours may load, so that even a script smuggled into a board (or a
 * compromised dependency) cannot pull code from elsewhere or send anything to another host:
 * - `script-src 'self'`: only the built bundle; Vite's build and the service worker need nothing
 *   inline, and nothing is evaluated from strings.
 * - `style-src 'self' 'unsafe-inline'`: tldraw positions every shape, the camera and its menus
 *   with inline `style` attributes and injects style elements at run time; without it the canvas
 *   does not render. Inline styles cannot run code.
 * - `img-src`, `media-src`: our origin (uploaded assets, tldraw's icons), and `blob:`/`data:` for
 *   pictures being pasted, exported or previewed in the browser.
 * - `connect-src 'self' blob: data:`: the API and the sync socket (Chromium and Firefox count a
 *   same-origin `ws:`/`wss:` as 'self'); tldraw's image export reads blob and data URLs back
 *   with `fetch`, which reaches no host. Any other host (tldraw's licence "watermark" tracking
 *   included) is refused.
 * - `font-src 'self' data:`: tldraw's fonts from /tldraw-assets; exports inline them as data URLs.
 * - `worker-src 'self'`: the service worker (/sw.js).
 * - `frame-src 'none'`, `object-src 'none'`, `base-uri 'none'`, `form-action 'self'`: no embeds of
 *   other sites, no plug-ins, no `<base>` redirecting our relative URLs, forms only to us.
 * - `frame-ancestors`: who may embed our pages, from FRAME_ANCESTORS (default nobody, and then
 *   also `X-Frame-Options: DENY` for browsers that know only that).
 */

/** On every response: no MIME sniffing, and no page address leaking to any other host. */
export const EVERY_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
}

export type PageHeaders = Readonly<Record<string, string>>

/** The headers of an app page, for the given `frame-ancestors` sources (see server/config.ts). */
export function pageSecurityHeaders(frameAncestors: string): PageHeaders {
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob: data:",
    "connect-src 'self' blob: data:",
    "font-src 'self' data:",
    "worker-src 'self'",
    "manifest-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ')
  return {
    'Content-Security-Policy': policy,
    ...(frameAncestors === "'none'" ? { 'X-Frame-Options': 'DENY' } : {}),
  }
}
