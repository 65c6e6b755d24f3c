/**
 * A TCP relay in front of a service (PostgreSQL, Redis) for one test's server alone: `cut` drops
 * every open connection and refuses new ones, as the service going down looks to that server;
 * `restore` lets connections through again, on the same port. The service itself keeps running
 * for every other test and developer that shares it.
 */
import net from 'node:net'

export interface TcpRelay {
  /** The relay's port on 127.0.0.1: point the server at it instead of the service. */
  readonly port: number
  /** Drops every open connection and stops listening. */
  cut(): Promise<void>
  /** Listens again on the same port. */
  restore(): Promise<void>
}

/** Starts relaying 127.0.0.1:<port> to `host:targetPort`; the caller cuts it when done. */
export async function tcpRelay(host: string, targetPort: number): Promise<TcpRelay> {
  const sockets = new Set<net.Socket>()
  let server: net.Server | null = null
  const listen = async (port: number): Promise<number> => {
    const listening = net.createServer((socket) => {
      const upstream = net.connect(targetPort, host)
      for (const end of [socket, upstream]) {
        sockets.add(end)
        end.on('close', () => sockets.delete(end))
        end.on('error', () => {})
      }
      socket.pipe(upstream).pipe(socket)
    })
    await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', resolve))
    server = listening
    return (listening.address() as net.AddressInfo).port
  }
  const port = await listen(0)
  return {
    port,
    async cut() {
      const listening = server
      server = null
      const closed = listening ? new Promise<void>((resolve) => listening.close(() => resolve())) : Promise.resolve()
      for (const socket of sockets) socket.destroy()
      await closed
    },
    async restore() {
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
