/** Reads a small JSON or form request body (settings, names, a logout token); anything larger or malformed is refused. */
import type { IncomingMessage } from 'node:http'
import { HttpError } from './respond'

const DEFAULT_LIMIT = 16 * 1024

/** The parsed body; `{}` for an empty one. 413 when larger than `limit` bytes, 400 when not JSON. */
export async function readJsonBody(req: IncomingMessage, limit = DEFAULT_LIMIT): Promise<unknown> {
  const text = await readSmallBody(req, limit)
  if (text === '') return {}
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new HttpError(400, 'request body is not JSON')
  }
}

/** The fields of an `application/x-www-form-urlencoded` body; 415 for another type, 413 when larger than `limit`. */
export async function readFormBody(req: IncomingMessage, limit = DEFAULT_LIMIT): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded') throw new HttpError(415, 'the body must be application/x-www-form-urlencoded')
  return new URLSearchParams(await readSmallBody(req, limit))
}

async function readSmallBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw new HttpError(413, `request body larger than ${limit} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8').trim()
}
