import { authTokenFrame, documentNamePrefix } from './wire'

/** The two wire dialects the generator speaks. */
export type Protocol = 'y-websocket' | 'hocuspocus'

/**
 * How one dialect wraps the y-websocket messages: plain y-websocket sends them
 * as they are, one document per socket; Hocuspocus prefixes every frame with the
 * document name and wants an auth message for that document first.
 */
export interface Framing {
  /** Whether received frames start with a document name to skip. */
  readonly prefixed: boolean
  /** The bytes written before every message for this document. */
  prefix(documentName: string): Uint8Array
  /** Frames to send as soon as the socket opens, before sync step 1. */
  greeting(prefix: Uint8Array): Uint8Array[]
}

const yWebsocket: Framing = {
  prefixed: false,
  prefix: () => new Uint8Array(0),
  greeting: () => [],
}

const hocuspocus: Framing = {
  prefixed: true,
  prefix: documentNamePrefix,
  // Hocuspocus queues everything for a document until its auth message has
  // been accepted; with no onAuthenticate hook any token passes.
  greeting: (prefix) => [authTokenFrame(prefix, 'bench')],
}

/** The framing for a protocol. */
export function framingFor(protocol: Protocol): Framing {
  return protocol === 'hocuspocus' ? hocuspocus : yWebsocket
}
