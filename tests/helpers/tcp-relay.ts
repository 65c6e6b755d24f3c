/**
 * A TCP relay in front of a service (PostgreSQL, Redis) for one test's server alone: `cut` drops
 * every open connection and refuses new ones, as the service going down looks to that server;
 * `stall` keeps every connection open and accepts new ones but passes nothing on, as a network
 * that stops carrying packets (or a frozen machine) looks; `restore` relays again, on the same
 * port. The service itself keeps running for every other test and developer that shares it.
 */
import net from 'node:net'

export interface TcpRelay {
  /** The relay's port on 127.0.0.1: point the server at it instead of the service. */
  readonly port: number
  /** Drops every open connection and stops listening. */
  cut(): Promise<void>
  /** Passes nothing on any more, in either direction, without closing anything. */
  stall(): void
  /** Relays again on the same port (connections held by `stall` are dropped: their peers gave up). */
  restore(): Promise<void>
}

/** Starts relaying 127.0.0.1:<port> to `host:targetPort`; the caller cuts it when done. */
export async function tcpRelay(host: string, targetPort: number): Promise<TcpRelay> {
  const pairs = new Set<[net.Socket, net.Socket | null]>()
  let server: net.Server | null = null
  let stalled = false
  const track = (pair: [net.Socket, net.Socket | null]) => {
    pairs.add(pair)
    for (const end of pair) {
      end?.on('error', () => {})
      end?.on('close', () => pairs.delete(pair))
    }
  }
  const listen = async (port: number): Promise<number> => {
    const listening = net.createServer((socket) => {
      if (stalled) {
        socket.pause()
        track([socket, null])
        return
      }
      const upstream = net.connect(targetPort, host)
      track([socket, upstream])
      socket.pipe(upstream).pipe(socket)
    })
    await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', resolve))
    server = listening
    return (listening.address() as net.AddressInfo).port
  }
  const dropAll = () => {
    for (const pair of pairs) for (const end of pair) end?.destroy()
    pairs.clear()
  }
  const port = await listen(0)
  return {
    port,
    async cut() {
      const listening = server
      server = null
      const closed = listening ? new Promise<void>((resolve) => listening.close(() => resolve())) : Promise.resolve()
      dropAll()
      await closed
    },
    stall() {
      stalled = true
      for (const [socket, upstream] of pairs) {
        socket.unpipe()
        upstream?.unpipe()
        socket.pause()
        upstream?.pause()
      }
    },
    async restore() {
      if (stalled) {
        stalled = false
        dropAll()
      }
      if (server === null) await listen(port)
    },
  }
}

/** `url` (postgres://…, redis://…) with its host and port replaced by the relay's. */
export function throughRelay(url: string, relay: TcpRelay): string {
  const relayed = new URL(url)
  relayed.hostname = '127.0.0.1'
  relayed.port = String(relay.port)
  return relayed.toString()
}
