/**
 * gatherboard's own server (server/app.ts) as a benchmark child. The generator
 * passes the data directory and whether persistence is on in the environment.
 */
import { startServer } from '../../../server/app'
import { runBenchChild } from '../child-runtime'

runBenchChild(async () => {
  const dataDir = process.env.BENCH_DATA_DIR
  if (dataDir === undefined) throw new Error('BENCH_DATA_DIR is not set')
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    persistence: process.env.BENCH_PERSISTENCE === 'on',
    // The load generator is one address playing hundreds of people.
    boardsPerIpBurst: 1_000_000,
    connectsPerIpBurst: 1_000_000,
  })
  return { url: server.url, close: () => server.close() }
})
