/**
 * Meeting records on the server, wired in one place: minutes endpoints, closing and reopening,
 * the hooks that keep archived boards read-only, and attendance recorded from the connections. `startServer` creates one of these, composes
 * its hooks with its own and lets it register its routes.
 */
import path from 'node:path'
import { ArchiveStore } from '../features/archive/archive-store'
import { MeetingArchive } from '../features/archive/meeting-archive'
import type { ServerHooks } from '../hooks'
import { registerArchiveRoutes } from '../features/archive/archive'
import { registerMinutesRoutes } from '../features/minutes/minutes'
import type { Router } from '../http/router'
import type { Logger } from '../log'
import type { DownloadTokens } from '../features/access/download-tokens'
import type { BoardStorage } from '../storage/board-storage'
import { createAttendanceHooks } from '../features/attendance'
import { BoardDocs } from '../features/board-docs'
import { composeHooks } from '../features/feature'

export interface MeetingRecords {
  /** The server's hooks with the records' own in front of them. */
  withHooks(hooks: ServerHooks): ServerHooks
  registerRoutes(router: Router): void
}

export function createMeetingRecords(options: {
  storage: BoardStorage
  dataDir: string
  logger: Logger
  /** Checks the download tokens of the minutes' plain links. */
  downloads: DownloadTokens
}): MeetingRecords {
  const docs = new BoardDocs(options.storage)
  const archive = new MeetingArchive({
    docs,
    store: new ArchiveStore(path.join(options.dataDir, 'archive')),
    logger: options.logger,
  })
  const attendance = createAttendanceHooks({
    isArchived: (boardId) => archive.state(boardId).archivedAt !== null,
    logger: options.logger,
  })
  return {
    // Order matters: the archive's load hook writes through `docs`, which must know the room first.
    withHooks: (hooks) => composeHooks(docs.hooks, archive.hooks, attendance, hooks),
    registerRoutes(router) {
      registerMinutesRoutes(router, { docs, downloads: options.downloads })
      registerArchiveRoutes(router, { storage: options.storage, archive })
    },
  }
}
