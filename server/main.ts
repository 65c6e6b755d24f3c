/**
 * The server process: reads the environment, starts the server, and shuts down cleanly on
 * SIGTERM/SIGINT (stop accepting, store everything, close clients with 1001, exit 0; with several
 * servers the rooms are handed over: stored, their leases given up, clients closed with 1012).
 * A second signal during shutdown exits at once with 1.
 */
import path from 'node:path'
import { startServer } from './app'
import { appRoot } from './app-root'
import { ConfigError, readConfig } from './config'
import { createLogger, describeError } from './log'
import { relaunchWithRuntimeFlags, SINGLE_THREADED_GC } from './runtime-flags'

const STATIC_DIR = path.join(appRoot(), 'dist/client')

async function main(): Promise<void> {
  if (relaunchWithRuntimeFlags()) return
  let config
  try {
    config = readConfig(process.env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`${error.message}\n`)
    process.exit(2)
  }
  // Every line names the server: with several, their logs are told apart (and merged) by it.
  const logger = createLogger({ level: config.logLevel, always: { server: config.serverId } })
  const server = await startServer({ ...config, staticDir: STATIC_DIR, logger })
  logger.info('server.listening', { url: server.url, storage: config.databaseUrl ? 'postgresql' : `sqlite in ${config.dataDir}`, cluster: config.cluster !== null, gc: process.execArgv.includes(SINGLE_THREADED_GC) ? 'single-threaded' : 'parallel' })
  process.stdout.write(`\n  gatherboard is running at ${config.publicUrl ?? server.url}\n\n`)

  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn('server.forced_exit', { signal })
      process.exit(1)
    }
    stopping = true
    logger.info('server.stopping', { signal })
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('server.stop_failed', { error: describeError(error) })
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`gatherboard failed to start: ${describeError(error)}\n`)
  process.exit(1)
})
