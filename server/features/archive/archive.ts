/**
 * The archive of closed meetings, as a feature: the hooks that keep a closed meeting's board
 * read-only (meeting-archive.ts) and the facilitator's endpoints for closing and reopening it.
 *   POST /api/boards/:id/close   -> 200 archive state (the board is read-only from now on)
 *   POST /api/boards/:id/reopen  -> 200 archive state (editable again)
 *   GET  /api/boards/:id/archive -> 200 archive state
 * Archive state: `{ archived, archivedAt, closures: [{ closedAt, reopenedAt }] }`, times in ISO 8601.
 * 403 without a facilitator link (`Authorization: Bearer <token>`), 404 for an unknown board.
 * Closing a closed board or reopening an open one changes nothing.
 */
import { sendJson } from '../../http/respond'
import type { RouteContext, Router } from '../../http/router'
import type { BoardStorage } from '../../storage/board-storage'
import { requireRole } from '../access/board-access'
import type { ServerFeature } from '../feature'
import { findBoard } from '../find-board'
import type { ArchiveState } from './archive-store'
import type { MeetingArchive } from './meeting-archive'

export interface ArchiveFeatureOptions {
  storage: BoardStorage
  archive: MeetingArchive
}

export function archiveFeature(options: ArchiveFeatureOptions): ServerFeature {
  return { hooks: options.archive.hooks, registerRoutes: (router) => registerArchiveRoutes(router, options) }
}

function registerArchiveRoutes(router: Router, { storage, archive }: ArchiveFeatureOptions): void {
  const route = (act: (boardId: string) => ArchiveState | Promise<ArchiveState>) => async ({ req, res, params }: RouteContext) => {
    const board = await findBoard(storage, params.id!)
    requireRole(req, board, ['facilitator'])
    sendJson(res, 200, describeArchive(await act(board.id)))
  }
  router.post('/api/boards/:id/close', route((id) => archive.close(id)))
  router.post('/api/boards/:id/reopen', route((id) => archive.reopen(id)))
  router.get('/api/boards/:id/archive', route((id) => archive.state(id)))
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

function describeArchive(state: ArchiveState) {
  return {
    archived: state.archivedAt !== null,
    archivedAt: iso(state.archivedAt),
    closures: state.closures.map((closure) => ({ closedAt: iso(closure.closedAt), reopenedAt: iso(closure.reopenedAt) })),
  }
}
