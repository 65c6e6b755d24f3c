import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { Protocol } from '../client/framing'

/** The servers the suite compares. */
export type ServerId = 'ours' | 'y-websocket-server' | 'hocuspocus'

/** How to start one server and address its rooms. */
export interface ServerDefinition {
  id: ServerId
  label: string
  protocol: Protocol
  /** Absolute path of the child entry that starts it. */
  entry: string
  /** Creates a room (a board) and returns its document name. */
  createRoom(origin: string): Promise<string>
  /** The WebSocket URL a client of `room` connects to. */
  socketUrl(origin: string, room: string): string
}

const entry = (name: string) => fileURLToPath(new URL(`./entries/${name}.ts`, import.meta.url))
const wsOrigin = (origin: string) => origin.replace(/^http/, 'ws')
const freeName = async () => `bench-${randomBytes(6).toString('hex')}`

const ours: ServerDefinition = {
  id: 'ours',
  label: 'gatherboard',
  protocol: 'y-websocket',
  entry: entry('ours'),
  // Unknown board ids are refused (4404), so every room is created through the API first.
  async createRoom(origin) {
    const response = await fetch(`${origin}/api/boards`, { method: 'POST' })
    if (!response.ok) throw new Error(`POST /api/boards: ${response.status}`)
    const { id } = (await response.json()) as { id: string }
    return id
  },
  socketUrl: (origin, room) => `${wsOrigin(origin)}/sync/${encodeURIComponent(room)}`,
}

const yWebsocketServer: ServerDefinition = {
  id: 'y-websocket-server',
  label: '@y/websocket-server 0.1.1',
  protocol: 'y-websocket',
  entry: entry('y-websocket-server'),
  createRoom: freeName,
  socketUrl: (origin, room) => `${wsOrigin(origin)}/${room}`,
}

const hocuspocus: ServerDefinition = {
  id: 'hocuspocus',
  label: '@hocuspocus/server 4.7.0',
  protocol: 'hocuspocus',
  entry: entry('hocuspocus'),
  createRoom: freeName,
  // The document is named inside every frame; the path does not matter.
  socketUrl: (origin) => `${wsOrigin(origin)}/`,
}

/** All servers, ours first. */
export const SERVERS: readonly ServerDefinition[] = [ours, yWebsocketServer, hocuspocus]

/** The definition of a server id. */
export function serverById(id: ServerId): ServerDefinition {
  const found = SERVERS.find((server) => server.id === id)
  if (found === undefined) throw new Error(`unknown server ${id}`)
  return found
}
