/**
 * The one way bodies are compressed, at build time (scripts/precompress.ts) and on the fly
 * (compressed-bodies.ts): brotli at its highest quality and gzip at level 9. Both are slow to
 * make and fast to unpack, which suits files made once and sent to every phone.
 */
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { ContentCoding } from './accept-encoding'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/** The file name suffix of a body in `coding` (`app.js.br`, `app.js.gz`). */
export const CODING_SUFFIX: Readonly<Record<ContentCoding, string>> = { br: '.br', gzip: '.gz' }

/** `data` in `coding`; runs in libuv's thread pool, not on the event loop. */
export function compress(data: Buffer, coding: ContentCoding): Promise<Buffer> {
  if (coding === 'gzip') return gzipAsync(data, { level: 9 })
  return brotli(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  })
}
