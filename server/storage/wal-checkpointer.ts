/**
 * Copies SQLite's write-ahead log back into the database file from a worker thread.
 *
 * Left to itself SQLite checkpoints inside whichever commit makes the WAL reach its threshold
 * (1,000 pages): on the event loop that stalls every room for milliseconds, several times a second
 * when many meetings write. Here a worker with its own connection runs a passive checkpoint on a
 * timer instead; a passive checkpoint never blocks the writer, and the WAL starts over as soon as
 * a commit finds it fully copied. The main connection keeps a far larger threshold of its own,
 * only as a bound for the case that the worker falls behind.
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Logger } from '../log'

/** How often the worker checkpoints. */
const CHECKPOINT_INTERVAL_MS = 200
/** Passes in a row while writes keep coming, before waiting for the next interval. */
const MAX_PASSES = 50
/** The main connection's own auto-checkpoint threshold while a worker runs (pages; 40 MB). */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000

// Plain JavaScript run with `eval`, so that it loads the same way under tsx, vitest and plain node.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
// The WAL starts over only when a commit finds every frame copied. A pass copies the frames there
// were when it began; if commits came meanwhile, another pass follows at once (they get shorter),
// until one finds nothing new or the passes run out until the next interval.
let passes = 0
let previousLog = -1
const checkpoint = () => {
  let result
  try {
    result = db.pragma('wal_checkpoint(PASSIVE)')[0]
  } catch (error) {
    parentPort.postMessage(String((error && error.message) || error))
    return
  }
  const more = result.log !== previousLog && ++passes < workerData.maxPasses
  previousLog = result.log
  if (more) setImmediate(checkpoint)
  else passes = 0
}
const timer = setInterval(() => {
  if (passes === 0) checkpoint()
}, workerData.intervalMs)
parentPort.once('message', () => {
  clearInterval(timer)
  db.close()
  parentPort.close()
})
`

export class WalCheckpointer {
  private readonly worker: Worker
  /** Resolves when the worker has exited, also if it failed on its own. */
  private readonly exited: Promise<void>

  /** Starts checkpointing the WAL of the database `file` (which must exist and be in WAL mode). */
  constructor(file: string, logger: Logger) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver, intervalMs: CHECKPOINT_INTERVAL_MS, maxPasses: MAX_PASSES },
    })
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()))
    // It must not keep a server that is otherwise done from exiting.
    this.worker.unref()
    this.worker.on('message', (error: string) => logger.warn('storage.checkpoint_failed', { error }))
    this.worker.on('error', (error) => logger.error('storage.checkpointer_failed', { error: error.message }))
  }

  /** Stops the timer and closes the worker's connection; resolves once the worker has exited. */
  stop(): Promise<void> {
    // Whoever waits for it must not see the process end first.
    this.worker.ref()
    this.worker.postMessage('stop')
    return this.exited
  }
}
