/**
 * What a file really is, from its first bytes. An upload is stored only when its bytes are what its
 * Content-Type says: a hand-written client could otherwise store any file under an image type.
 */

/** How many leading bytes the check needs. */
export const SIGNATURE_BYTES = 64

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0))

function startsWith(head: Uint8Array, bytes: readonly number[], offset = 0): boolean {
  return bytes.every((byte, i) => head[offset + i] === byte)
}

/** ISO base media files (MP4, QuickTime, AVIF) name their brand in an `ftyp` box at byte 4. */
function ftypBrand(head: Uint8Array): string | null {
  return startsWith(head, ascii('ftyp'), 4) ? String.fromCharCode(...head.subarray(8, 12)) : null
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** Whether `head` (the file's first bytes, up to SIGNATURE_BYTES) is a file of `mediaType`. */
export function hasSignatureOf(mediaType: string, head: Uint8Array): boolean {
  switch (mediaType) {
    case 'image/png':
    case 'image/apng':
      return startsWith(head, PNG)
    case 'image/jpeg':
      return startsWith(head, [0xff, 0xd8, 0xff])
    case 'image/gif':
      return startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))
    case 'image/webp':
      return startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)
    case 'image/avif': {
      const brand = ftypBrand(head)
      return brand === 'avif' || brand === 'avis'
    }
    case 'video/mp4':
    case 'video/quicktime':
      return ftypBrand(head) !== null || startsWith(head, ascii('moov'), 4) || startsWith(head, ascii('mdat'), 4)
    case 'video/webm':
      return startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])
    case 'image/svg+xml':
      return isSvgStart(head)
    default:
      return false
  }
}

/** SVG is text: after an optional byte order mark and white space, an XML declaration, a comment, a doctype or `<svg`. */
function isSvgStart(head: Uint8Array): boolean {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head).replace(/^\uFEFF/, '').trimStart()
  return /^<(\?xml|!--|!DOCTYPE svg|svg[\s>/])/i.test(text)
}
