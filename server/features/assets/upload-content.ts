/**
 * An upload's bytes as they will be stored: refused unless they are what their type says, and,
 * for photos, without their metadata (see image-metadata.ts). Streams everything else through.
 */
import { AssetTooLargeError } from '../../storage/board-storage'
import { hasSignatureOf, SIGNATURE_BYTES } from './file-signature'
import { METADATA_FREE_TYPES, withoutMetadata } from './image-metadata'

/** The bytes are not a file of the type the upload declared. */
export class ContentMismatchError extends Error {
  override name = 'ContentMismatchError'
  constructor(readonly mediaType: string) {
    super(`the file is not ${mediaType}`)
  }
}

/**
 * `body` checked and cleaned for storage. Photos are read whole first (at most `maxBytes`; more
 * throws `AssetTooLargeError`, as the store itself would), because their metadata can sit anywhere
 * before the picture data.
 */
export async function* uploadContent(mediaType: string, body: AsyncIterable<Uint8Array>, maxBytes: number): AsyncIterable<Uint8Array> {
  const whole = METADATA_FREE_TYPES.has(mediaType)
  const held: Uint8Array[] = []
  let heldBytes = 0
  let checked = false
  const check = () => {
    const head = Buffer.concat(held).subarray(0, SIGNATURE_BYTES)
    if (!hasSignatureOf(mediaType, head)) throw new ContentMismatchError(mediaType)
    checked = true
  }
  for await (const chunk of body) {
    if (checked && !whole) {
      yield chunk
      continue
    }
    held.push(chunk)
    heldBytes += chunk.length
    if (heldBytes > maxBytes) throw new AssetTooLargeError(maxBytes)
    if (!checked && heldBytes >= SIGNATURE_BYTES) check()
    if (checked && !whole) {
      yield* held
      held.length = 0
    }
  }
  if (!checked) check()
  if (whole) yield withoutMetadata(mediaType, Buffer.concat(held))
  else yield* held
}
