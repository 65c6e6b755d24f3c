import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'

/**
 * The message types of the y-websocket protocol, plus the ones Hocuspocus adds
 * on top (auth, sync reply, sync status, close). Numbers are the wire values.
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  syncReply: 4,
  close: 7,
  syncStatus: 8,
} as const

/** Sub-types of a sync message (y-protocols/sync). */
export const SyncStep = { step1: 0, step2: 1, update: 2 } as const

/** Hocuspocus auth sub-types (@hocuspocus/common AuthMessageType). */
export const AuthType = { token: 0, permissionDenied: 1, authenticated: 2 } as const

/** A sync message as received: its step and the bytes it carries (a view into the frame). */
export interface SyncMessage {
  kind: 'sync'
  step: number
  data: Uint8Array
}

/** An awareness message as received: the raw awareness update. */
export interface AwarenessMessage {
  kind: 'awareness'
  data: Uint8Array
}

/** An auth reply (Hocuspocus only). */
export interface AuthMessage {
  kind: 'auth'
  authType: number
  detail: string
}

/** Anything else the generator only counts. */
export interface OtherMessage {
  kind: 'other'
  type: number
}

export type IncomingMessage = SyncMessage | AwarenessMessage | AuthMessage | OtherMessage

/**
 * Builds a frame: the framing prefix (empty for y-websocket, the document name
 * for Hocuspocus), then whatever `write` adds.
 */
export function frame(prefix: Uint8Array, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeUint8Array(encoder, prefix)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** A sync message of the given step carrying `data` (a state vector or an update). */
export function syncFrame(prefix: Uint8Array, step: number, data: Uint8Array): Uint8Array {
  return frame(prefix, (encoder) => {
    encoding.writeVarUint(encoder, MessageType.sync)
    encoding.writeVarUint(encoder, step)
    encoding.writeVarUint8Array(encoder, data)
  })
}

/** An awareness message carrying an encoded awareness update. */
export function awarenessFrame(prefix: Uint8Array, update: Uint8Array): Uint8Array {
  return frame(prefix, (encoder) => {
    encoding.writeVarUint(encoder, MessageType.awareness)
    encoding.writeVarUint8Array(encoder, update)
  })
}

/** The Hocuspocus auth message a provider sends before anything else for a document. */
export function authTokenFrame(prefix: Uint8Array, token: string): Uint8Array {
  return frame(prefix, (encoder) => {
    encoding.writeVarUint(encoder, MessageType.auth)
    encoding.writeVarUint(encoder, AuthType.token)
    encoding.writeVarString(encoder, token)
  })
}

/** The framing prefix Hocuspocus expects: the document name as a var-string. */
export function documentNamePrefix(name: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, name)
  return encoding.toUint8Array(encoder)
}

/**
 * Decodes one received frame. `prefixed` says whether a document name comes
 * first (Hocuspocus). Sync payloads are returned as views, without copying.
 */
export function readMessage(bytes: Uint8Array, prefixed: boolean): IncomingMessage {
  const decoder = decoding.createDecoder(bytes)
  if (prefixed) skipVarBytes(decoder)
  const type = decoding.readVarUint(decoder)
  switch (type) {
    case MessageType.sync:
    case MessageType.syncReply: {
      const step = decoding.readVarUint(decoder)
      return { kind: 'sync', step, data: decoding.readVarUint8Array(decoder) }
    }
    case MessageType.awareness:
      return { kind: 'awareness', data: decoding.readVarUint8Array(decoder) }
    case MessageType.auth: {
      const authType = decoding.readVarUint(decoder)
      const detail = decoding.hasContent(decoder) ? decoding.readVarString(decoder) : ''
      return { kind: 'auth', authType, detail }
    }
    default:
      return { kind: 'other', type }
  }
}

/**
 * Calls `onEntry` for each client in an awareness update without parsing the
 * states' JSON: the generator only needs to count who changed.
 */
export function forEachAwarenessClient(update: Uint8Array, onEntry: (clientId: number) => void): void {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    decoding.readVarUint(decoder) // clock
    skipVarBytes(decoder) // JSON state
    onEntry(clientId)
  }
}

/** Encodes an awareness update for one client, as y-protocols/awareness does on the wire. */
export function encodeAwarenessState(clientId: number, clock: number, stateJson: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint(encoder, clientId)
  encoding.writeVarUint(encoder, clock)
  encoding.writeVarString(encoder, stateJson)
  return encoding.toUint8Array(encoder)
}

function skipVarBytes(decoder: decoding.Decoder): void {
  const length = decoding.readVarUint(decoder)
  decoder.pos += length
}
