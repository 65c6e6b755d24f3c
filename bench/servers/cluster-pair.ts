/**
 * Two of our servers as one cluster (docs/cluster.md) in one benchmark child: the room's owner
 * and a second server that forwards its clients to the owner. Both share a PostgreSQL schema of
 * their own and a Redis key prefix of their own, both run in this one process on the server core,
 * so the child's CPU counts the forwarding hop's work too, and the direct variant runs the same
 * two servers with the clients on the owner.
 *
 * The generator creates every room on the owner and claims it there (definitions.ts), so that the
 * clients of the forwarded variant, on the other server, are forwarded and not served directly.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createClient } from 'redis'
import { startServer, type ServerOptions } from '../../server/app'
import { createLogger } from '../../server/log'
import type { StartedServer } from './child-runtime'

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** Starts the pair; clients open their sockets on the owner (`direct`) or on the other server (`forwarded`). */
export async function startClusterPair(clients: 'direct' | 'forwarded'): Promise<StartedServer> {
  const dataDir = process.env.BENCH_DATA_DIR
  if (dataDir === undefined) throw new Error('BENCH_DATA_DIR is not set')
  const schema = `gb_bench_${randomBytes(6).toString('hex')}`
  const prefix = `gatherboard-bench-${randomBytes(6).toString('hex')}:`
  const secret = randomBytes(24).toString('base64url')
  const start = (serverId: string, options: Partial<ServerOptions> = {}) =>
    startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: `${dataDir}/${serverId}`,
      databaseUrl: DATABASE_URL,
      databaseSchema: schema,
      redisUrl: REDIS_URL,
      redisKeyPrefix: prefix,
      cluster: { serverId, secret, address: null, prefix },
      // The load generator is one address playing hundreds of people.
      boardsPerIpBurst: 1_000_000,
      connectsPerIpBurst: 1_000_000,
      logger: createLogger({ level: 'warn', always: { server: serverId } }),
      ...options,
    })
  // One after the other: the first migrates the schema.
  const owner = await start('owner')
  const forwarder = await start('forwarder')
  return {
    url: owner.url,
    socketUrl: clients === 'forwarded' ? forwarder.url : owner.url,
    async close() {
      await forwarder.close()
      await owner.close()
      await dropBenchState(schema, prefix)
    },
  }
}

/** Removes the pair's schema and Redis keys. */
async function dropBenchState(schema: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL })
  await client.connect()
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => client.end())
  const redis = createClient({ url: REDIS_URL })
  await redis.connect()
  const keys = await redis.keys(`${prefix}*`)
  if (keys.length > 0) await redis.del(keys)
  await redis.close()
}
