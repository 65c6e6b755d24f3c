/**
 * Which files are worth compressing, decided once for the build (which writes `.br` and `.gz`
 * beside them, scripts/precompress.ts) and for the server (which compresses the rest on the fly).
 *
 * By type: text formats (scripts, styles, pages, SVG, JSON, plain text), uncompressed font
 * formats (TTF, OTF) and WebAssembly shrink to a third or less. Never: PNG, JPEG, GIF, WebP, AVIF,
 * WOFF and WOFF2 (their data is already deflate/brotli/entropy coded, a second pass gains nothing
 * and costs CPU), PDF (its streams are deflated), video and anything unknown.
 *
 * By size: a body under 1 KiB fits in one TCP segment either way, so compressing it saves no
 * round trip, only CPU, and splits caches by `Accept-Encoding` for nothing.
 */
import { contentTypeOf } from './mime.ts'

export const MIN_COMPRESSIBLE_BYTES = 1024

const COMPRESSIBLE_TYPES = new Set([
  'text/html',
  'text/javascript',
  'text/css',
  'text/plain',
  'application/json',
  'application/manifest+json',
  'image/svg+xml',
  'image/x-icon',
  'font/ttf',
  'font/otf',
  'application/wasm',
])

/** Whether a file of this name is of a type that compresses well (its size aside). */
export function hasCompressibleType(filePath: string): boolean {
  return COMPRESSIBLE_TYPES.has(contentTypeOf(filePath).split(';')[0]!)
}

/** Whether a file of this name and size is worth sending compressed. */
export function isCompressible(filePath: string, size: number): boolean {
  return size >= MIN_COMPRESSIBLE_BYTES && hasCompressibleType(filePath)
}
