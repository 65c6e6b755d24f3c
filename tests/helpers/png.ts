/** Pictures made in the tests, byte by byte, so their content is known. */
import { crc32, deflateSync } from 'node:zlib'

/** A plain grey RGB PNG of the given size. */
export function greyPng(width: number, height: number): Uint8Array {
  return solidPng(width, height, [0xc0, 0xc0, 0xc0])
}

/** An RGB PNG of the given size in one colour (channels 0-255). */
export function solidPng(width: number, height: number, [r, g, b]: readonly [number, number, number]): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const out = Buffer.alloc(8 + data.length + 4)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc32(body), 8 + data.length)
    return out
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const pixel = Buffer.from([r, g, b])
  const row = Buffer.concat([Buffer.from([0]), ...Array.from({ length: width }, () => pixel)])
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))])
}
