/** JPEG files as a phone's camera writes them, and what tests read back from the ones stored. */
import type { Page } from 'playwright-core'

/** A 3000×2000 JPEG drawn and encoded in `page` (green with a yellow block), without metadata. */
export async function cameraPhoto(page: Page): Promise<Uint8Array> {
  const bytes = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(3000, 2000)
    const context = canvas.getContext('2d')!
    context.fillStyle = '#3a7d44'
    context.fillRect(0, 0, 3000, 2000)
    context.fillStyle = '#f2c14e'
    context.fillRect(1000, 600, 1000, 800)
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })
    return [...new Uint8Array(await blob.arrayBuffer())]
  })
  return Uint8Array.from(bytes)
}

/**
 * `jpeg` with an EXIF APP1 segment right after its start: a TIFF header, IFD0 with an image
 * description and a pointer to a GPS IFD holding a latitude, as a camera writes them.
 */
export function withExif(jpeg: Uint8Array, description: string): Uint8Array {
  const text = new TextEncoder().encode(`${description}\0`)
  const tiff: number[] = []
  const u16 = (value: number) => tiff.push(value & 0xff, value >> 8)
  const u32 = (value: number) => tiff.push(value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >>> 24)
  /** One IFD entry: tag, type (2 ASCII, 4 LONG, 5 RATIONAL), count, value or offset. */
  const entry = (tag: number, type: number, count: number, value: number) => {
    u16(tag)
    u16(type)
    u32(count)
    u32(value)
  }
  // Header; IFD0 at 8 with two entries (2 + 2*12 + 4 = 30 bytes), the GPS IFD at 38 with two
  // entries (30 bytes), then the latitude's three rationals at 68 and the description at 92.
  tiff.push(0x49, 0x49)
  u16(42)
  u32(8)
  u16(2)
  entry(0x010e, 2, text.length, 92)
  entry(0x8825, 4, 1, 38)
  u32(0)
  u16(2)
  entry(0x0001, 2, 2, 0x4e) // "N\0", little-endian in the value field
  entry(0x0002, 5, 3, 68)
  u32(0)
  for (const part of [51, 1, 20, 1, 3456, 100]) u32(part)
  tiff.push(...text)
  const payload = [...new TextEncoder().encode('Exif\0\0'), ...tiff]
  const length = payload.length + 2
  const segment = [0xff, 0xe1, length >> 8, length & 0xff, ...payload]
  return Uint8Array.from([...jpeg.slice(0, 2), ...segment, ...jpeg.slice(2)])
}

/** Width and height from a JPEG's start-of-frame segment. */
export function jpegSize(jpeg: Uint8Array): { width: number; height: number } | null {
  let at = 2
  while (at + 9 < jpeg.length) {
    if (jpeg[at] !== 0xff) return null
    const marker = jpeg[at + 1]!
    const length = (jpeg[at + 2]! << 8) | jpeg[at + 3]!
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (jpeg[at + 5]! << 8) | jpeg[at + 6]!, width: (jpeg[at + 7]! << 8) | jpeg[at + 8]! }
    }
    at += 2 + length
  }
  return null
}
