/**
 * Compressed copies of files that have no precompressed sibling (tldraw's translations and icons,
 * a client built without scripts/precompress.ts), made on the first request and kept in memory.
 *
 * Bounded by bytes, least recently used out first. The default of 16 MiB holds every compressible
 * file of @tldraw/assets in both codings (about 1.2 MB) many times over and is small beside the
 * server's own memory; files over 1 MiB are not compressed on the fly at all (brotli at its
 * highest quality takes about a second of a core per MiB), they go out as they are.
 *
 * A copy is keyed by path, size and modification time, so a replaced file is compressed afresh.
 * A copy that would not be smaller is remembered as "send as it is".
 */
import { readFile } from 'node:fs/promises'
import type { ContentCoding } from './accept-encoding'
import { compress } from './compress'

export const DEFAULT_COMPRESSED_CACHE_BYTES = 16 * 1024 * 1024
const MAX_FILE_BYTES = 1024 * 1024

interface Entry {
  /** Null: the compressed copy would not be smaller than the file; undefined: unreadable. Never rejects. */
  body: Promise<Buffer | null | undefined>
  /** Counted once the body is made (the key's length too, so "send as it is" entries count). */
  bytes: number
}

export interface FileVersion {
  size: number
  mtimeMs: number
}

export class CompressedBodies {
  /** In order of last use, oldest first. */
  private readonly entries = new Map<string, Entry>()
  private bytes = 0

  constructor(private readonly limitBytes: number = DEFAULT_COMPRESSED_CACHE_BYTES) {}

  /** Bytes the finished copies take now; never above the limit. */
  get cachedBytes(): number {
    return this.bytes
  }

  /** The file in `coding`, or null to send it as it is (too big, not smaller, or unreadable). */
  async get(filePath: string, version: FileVersion, coding: ContentCoding): Promise<Buffer | null> {
    if (version.size > MAX_FILE_BYTES) return null
    const key = `${coding}:${version.size}:${version.mtimeMs}:${filePath}`
    const hit = this.entries.get(key)
    if (hit) {
      this.entries.delete(key)
      this.entries.set(key, hit)
      return (await hit.body) ?? null
    }
    // Requests that arrive while the copy is made share it.
    const entry: Entry = { body: this.make(filePath, version, coding).catch(() => undefined), bytes: 0 }
    this.entries.set(key, entry)
    const body = await entry.body
    if (body === undefined) {
      // Unreadable now (removed or replaced mid-way): nothing worth remembering.
      if (this.entries.get(key) === entry) this.entries.delete(key)
      return null
    }
    if (this.entries.get(key) === entry) {
      entry.bytes = key.length + (body?.length ?? 0)
      this.bytes += entry.bytes
      this.evictBeyondLimit()
    }
    return body
  }

  private async make(filePath: string, version: FileVersion, coding: ContentCoding): Promise<Buffer | null> {
    const data = await readFile(filePath)
    if (data.length !== version.size) throw new Error('the file changed while it was read')
    const body = await compress(data, coding)
    return body.length < data.length ? body : null
  }

  private evictBeyondLimit(): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.limitBytes) return
      // A copy still being made counts nothing yet and is skipped.
      if (entry.bytes === 0) continue
      this.entries.delete(key)
      this.bytes -= entry.bytes
    }
  }
}
