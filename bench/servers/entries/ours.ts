/**
 * gatherboard's own server (server/app.ts) as a benchmark child. The generator
 * passes the data directory and whether persistence is on in the environment,
 * and `BENCH_STORAGE=postgres` for ours on PostgreSQL (definitions.ts): then the
 * server stores in a fresh schema of the machine's PostgreSQL (the tests' one,
 * `TEST_DATABASE_URL`), dropped when it stops, so that runs side by side (and the
 * tests of other developers) never meet.
 */
import { startServer } from '../../../server/app'
import { dropSchema, freshSchema, TEST_DATABASE_URL } from '../../../tests/helpers/postgres'
import { runBenchChild } from '../child-runtime'

runBenchChild(async () => {
  const dataDir = process.env.BENCH_DATA_DIR
  if (dataDir === undefined) throw new Error('BENCH_DATA_DIR is not set')
  const databaseSchema = process.env.BENCH_STORAGE === 'postgres' ? freshSchema() : null
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl: databaseSchema === null ? null : TEST_DATABASE_URL,
    databaseSchema,
    persistence: process.env.BENCH_PERSISTENCE === 'on',
    // The load generator is one address playing hundreds of people.
    boardsPerIpBurst: 1_000_000,
    connectsPerIpBurst: 1_000_000,
  })
  return {
    url: server.url,
    async close() {
      await server.close()
      if (databaseSchema !== null) await dropSchema(databaseSchema)
    },
  }
})
