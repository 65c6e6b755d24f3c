import { randomFillSync } from 'node:crypto'

/** WebSocket opcodes (RFC 6455, 5.2). */
export const Opcode = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const

/** Random bytes for frame masks, refilled as they run out (one fill per thousand frames). */
const maskPool = Buffer.alloc(4096)
let maskAt = maskPool.length

/**
 * One client-to-server frame, unfragmented and masked with a fresh random key,
 * as RFC 6455 requires of clients (and as `ws` sends them).
 */
export function clientFrame(opcode: number, payload: Uint8Array): Buffer {
  const length = payload.length
  const extended = length < 126 ? 0 : length < 65536 ? 2 : 8
  const headerLength = 2 + extended + 4
  const frame = Buffer.allocUnsafe(headerLength + length)
  frame[0] = 0x80 | opcode
  if (extended === 0) {
    frame[1] = 0x80 | length
  } else if (extended === 2) {
    frame[1] = 0x80 | 126
    frame.writeUInt16BE(length, 2)
  } else {
    frame[1] = 0x80 | 127
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2)
    frame.writeUInt32BE(length >>> 0, 6)
  }
  if (maskAt + 4 > maskPool.length) {
    randomFillSync(maskPool)
    maskAt = 0
  }
  const keyAt = headerLength - 4
  maskPool.copy(frame, keyAt, maskAt, maskAt + 4)
  maskAt += 4
  for (let i = 0; i < length; i++) frame[headerLength + i] = payload[i]! ^ frame[keyAt + (i & 3)]!
  return frame
}

/** What a `FrameReader` hands on. */
export interface FrameSink {
  /** A complete data message (only while the reader is collecting). */
  message(payload: Buffer): void
  ping(payload: Buffer): void
  /** The server's close frame, with its status code (1005 when it carried none). */
  close(code: number): void
  /** The stream broke the protocol (a masked server frame). */
  violation(reason: string): void
}

/** The longest frame header: 2 bytes, an 8-byte length and a 4-byte mask. */
const MAX_HEADER = 14

/**
 * Reads server-to-client frames from a byte stream that arrives in arbitrary
 * chunks. While `collecting`, data messages are assembled (copied) and handed
 * to the sink; otherwise their payloads are only stepped over, which costs a
 * header decode per frame and nothing per byte. Control frames (ping, close)
 * are always handled. It counts the data messages and their payload bytes
 * either way.
 */
export class FrameReader {
  /** Whether data messages are assembled and delivered; when false they are skipped. */
  collecting = true
  /** Complete data messages read so far. */
  messages = 0
  /** Payload bytes of those messages. */
  bytes = 0
  private readonly header = Buffer.alloc(MAX_HEADER)
  private headerLength = 0
  private inPayload = false
  private remaining = 0
  private opcode = 0
  private fin = true
  /** Whether the current frame's payload is kept (control frames, data while collecting). */
  private keep = false
  private framePieces: Buffer[] = []
  private messagePieces: Buffer[] = []
  private messageBytes = 0

  constructor(private readonly sink: FrameSink) {}

  /** Consumes `length` bytes of `chunk` (which may be reused by the caller afterwards). */
  read(chunk: Buffer, length: number): void {
    let at = 0
    while (at < length) {
      if (!this.inPayload) {
        this.header[this.headerLength++] = chunk[at++]!
        if (this.headerLength < 2 || this.headerLength < this.headerSize()) continue
        if (!this.startFrame()) return
        if (this.remaining === 0) this.endFrame()
        continue
      }
      const take = Math.min(this.remaining, length - at)
      if (this.keep) this.framePieces.push(Buffer.from(chunk.subarray(at, at + take)))
      at += take
      this.remaining -= take
      if (this.remaining === 0) this.endFrame()
    }
  }

  /** The size of the header being read; its first two bytes are in. */
  private headerSize(): number {
    const short = this.header[1]! & 0x7f
    return 2 + (short === 126 ? 2 : short === 127 ? 8 : 0) + (this.header[1]! & 0x80 ? 4 : 0)
  }

  private startFrame(): boolean {
    const { header } = this
    this.headerLength = 0
    if (header[1]! & 0x80) {
      this.sink.violation('the server sent a masked frame')
      return false
    }
    this.fin = (header[0]! & 0x80) !== 0
    this.opcode = header[0]! & 0x0f
    const short = header[1]! & 0x7f
    this.remaining = short === 126 ? header.readUInt16BE(2) : short === 127 ? header.readUInt32BE(2) * 2 ** 32 + header.readUInt32BE(6) : short
    this.keep = this.opcode >= Opcode.close || this.collecting
    this.inPayload = true
    if (this.opcode < Opcode.close) this.messageBytes += this.remaining
    return true
  }

  private endFrame(): void {
    this.inPayload = false
    const pieces = this.framePieces
    this.framePieces = []
    if (this.opcode >= Opcode.close) {
      const payload = Buffer.concat(pieces)
      if (this.opcode === Opcode.ping) this.sink.ping(payload)
      else if (this.opcode === Opcode.close) this.sink.close(payload.length >= 2 ? payload.readUInt16BE(0) : 1005)
      return
    }
    if (this.keep) this.messagePieces.push(...pieces)
    if (!this.fin) return
    this.messages++
    this.bytes += this.messageBytes
    this.messageBytes = 0
    const collected = this.messagePieces
    this.messagePieces = []
    if (this.keep) this.sink.message(collected.length === 1 ? collected[0]! : Buffer.concat(collected))
  }
}
