/**
 * Asset bytes on disk: `<assetsDir>/<boardId>/<name>`.
 *
 * Uploads are streamed to a hidden partial file and renamed into place once complete, so a
 * crash or a refused upload never leaves a half-written asset under a real name.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { limitedBody, type UploadLimit } from './upload-limit'

export class AssetFiles {
  constructor(private readonly root: string) {}

  /** Writes `body` as the asset `name` of `boardId`, throwing `limit.exceeded()` past its limit; returns its size in bytes. */
  async write(boardId: string, name: string, body: AsyncIterable<Uint8Array>, limit: UploadLimit): Promise<number> {
    const dir = path.join(this.root, boardId)
    await mkdir(dir, { recursive: true })
    const partial = path.join(dir, `.${name}.partial`)
    let size = 0
    async function* counted(): AsyncIterable<Uint8Array> {
      for await (const chunk of limitedBody(body, limit)) {
        size += chunk.length
        yield chunk
      }
    }
    const file = createWriteStream(partial, { flags: 'wx' })
    try {
      await pipeline(counted, file)
      await rename(partial, this.pathOf(boardId, name))
    } catch (error) {
      // A refused upload can fail before the file was even opened: removed too early, the
      // partial file would be created after all. Wait until the stream has let go of it.
      if (!file.closed) await new Promise<void>((resolve) => file.once('close', () => resolve()))
      await rm(partial, { force: true })
      throw error
    }
    return size
  }

  /** Removes a stored asset's file (one whose database row could not be written). */
  async remove(boardId: string, name: string): Promise<void> {
    await rm(this.pathOf(boardId, name), { force: true })
  }

  /** Opens the bytes `start..end` (inclusive) of a stored asset. */
  open(boardId: string, name: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.pathOf(boardId, name), range)
  }

  /** Callers pass only validated board ids and generated names, so joining cannot escape `root`. */
  private pathOf(boardId: string, name: string): string {
    return path.join(this.root, boardId, name)
  }
}
