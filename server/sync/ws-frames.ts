/**
 * Server-to-client WebSocket frames built once and written as they are to every member's socket.
 *
 * A room sends the same bytes to all its members. Sent through `ws`, each send frames the message
 * again: a header allocation, then a corked pair of writes and their bookkeeping, per connection.
 * Framed once per broadcast (RFC 6455 §5.2: FIN set, binary opcode, and no mask, which servers
 * never use), the messages go out with one plain write per connection.
 */

const FIN_BINARY = 0x82
const LENGTH_16 = 126
const LENGTH_64 = 127

/** The messages as consecutive binary WebSocket frames, one frame each, in one buffer. */
export function binaryFrames(messages: readonly Uint8Array[]): Buffer {
  let length = 0
  for (const message of messages) length += headerLength(message.length) + message.length
  const out = Buffer.allocUnsafe(length)
  let offset = 0
  for (const message of messages) {
    offset = writeHeader(out, offset, message.length)
    out.set(message, offset)
    offset += message.length
  }
  return out
}

function headerLength(payloadLength: number): number {
  if (payloadLength < LENGTH_16) return 2
  return payloadLength <= 0xffff ? 4 : 10
}

function writeHeader(out: Buffer, offset: number, payloadLength: number): number {
  out[offset] = FIN_BINARY
  if (payloadLength < LENGTH_16) {
    out[offset + 1] = payloadLength
    return offset + 2
  }
  if (payloadLength <= 0xffff) {
    out[offset + 1] = LENGTH_16
    out.writeUInt16BE(payloadLength, offset + 2)
    return offset + 4
  }
  out[offset + 1] = LENGTH_64
  out.writeBigUInt64BE(BigInt(payloadLength), offset + 2)
  return offset + 10
}
