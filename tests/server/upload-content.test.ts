/**
 * Uploads are judged by what their bytes are, and photos are stored without their metadata,
 * whoever sends them: real server, files built byte by byte here so each test knows exactly
 * which segment holds the location, the camera and the caption.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { crc32 } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { facilitatorFetch, startTestServer, type TestServer } from '../helpers/server'

let server: TestServer
let boardId: string

beforeAll(async () => {
  server = await startTestServer()
  boardId = await server.createBoard()
})

afterAll(() => server.close())

async function upload(body: Buffer | string, contentType: string): Promise<Response> {
  return facilitatorFetch(`${server.url}/api/boards/${boardId}/assets`, { method: 'POST', headers: { 'Content-Type': contentType }, body: typeof body === 'string' ? body : new Uint8Array(body) })
}

/** Uploads and reads back what the server stored. */
async function storedBytes(body: Buffer, contentType: string): Promise<Buffer> {
  const response = await upload(body, contentType)
  expect(response.status, await response.clone().text()).toBe(201)
  const { url, size } = (await response.json()) as { url: string; size: number }
  const stored = Buffer.from(await (await fetch(`${server.url}${url}`)).arrayBuffer())
  expect(stored.length).toBe(size)
  return stored
}

const latin1 = (text: string) => Buffer.from(text, 'latin1')
const u16 = (value: number) => Buffer.from([value >> 8, value & 0xff])
const u32le = (value: number) => {
  const out = Buffer.alloc(4)
  out.writeUInt32LE(value)
  return out
}

/** A JPEG marker segment (its length counts itself). */
const segment = (marker: number, payload: Buffer) => Buffer.concat([Buffer.from([0xff, marker]), u16(payload.length + 2), payload])

/** EXIF (big-endian TIFF) with an orientation and a GPS IFD holding a latitude reference, so the place is in the file. */
function exifWithLocation(orientation: number): Buffer {
  const entries = [
    [0x0112, 3, 1, (orientation << 16) >>> 0], // orientation, SHORT in the first two bytes of the value
    [0x8825, 4, 1, 38], // offset of the GPS IFD
  ]
  const ifd0 = Buffer.concat([u16(entries.length), ...entries.map(([tag, type, count, value]) => Buffer.concat([u16(tag!), u16(type!), Buffer.from([0, 0, 0, count!]), Buffer.from([value! >>> 24, (value! >>> 16) & 0xff, (value! >>> 8) & 0xff, value! & 0xff])])), Buffer.alloc(4)])
  const gps = Buffer.concat([u16(1), u16(0x0001), u16(2), Buffer.from([0, 0, 0, 2]), latin1('N\0\0\0'), Buffer.alloc(4), latin1('GPS 52.5200N 13.4050E')])
  return Buffer.concat([latin1('Exif\0\0'), latin1('MM\0*'), Buffer.from([0, 0, 0, 8]), ifd0, gps])
}

/** A JPEG's structure: JFIF, EXIF, XMP, IPTC and a comment before the tables and the scan. */
function jpegWithMetadata(orientation: number): { file: Buffer; picture: Buffer } {
  const picture = Buffer.concat([
    segment(0xdb, Buffer.alloc(65, 7)), // quantisation table
    segment(0xc0, Buffer.from([8, 0, 16, 0, 16, 1, 1, 0x11, 0])), // frame header
    segment(0xda, Buffer.from([1, 1, 0, 0, 63, 0])), // start of scan
    Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56]), // entropy-coded data (with a stuffed 0xff)
    Buffer.from([0xff, 0xd9]),
  ])
  const file = Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, latin1('JFIF\0\x01\x02\0\0\x01\0\x01\0\0')),
    segment(0xe1, exifWithLocation(orientation)),
    segment(0xe1, latin1('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Photographer: Anna Example</x:xmpmeta>')),
    segment(0xed, latin1('Photoshop 3.0\0IPTC caption: private garden')),
    segment(0xfe, latin1('taken on a Pixel 7 phone')),
    picture,
  ])
  return { file, picture }
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([latin1(type), data])
  const out = Buffer.alloc(8 + data.length + 4)
  out.writeUInt32BE(data.length, 0)
  body.copy(out, 4)
  out.writeUInt32BE(crc32(body), 8 + data.length)
  return out
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function webpChunk(type: string, data: Buffer): Buffer {
  return Buffer.concat([latin1(type), u32le(data.length), data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)])
}

function webp(chunks: Buffer[]): Buffer {
  const body = Buffer.concat([latin1('WEBP'), ...chunks])
  return Buffer.concat([latin1('RIFF'), u32le(body.length), body])
}

