/**
 * Sending file-like content with validators (ETag, 304), single byte ranges (206/416, which
 * video elements rely on) and HEAD support. Files are streamed, never read into memory, except
 * small ones compressed on the fly (compressed-bodies.ts).
 *
 * Compressible files (compressible.ts) go out in the coding the client prefers (accept-encoding.ts):
 * the build's `.br`/`.gz` sibling when there is one no older than the file, else a copy made on
 * the fly. Each coding has its own ETag and length, and `Vary: Accept-Encoding` tells caches that
 * the answer depends on it. A range request gets the file as it is: ranges count bytes of the
 * file, and only a media player asks for them.
 */
import { createReadStream, type Stats } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { pipeline, Readable } from 'node:stream'
import { chooseCoding, type ContentCoding } from './accept-encoding'
import { CODING_SUFFIX } from './compress'
import type { CompressedBodies } from './compressed-bodies'
import { isCompressible } from './compressible'
import { contentTypeOf } from './mime'

export interface ByteRange {
  start: number
  /** Inclusive. */
  end: number
}

export interface Content {
  size: number
  /** Milliseconds since the epoch; part of the ETag. */
  modifiedAt: number
  contentType: string
  /** The coding the body is in (`size` counts its bytes); none: the bytes as they are. */
  coding?: ContentCoding
  open(range?: ByteRange): Readable
}

/** Sends `content` with `headers` (e.g. Cache-Control) added. */
export function sendContent(
  req: IncomingMessage,
  res: ServerResponse,
  content: Content,
  headers: Readonly<Record<string, string>>,
): void {
  const coding = content.coding === undefined ? '' : `-${content.coding}`
  const etag = `W/"${content.size.toString(16)}-${Math.floor(content.modifiedAt).toString(16)}${coding}"`
  res.setHeader('Content-Type', content.contentType)
  res.setHeader('ETag', etag)
  res.setHeader('Last-Modified', new Date(content.modifiedAt).toUTCString())
  res.setHeader('Accept-Ranges', 'bytes')
  if (content.coding !== undefined) res.setHeader('Content-Encoding', content.coding)
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)

  if (matchesEtag(req.headers['if-none-match'], etag)) {
    res.writeHead(304).end()
    return
  }
  // A body in a coding is never cut into ranges (sendFile sends the identity for those).
  const range = content.coding === undefined ? parseRange(req.headers.range, content.size) : null
  if (range === 'unsatisfiable') {
    res.writeHead(416, { 'Content-Range': `bytes */${content.size}`, 'Content-Length': 0 }).end()
    return
  }
  if (range) {
    res.writeHead(206, {
      'Content-Range': `bytes ${range.start}-${range.end}/${content.size}`,
      'Content-Length': range.end - range.start + 1,
    })
  } else {
    res.writeHead(200, { 'Content-Length': content.size })
  }
  if (req.method === 'HEAD' || content.size === 0) {
    res.end()
    return
  }
  pipeline(content.open(range ?? undefined), res, (error) => {
    // The client went away or the file vanished mid-way: the response cannot be repaired.
    if (error) res.destroy()
  })
}

/**
 * Sends the file at `filePath`, compressed when it is worth it and the client takes it (see
 * above); resolves false (sending nothing) when it is not a regular file.
 */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  filePath: string,
  headers: Readonly<Record<string, string>>,
  compressed: CompressedBodies,
): Promise<boolean> {
  const info = await stat(filePath).catch(() => null)
  if (!info?.isFile()) return false
  const identity: Content = {
    size: info.size,
    modifiedAt: info.mtimeMs,
    contentType: contentTypeOf(filePath),
    open: (range) => createReadStream(filePath, range),
  }
  if (!isCompressible(filePath, info.size)) {
    sendContent(req, res, identity, headers)
    return true
  }
  const coding = req.headers.range === undefined ? chooseCoding(req.headers) : null
  const encoded = coding === null ? null : await encodedFile(filePath, info, coding, compressed)
  sendContent(req, res, encoded === null ? identity : { ...identity, ...encoded }, { ...headers, Vary: 'Accept-Encoding' })
  return true
}

/** The file's body in `coding`: its precompressed sibling, or a copy made on the fly; null when neither. */
async function encodedFile(
  filePath: string,
  info: Stats,
  coding: ContentCoding,
  compressed: CompressedBodies,
): Promise<Pick<Content, 'size' | 'coding' | 'open'> | null> {
  const siblingPath = filePath + CODING_SUFFIX[coding]
  const sibling = await stat(siblingPath).catch(() => null)
  // An older sibling belongs to an older version of the file.
  if (sibling?.isFile() && sibling.mtimeMs >= info.mtimeMs) {
    return { size: sibling.size, coding, open: () => createReadStream(siblingPath) }
  }
  const body = await compressed.get(filePath, info, coding)
  return body === null ? null : { size: body.length, coding, open: () => Readable.from([body]) }
}

/** Whether an `If-None-Match` header names `etag` (it may list several, or be `*`). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  return header.split(',').some((tag) => {
    const trimmed = tag.trim()
    return trimmed === '*' || trimmed === etag
  })
}

/** Parses a single-range `Range` header; multiple ranges are answered with the whole content. */
function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null
  if (!match || (match[1] === '' && match[2] === '')) return null
  let start: number
  let end: number
  if (match[1] === '') {
    // Suffix range: the last N bytes.
    start = Math.max(0, size - Number(match[2]))
    end = size - 1
  } else {
    start = Number(match[1])
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  }
  return start > end || start >= size ? 'unsatisfiable' : { start, end }
}
