import { randomBytes } from 'node:crypto'
import WebSocket from 'ws'
import { fileURLToPath } from 'node:url'
import { LINK_TOKEN_PARAM } from '../../shared/model/roles'
import type { Protocol } from '../client/framing'
import { runtimeFlags } from '../../server/runtime-flags'

/**
 * The servers the suite compares; `ours-postgres` is ours storing in PostgreSQL instead of SQLite,
 * `ours-cluster-*` ours as two servers sharing PostgreSQL and Redis (only when asked for, `--servers=`).
 */
export type ServerId = 'ours' | 'ours-postgres' | 'y-websocket-server' | 'hocuspocus' | 'ours-cluster-direct' | 'ours-cluster-forwarded'

/** How to start one server and address its rooms. */
export interface ServerDefinition {
  id: ServerId
  label: string
  protocol: Protocol
  /** Absolute path of the child entry that starts it. */
  entry: string
  /** What the child's environment adds for it. */
  env?: Readonly<Record<string, string>>
  /** Node flags the server is deployed with on a process limited to one core (it is pinned to one). */
  nodeFlags: readonly string[]
  /**
   * Creates a room (a board) and returns its key: the document name for the reference servers;
   * for ours the board id with the participant link token as a query (`<id>?k=<token>`).
   */
  createRoom(origin: string): Promise<string>
  /** The WebSocket URL a client of room `key` connects to. */
  socketUrl(origin: string, key: string): string
}

const entry = (name: string) => fileURLToPath(new URL(`./entries/${name}.ts`, import.meta.url))
const wsOrigin = (origin: string) => origin.replace(/^http/, 'ws')
const freeName = async () => `bench-${randomBytes(6).toString('hex')}`

const ours: ServerDefinition = {
  id: 'ours',
  label: 'gatherboard',
  protocol: 'y-websocket',
  entry: entry('ours'),
  // What server/main.ts restarts itself with on one core: the same deployment as `npm run serve`.
  nodeFlags: runtimeFlags(1),
  // Unknown board ids are refused (4404) and sockets need a link token (4403), so every room
  // is created through the API and joined with its participant link, as people join a meeting.
  async createRoom(origin) {
    const response = await fetch(`${origin}/api/boards`, { method: 'POST' })
    if (!response.ok) throw new Error(`POST /api/boards: ${response.status} ${await response.text()}`)
    const { id, tokens } = (await response.json()) as { id: string; tokens?: { participant: string } }
    return tokens === undefined ? id : `${id}?${LINK_TOKEN_PARAM}=${encodeURIComponent(tokens.participant)}`
  },
  socketUrl: (origin, key) => `${wsOrigin(origin)}/sync/${key}`,
}

/**
 * Ours on PostgreSQL (`--servers=ours,ours-postgres`): the same server and entry, storing in a
 * schema of its own on the machine's PostgreSQL (`TEST_DATABASE_URL`, as the tests use it), so
 * that one run measures the two storages side by side.
 */
const oursOnPostgres: ServerDefinition = {
  ...ours,
  id: 'ours-postgres',
  label: 'gatherboard on PostgreSQL',
  env: { BENCH_STORAGE: 'postgres' },
}

const yWebsocketServer: ServerDefinition = {
  id: 'y-websocket-server',
  label: '@y/websocket-server 0.1.1',
  protocol: 'y-websocket',
  entry: entry('y-websocket-server'),
  nodeFlags: [],
  createRoom: freeName,
  socketUrl: (origin, room) => `${wsOrigin(origin)}/${room}`,
}

const hocuspocus: ServerDefinition = {
  id: 'hocuspocus',
  label: '@hocuspocus/server 4.7.0',
  protocol: 'hocuspocus',
  entry: entry('hocuspocus'),
  nodeFlags: [],
  createRoom: freeName,
  // The document is named inside every frame; the path does not matter.
  socketUrl: (origin) => `${wsOrigin(origin)}/`,
}

/**
 * Ours as a cluster of two (servers/cluster-pair.ts, on the machine's PostgreSQL and Redis): each
 * room is created on the owner and claimed there by a socket that joins and leaves, so that it
 * is the owner's; the clients then open their sockets on the owner (direct) or on the other
 * server (forwarded), which is the one difference between the two.
 */
const clusterVariant = (clients: 'direct' | 'forwarded'): ServerDefinition => ({
  ...ours,
  id: `ours-cluster-${clients}`,
  label: `gatherboard cluster, ${clients}`,
  entry: entry(`ours-cluster-${clients}`),
  async createRoom(origin) {
    const key = await ours.createRoom(origin)
    await claimOn(ours.socketUrl(origin, key))
    return key
  },
})

/** Opens a socket at `url` and closes it once the server has spoken (the room is loaded and its lease taken). */
function claimOn(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url)
    socket.once('message', () => {
      socket.close()
      resolve()
    })
    socket.once('error', reject)
    socket.once('close', (code) => reject(new Error(`the claim socket closed with ${code}`)))
  })
}

/** All servers, ours first. */
export const SERVERS: readonly ServerDefinition[] = [ours, oursOnPostgres, yWebsocketServer, hocuspocus, clusterVariant('direct'), clusterVariant('forwarded')]

/** What runs without `--servers`: ours on its default storage against the reference servers. */
export const DEFAULT_SERVERS: readonly ServerDefinition[] = [ours, yWebsocketServer, hocuspocus]

/** Whether a server is ours (on either storage, or as a cluster): its correctness fails a run, and it takes our options. */
export function isOurs(id: ServerId): boolean {
  return id === 'ours' || id === 'ours-postgres' || id.startsWith('ours-cluster-')
}

/** The definition of a server id. */
export function serverById(id: ServerId): ServerDefinition {
  const found = SERVERS.find((server) => server.id === id)
  if (found === undefined) throw new Error(`unknown server ${id}`)
  return found
}
