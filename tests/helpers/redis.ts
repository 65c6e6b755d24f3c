/**
 * The Redis the tests use (the machine's, `TEST_REDIS_URL` or redis://127.0.0.1:6379). Without a
 * reachable Redis, the tests that need one fail under CI (`CI` set) with a message saying so, and
 * are skipped with that message elsewhere.
 */
import { createClient } from 'redis'

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** Null when Redis answers a PING; otherwise why not (under CI: throws that instead). */
export async function redisUnavailable(): Promise<string | null> {
  const client = createClient({ url: TEST_REDIS_URL, socket: { connectTimeout: 3_000, reconnectStrategy: false } })
  client.on('error', () => {})
  let reason: string | null = null
  try {
    await client.connect()
    await client.ping()
  } catch (error) {
    reason = `Redis is not reachable at ${TEST_REDIS_URL} (${error instanceof Error ? error.message : String(error)}): start it (redis-server) or set TEST_REDIS_URL`
  } finally {
    client.destroy()
  }
  if (reason !== null && process.env.CI) throw new Error(reason)
  return reason
}
