/**
 * Photos carry more than the picture: EXIF holds where and when it was taken and with which
 * device, XMP and IPTC names and captions, PNG text chunks anything at all. A board's assets are
 * shown to everyone on it and end up in the meeting record, so every JPEG, PNG and WebP is stored
 * without them, whoever uploads it (our phone page already re-encodes photos; a hand-written
 * client need not). The one EXIF field a picture needs to look right, its orientation, is kept.
 *
 * The parsers are strict: a file whose structure does not add up is refused, not stored as is.
 */

export class DamagedImageError extends Error {
  override name = 'DamagedImageError'
}

/** The media types stored without metadata. */
export const METADATA_FREE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/apng', 'image/webp'])

/** The picture without its metadata. Throws `DamagedImageError` when the file is not well formed. */
export function withoutMetadata(mediaType: string, bytes: Uint8Array): Uint8Array {
  switch (mediaType) {
    case 'image/jpeg':
      return jpegWithoutMetadata(bytes)
    case 'image/png':
    case 'image/apng':
      return pngWithoutMetadata(bytes)
    case 'image/webp':
      return webpWithoutMetadata(bytes)
    default:
      return bytes
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)

// --- JPEG: a sequence of marker segments up to the start of the scan, then the compressed data.

const JPEG_APP0 = 0xe0
const JPEG_APP1 = 0xe1
const JPEG_APP2 = 0xe2
const JPEG_APP14 = 0xee
const JPEG_SOS = 0xda
/** APP0 (JFIF), APP2 (ICC colour profile) and APP14 (Adobe colour transform) change how the picture looks. */
const JPEG_KEPT_APPS = new Set([JPEG_APP0, JPEG_APP2, JPEG_APP14])
const isAppOrComment = (marker: number) => (marker >= 0xe0 && marker <= 0xef) || marker === 0xfe

function jpegWithoutMetadata(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new DamagedImageError('not a JPEG file')
  const parts: Uint8Array[] = [bytes.subarray(0, 2)]
  let at = 2
  for (;;) {
    if (at + 4 > bytes.length || bytes[at] !== 0xff) throw new DamagedImageError('JPEG segments do not add up')
    const marker = bytes[at + 1]!
    if (marker === 0xff) {
      at++ // fill byte before a marker
      continue
    }
    const length = view(bytes).getUint16(at + 2)
    if (length < 2 || at + 2 + length > bytes.length) throw new DamagedImageError('JPEG segment runs past the end')
    const segment = bytes.subarray(at, at + 2 + length)
    if (marker === JPEG_SOS) {
      // From the scan on there is only picture data (metadata segments after it are not expected).
      parts.push(bytes.subarray(at))
      return concat(parts)
    }
    if (!isAppOrComment(marker) || JPEG_KEPT_APPS.has(marker)) parts.push(segment)
    else if (marker === JPEG_APP1) {
      const orientation = exifOrientation(segment.subarray(4))
      if (orientation !== null && orientation !== 1) parts.push(orientationOnlyExif(orientation))
    }
    at += 2 + length
  }
}

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0, 0] // "Exif\0\0"
const ORIENTATION_TAG = 0x0112

/** The orientation (1–8) an APP1 payload's EXIF gives, or null when there is none or it is unreadable. */
function exifOrientation(payload: Uint8Array): number | null {
  if (payload.length < 14 || !EXIF_HEADER.every((byte, i) => payload[i] === byte)) return null
  const tiff = view(payload.subarray(6))
  const order = tiff.getUint16(0)
  if (order !== 0x4949 && order !== 0x4d4d) return null
  const little = order === 0x4949
  const ifd = tiff.getUint32(4, little)
  if (ifd + 2 > tiff.byteLength) return null
  const count = tiff.getUint16(ifd, little)
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12
    if (entry + 12 > tiff.byteLength) return null
    if (tiff.getUint16(entry, little) === ORIENTATION_TAG) {
      const value = tiff.getUint16(entry + 8, little)
      return value >= 1 && value <= 8 ? value : null
    }
  }
  return null
}

/** An APP1 segment whose EXIF holds nothing but the orientation. */
function orientationOnlyExif(orientation: number): Uint8Array {
  const tiff = [0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0]
  const payload = [...EXIF_HEADER, ...tiff]
  const length = payload.length + 2
  return Uint8Array.from([0xff, JPEG_APP1, length >> 8, length & 0xff, ...payload])
}

// --- PNG: a signature, then chunks of length, type, data and checksum.

/** Text, EXIF and time chunks; none of them changes a pixel. */
const PNG_METADATA_CHUNKS = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME'])

function pngWithoutMetadata(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [bytes.subarray(0, 8)]
  let at = 8
  let ended = false
  while (!ended) {
    if (at + 12 > bytes.length) throw new DamagedImageError('PNG chunks do not add up')
    const length = view(bytes).getUint32(at)
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8))
    const end = at + 12 + length
    if (end > bytes.length) throw new DamagedImageError('PNG chunk runs past the end')
    if (!PNG_METADATA_CHUNKS.has(type)) parts.push(bytes.subarray(at, end))
    ended = type === 'IEND'
    at = end
  }
  return concat(parts)
}

// --- WebP: a RIFF file of chunks (four-character code, little-endian size, data padded to even).

const WEBP_METADATA_CHUNKS = new Set(['EXIF', 'XMP '])
/** VP8X flags announcing the EXIF and XMP chunks, cleared together with them. */
const VP8X_EXIF_FLAG = 0x08
const VP8X_XMP_FLAG = 0x04

function webpWithoutMetadata(bytes: Uint8Array): Uint8Array {
  const riff = view(bytes)
  if (bytes.length < 12 || riff.getUint32(4, true) + 8 !== bytes.length) throw new DamagedImageError('WebP size does not add up')
  const parts: Uint8Array[] = []
  let at = 12
  while (at < bytes.length) {
    if (at + 8 > bytes.length) throw new DamagedImageError('WebP chunks do not add up')
    const type = String.fromCharCode(...bytes.subarray(at, at + 4))
    const size = riff.getUint32(at + 4, true)
    const end = at + 8 + size + (size % 2)
    if (end > bytes.length) throw new DamagedImageError('WebP chunk runs past the end')
    if (type === 'VP8X' && size >= 1) {
      const chunk = bytes.slice(at, end)
      chunk[8] = chunk[8]! & ~(VP8X_EXIF_FLAG | VP8X_XMP_FLAG)
      parts.push(chunk)
    } else if (!WEBP_METADATA_CHUNKS.has(type)) parts.push(bytes.subarray(at, end))
    at = end
  }
  const body = concat(parts)
  const header = new Uint8Array(12)
  header.set(bytes.subarray(0, 12))
  view(header).setUint32(4, body.length + 4, true)
  return concat([header, body])
}
