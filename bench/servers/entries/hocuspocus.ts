/**
 * @hocuspocus/server 4.7 with its default configuration (no extensions, so no
 * persistence). Only the port (any free one), the start banner and the signal
 * handling differ: those do not touch the message path.
 */
import { Server } from '@hocuspocus/server'
import { runBenchChild } from '../child-runtime'

runBenchChild(async () => {
  const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false })
  await server.listen()
  return {
    url: `http://127.0.0.1:${server.address.port}`,
    close: () => server.destroy(),
  }
})
