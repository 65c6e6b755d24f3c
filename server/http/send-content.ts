/**
 * Sending file-like content with validators (ETag, 304), single byte ranges (206/416, which
 * video elements rely on) and HEAD support. Bodies are streamed, never read into memory.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream'
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
  open(range?: ByteRange): Readable
}

/** Sends `content` with `headers` (e.g. Cache-Control) added. */
export function sendContent(
  req: IncomingMessage,
  res: ServerResponse,
  content: Content,
  headers: Readonly<Record<string, string>>,
): void {
  const etag = `W/"${content.size.toString(16)}-${Math.floor(content.modifiedAt).toString(16)}"`
  res.setHeader('Content-Type', content.contentType)
  res.setHeader('ETag', etag)
  res.setHeader('Last-Modified', new Date(content.modifiedAt).toUTCString())
  res.setHeader('Accept-Ranges', 'bytes')
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)

  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304).end()
    return
  }
  const range = parseRange(req.headers.range, content.size)
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

/** Sends the file at `filePath`; resolves false (sending nothing) when it is not a regular file. */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  filePath: string,
  headers: Readonly<Record<string, string>>,
): Promise<boolean> {
  const info = await stat(filePath).catch(() => null)
  if (!info?.isFile()) return false
  sendContent(
    req,
    res,
    {
      size: info.size,
      modifiedAt: info.mtimeMs,
      contentType: contentTypeOf(filePath),
      open: (range) => createReadStream(filePath, range),
    },
    headers,
  )
  return true
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
