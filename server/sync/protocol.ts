/**
 * The y-websocket wire format, as spoken by an unmodified `WebsocketProvider`.
 *
 * Every frame starts with a varUint message type:
 *   0 sync            followed by a varUint sync step and a varUint8Array payload
 *                       (0 step 1: state vector, 1 step 2: update, 2 update: update)
 *   1 awareness       followed by a varUint8Array awareness update
 *   2 auth            server -> client only (0 = permission denied, then a varString reason)
 *   3 query-awareness nothing else; asks for every awareness state
 *
 * Reading is strict: a frame that is truncated, has trailing bytes or an unknown type throws a
 * `ProtocolError`, which the connection turns into close code 4400.
 */
import * as decoding from 'lib0/decoding'

export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const
export const SyncStep = { step1: 0, step2: 1, update: 2 } as const
const AUTH_PERMISSION_DENIED = 0

/** A frame from a client that does not follow the protocol. */
export class ProtocolError extends Error {
  override name = 'ProtocolError'
}

/** A decoded client frame. Payloads are views into the received frame, not copies. */
export type ClientMessage =
  | { readonly type: 'sync-step1'; readonly stateVector: Uint8Array }
  /** Sync step 2 and incremental updates carry the same thing: a Yjs update. */
  | { readonly type: 'update'; readonly update: Uint8Array }
  | { readonly type: 'awareness'; readonly update: Uint8Array }
  | { readonly type: 'query-awareness' }
  /** Clients have nothing to say in the auth sub-protocol; such frames are ignored. */
  | { readonly type: 'auth' }

const QUERY_AWARENESS: ClientMessage = { type: 'query-awareness' }
const AUTH: ClientMessage = { type: 'auth' }

/** Decodes one client frame; throws `ProtocolError` when it is malformed. */
export function readClientMessage(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame)
  let message: ClientMessage
  try {
    message = readBody(decoder)
  } catch (error) {
    if (error instanceof ProtocolError) throw error
    throw new ProtocolError(`truncated frame (${frame.length} bytes)`)
  }
  if (decoder.pos !== frame.length) {
    throw new ProtocolError(`${frame.length - decoder.pos} unexpected bytes after the message`)
  }
  return message
}

function readBody(decoder: decoding.Decoder): ClientMessage {
  const type = decoding.readVarUint(decoder)
  switch (type) {
    case MessageType.sync: {
      const step = decoding.readVarUint(decoder)
      const payload = decoding.readVarUint8Array(decoder)
      if (step === SyncStep.step1) return { type: 'sync-step1', stateVector: payload }
      if (step === SyncStep.step2 || step === SyncStep.update) return { type: 'update', update: payload }
      throw new ProtocolError(`unknown sync step ${step}`)
    }
    case MessageType.awareness:
      return { type: 'awareness', update: decoding.readVarUint8Array(decoder) }
    case MessageType.queryAwareness:
      return QUERY_AWARENESS
    case MessageType.auth:
      // Skip whatever the client put there; the auth sub-protocol only flows server -> client.
      decoder.pos = decoder.arr.length
      return AUTH
    default:
      throw new ProtocolError(`unknown message type ${type}`)
  }
}

/** `[sync, step 1, state vector]`: asks the peer for what we are missing. */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return frame(MessageType.sync, SyncStep.step1, stateVector)
}

/** `[sync, step 2, update]`: answers a step 1 with what the peer is missing. */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return frame(MessageType.sync, SyncStep.step2, update)
}

/** `[sync, update, update]`: a live document change. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  return frame(MessageType.sync, SyncStep.update, update)
}

/** `[awareness, awareness update]`. */
export function encodeAwareness(awarenessUpdate: Uint8Array): Uint8Array {
  return frame(MessageType.awareness, -1, awarenessUpdate)
}

/**
 * `[auth, permission denied, reason]`: the standard provider logs the reason as a warning.
 * Sent when a hook refuses an update (see `beforeApplyUpdate` in server/hooks.ts).
 */
export function encodePermissionDenied(reason: string): Uint8Array {
  return frame(MessageType.auth, AUTH_PERMISSION_DENIED, new TextEncoder().encode(reason))
}

/** Bytes a varUint needs for `n`. */
export function varUintLength(n: number): number {
  let length = 1
  while (n > 127) {
    n = Math.floor(n / 128)
    length++
  }
  return length
}

/** Writes `n` as a varUint at `offset`; returns the offset after it. */
export function writeVarUint(target: Uint8Array, offset: number, n: number): number {
  while (n > 127) {
    target[offset++] = 0x80 | (n & 0x7f)
    n = Math.floor(n / 128)
  }
  target[offset++] = n
  return offset
}

/**
 * Builds `[type, subtype?, varUint length, payload]` in one allocation (subtype -1 = none):
 * the broadcast path calls this once per room and turn, and the buffer is shared by every send.
 */
function frame(type: number, subtype: number, payload: Uint8Array): Uint8Array {
  const headerLength = (subtype < 0 ? 1 : 2) + varUintLength(payload.length)
  const out = Buffer.allocUnsafe(headerLength + payload.length)
  out[0] = type
  let offset = 1
  if (subtype >= 0) out[offset++] = subtype
  offset = writeVarUint(out, offset, payload.length)
  out.set(payload, offset)
  return out
}
