/**
 * The storage a server (or a command-line tool) runs on: PostgreSQL when a database URL is set
 * (several servers share it, docs/cluster.md), else SQLite in the data directory, the embedded
 * default that needs nothing else.
 */
import type { Logger } from '../log'
import type { BoardStorage } from './board-storage'
import { openPostgresStorage } from './postgres-storage'
import { openSqliteStorage } from './sqlite-storage'

export interface StorageSettings {
  /** SQLite's directory (created when missing). */
  dataDir: string
  /** PostgreSQL (`postgres://…`) instead of SQLite; null or missing: SQLite. */
  databaseUrl?: string | null
  /** The PostgreSQL schema; null or missing: the connection's own. */
  databaseSchema?: string | null
  /** Keep nothing (benchmarks): SQLite in memory, whatever else is set. */
  inMemory?: boolean
  /** For a server under load: SQLite checkpoints its log from a worker thread (wal-checkpointer.ts). Tools leave it off. */
  background?: boolean
  /** Where the storage logs what goes wrong in the background. */
  logger: Logger
}

export async function openStorage(settings: StorageSettings): Promise<BoardStorage> {
  if (settings.databaseUrl && !settings.inMemory) {
    return openPostgresStorage({
      url: settings.databaseUrl,
      ...(settings.databaseSchema ? { schema: settings.databaseSchema } : {}),
      logger: settings.logger,
    })
  }
  return openSqliteStorage({
    dataDir: settings.dataDir,
    inMemory: settings.inMemory ?? false,
    ...(settings.background ? { backgroundCheckpoints: { logger: settings.logger } } : {}),
  })
}
