/**
 * @y/websocket-server 0.1.1 as its own bin runs it (src/server.js): a plain
 * http server whose upgrades go to `setupWSConnection`, the document name being
 * the URL path. No persistence (YPERSISTENCE unset).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { setupWSConnection } from '@y/websocket-server/utils'
import { WebSocketServer } from 'ws'
import { runBenchChild } from '../child-runtime'

runBenchChild(async () => {
  const sockets = new WebSocketServer({ noServer: true })
  sockets.on('connection', setupWSConnection)
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/plain' })
    response.end('okay')
  })
  server.on('upgrade', (request, socket, head) => {
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate()
        server.close(() => resolve())
      }),
  }
})