/** Files stored for the board, partial ones included: a refused upload must leave none. */
const filesOnDisk = () => {
  try {
    return readdirSync(path.join(server.dataDir, 'assets', boardId))
  } catch {
    return []
  }
}

describe('uploads are what they say they are', () => {
  it('stores a JPEG without EXIF, XMP, IPTC and comments, keeping its orientation and every byte of the picture', async () => {
    const { file, picture } = jpegWithMetadata(6)
    const stored = await storedBytes(file, 'image/jpeg')
    const text = stored.toString('latin1')
    for (const secret of ['GPS', '52.5200N', 'Anna Example', 'private garden', 'Pixel 7']) expect(text).not.toContain(secret)
    expect(text).toContain('JFIF')
    // What remains of EXIF is one orientation entry: a phone photo taken upright still shows upright.
    const exif = stored.indexOf(latin1('Exif\0\0'))
    expect(exif).toBeGreaterThan(0)
    const tiff = stored.subarray(exif + 6)
    expect(tiff.subarray(0, 4)).toEqual(latin1('MM\0*'))
    expect(tiff.readUInt16BE(8)).toBe(1)
    expect([tiff.readUInt16BE(10), tiff.readUInt16BE(18)]).toEqual([0x0112, 6])
    expect(stored.subarray(stored.length - picture.length)).toEqual(picture)
  })

  it('leaves no EXIF at all when the orientation is the normal one', async () => {
    const stored = await storedBytes(jpegWithMetadata(1).file, 'image/jpeg')
    expect(stored.includes(latin1('Exif'))).toBe(false)
  })

  it('stores a PNG without its text, EXIF and time chunks, every other chunk unchanged', async () => {
    const header = pngChunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]))
    const pixels = pngChunk('IDAT', Buffer.from('789c63f8cfc0f01f0005000201', 'hex'))
    const end = pngChunk('IEND', Buffer.alloc(0))
    const file = Buffer.concat([
      PNG_SIGNATURE,
      header,
      pngChunk('tEXt', latin1('Author\0Anna Example')),
      pngChunk('eXIf', exifWithLocation(1).subarray(6)),
      pngChunk('iTXt', latin1('XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>private garden</x:xmpmeta>')),
      pngChunk('tIME', Buffer.from([7, 234, 6, 12, 14, 0, 0])),
      pixels,
      end,
    ])
    expect(await storedBytes(file, 'image/png')).toEqual(Buffer.concat([PNG_SIGNATURE, header, pixels, end]))
  })

  it('stores a WebP without its EXIF and XMP chunks and clears the flags that announce them', async () => {
    const vp8x = Buffer.from([0x0c | 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0]) // EXIF, XMP and alpha flags
    const image = webpChunk('VP8L', Buffer.from([0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0]))
    const file = webp([webpChunk('VP8X', vp8x), image, webpChunk('EXIF', exifWithLocation(1).subarray(6)), webpChunk('XMP ', latin1('<x:xmpmeta>Anna Example</x:xmpmeta>'))])
    const stored = await storedBytes(file, 'image/webp')
    expect(stored).toEqual(webp([webpChunk('VP8X', Buffer.from([0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0])), image]))
    expect(stored.readUInt32LE(4)).toBe(stored.length - 8)
  })

  it('stores a video byte for byte', async () => {
    const video = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), latin1('ftypmp42'), Buffer.alloc(12), Buffer.alloc(5000, 0xab)])
    expect(await storedBytes(video, 'video/mp4')).toEqual(video)
  })

  it('refuses bytes that are not of the declared type, and damaged images, with 415, storing nothing', async () => {
    const before = filesOnDisk()
    const html = '<!doctype html><script>fetch("/api/boards")</script>' + ' '.repeat(100)
    for (const [body, type] of [
      [html, 'image/png'],
      [html, 'image/svg+xml'],
      [Buffer.concat([PNG_SIGNATURE, Buffer.alloc(80)]), 'image/jpeg'],
      [Buffer.from('GIF89a'), 'image/png'],
    ] as const) {
      const response = await upload(body, type)
      expect(response.status, type).toBe(415)
      expect(((await response.json()) as { error: string }).error).toBe(`the file is not ${type}; nothing was stored`)
    }
    // A PNG whose chunk claims more bytes than the file has.
    const truncated = Buffer.concat([PNG_SIGNATURE, Buffer.from([0, 0, 0x03, 0xe8]), latin1('IDAT'), Buffer.alloc(60)])
    const damaged = await upload(truncated, 'image/png')
    expect(damaged.status).toBe(415)
    expect(((await damaged.json()) as { error: string }).error).toMatch(/^PNG chunk runs past the end; nothing was stored$/)
    expect(filesOnDisk()).toEqual(before)
    expect(server.logs.some((line) => line.includes('asset.content_refused'))).toBe(true)
  })
})
