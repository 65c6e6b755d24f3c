/**
 * The framing of a server link (docs/cluster.md, "Forwarding a connection"): one WebSocket between
 * a forwarding server and a room's owner per board, carrying every client the forwarding server
 * has for that board, each on a channel of its own. Each link frame is one binary WebSocket message:
 *
 * ```
 * byte 0      kind
 * bytes 1..4  channel id, uint32 big-endian (absent in `broadcast`)
 * bytes 5..   payload
 *
 * kind         direction              payload
 * 0 open       forwarder -> owner     "<facts> <signature>" (UTF-8): the client's identity, address
 *                                     and board, signed with the cluster's secret (forwarded-request.ts)
 * 1 message    both ways              one y-websocket message from or for that client
 * 2 close      both ways              close code (uint16 big-endian), then the reason (UTF-8)
 * 3 joined     owner -> forwarder     nothing: the client is in the room, broadcasts are for it now
 * 4 broadcast  owner -> forwarder     the room's messages as server-to-client WebSocket frames
 *                                     (sync/ws-frames.ts), for every joined client of the link
 * ```
 *
 * The forwarding server numbers the channels of a link from 1 and never uses a number twice, so
 * a frame for a channel that has just closed on one side is recognised and dropped on the other.
 */

export const LinkFrameKind = { open: 0, message: 1, close: 2, joined: 3, broadcast: 4 } as const
export type LinkFrameKind = (typeof LinkFrameKind)[keyof typeof LinkFrameKind]

/** A decoded link frame. `payload` is a view into the received message, not a copy. */
export type LinkFrame =
  | { readonly kind: typeof LinkFrameKind.broadcast; readonly payload: Buffer }
  | { readonly kind: ChannelFrameKind; readonly channel: number; readonly payload: Buffer }

/** The kinds of frame that belong to one channel (all but `broadcast`). */
export type ChannelFrameKind = Exclude<LinkFrameKind, typeof LinkFrameKind.broadcast>

const CHANNEL_HEADER = 5
const utf8 = new TextDecoder()

/** A frame of `kind` for `channel`, with `payload` (empty for `joined`). */
export function channelFrame(kind: ChannelFrameKind, channel: number, payload: Uint8Array = EMPTY): Buffer {
  const frame = Buffer.allocUnsafe(CHANNEL_HEADER + payload.length)
  frame[0] = kind
  frame.writeUInt32BE(channel, 1)
  frame.set(payload, CHANNEL_HEADER)
  return frame
}

/** The `close` frame of `channel`. */
export function closeFrame(channel: number, code: number, reason: string): Buffer {
  const text = Buffer.from(reason)
  const payload = Buffer.allocUnsafe(2 + text.length)
  payload.writeUInt16BE(code, 0)
  text.copy(payload, 2)
  return channelFrame(LinkFrameKind.close, channel, payload)
}

/** The `broadcast` frame of the room's messages, already framed for the clients' sockets. */
export function broadcastFrame(frames: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(1 + frames.length)
  frame[0] = LinkFrameKind.broadcast
  frame.set(frames, 1)
  return frame
}

/** Decodes one link frame; null when it is none (unknown kind, too short). */
export function readLinkFrame(data: Buffer): LinkFrame | null {
  const kind = data[0]
  if (kind === LinkFrameKind.broadcast) return { kind, payload: data.subarray(1) }
  if (kind === undefined || kind > LinkFrameKind.broadcast || data.length < CHANNEL_HEADER) return null
  return { kind: kind as ChannelFrameKind, channel: data.readUInt32BE(1), payload: data.subarray(CHANNEL_HEADER) }
}

/** The code and reason of a `close` frame's payload; null when it is too short. */
export function readClose(payload: Uint8Array): { code: number; reason: string } | null {
  if (payload.length < 2) return null
  return { code: (payload[0]! << 8) | payload[1]!, reason: utf8.decode(payload.subarray(2)) }
}

const EMPTY = new Uint8Array(0)
