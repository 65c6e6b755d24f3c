/**
 * How many bytes one upload may have, for every backend: the smaller of the per-file limit and
 * what is left of the board's quota, and which of the two an upload past it broke.
 */
import { AssetTooLargeError, BoardAssetQuotaError, type AssetLimits } from './board-storage'

export interface UploadLimit {
  /** The most bytes this upload may have. */
  maxBytes: number
  /** The error for an upload past `maxBytes`. */
  exceeded(): Error
}

/** The limit of an upload to a board whose assets take `storedBytes` already. */
export function uploadLimit(limits: AssetLimits, storedBytes: number): UploadLimit {
  const room = limits.boardQuotaBytes - storedBytes
  const quotaBinds = room < limits.maxBytes
  return {
    maxBytes: Math.max(0, Math.min(limits.maxBytes, room)),
    exceeded: () => (quotaBinds ? new BoardAssetQuotaError(limits.boardQuotaBytes) : new AssetTooLargeError(limits.maxBytes)),
  }
}

/** `body` as it streams, throwing `limit.exceeded()` as soon as it has more than `limit.maxBytes`. */
export async function* limitedBody(body: AsyncIterable<Uint8Array>, limit: UploadLimit): AsyncIterable<Uint8Array> {
  let size = 0
  for await (const chunk of body) {
    size += chunk.length
    if (size > limit.maxBytes) throw limit.exceeded()
    yield chunk
  }
}
