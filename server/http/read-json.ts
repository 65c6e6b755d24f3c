/** Reads a small JSON request body (settings, names); anything larger or not JSON is refused. */
import type { IncomingMessage } from 'node:http'
import { HttpError } from './respond'

const DEFAULT_LIMIT = 16 * 1024

/** The parsed body; `{}` for an empty one. 413 when larger than `limit` bytes, 400 when not JSON. */
export async function readJsonBody(req: IncomingMessage, limit = DEFAULT_LIMIT): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw new HttpError(413, `request body larger than ${limit} bytes`)
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8').trim()
  if (text === '') return {}
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new HttpError(400, 'request body is not JSON')
  }
}
