/**
 * Named snapshots of a board, as a feature: the facilitator takes them, looks at their previews
 * and restores one (board-snapshots.ts). Facilitator link only; 403 otherwise, 404 for an unknown
 * board or snapshot. Times are ISO 8601.
 *   GET  /api/boards/:id/snapshots                      -> 200 { snapshots: SnapshotView[] }, oldest first
 *   POST /api/boards/:id/snapshots { name, author }     -> 201 SnapshotView
 *   GET  /api/boards/:id/snapshots/:sid/preview.svg     -> 200 image/svg+xml
 *   POST /api/boards/:id/snapshots/:sid/restore { author }
 *        -> 200 { restored: SnapshotView, before: SnapshotView } (`before`: the state before, kept)
 *        -> 409 when the meeting is closed or the snapshot's records cannot be migrated to this
 *           tldraw's schema (any other stored schema is repaired by the restore)
 * SnapshotView: { id, name, at, author, beforeRestoreOf, preview } (`preview`: the image's path).
 */
import { CARD_LIMITS } from '../../../shared/model/card'
import { readMeeting } from '../../../shared/model/meeting'
import { normalizeSnapshotName, type SnapshotInfo } from '../../../shared/model/snapshots'
import { readJsonBody } from '../../http/read-json'
import { HttpError, sendJson } from '../../http/respond'
import type { RouteContext, Router } from '../../http/router'
import type { Logger } from '../../log'
import { requireRole } from '../access/board-access'
import type { BoardDocs } from '../board-docs'
import type { ServerFeature } from '../feature'
import { findBoard } from '../find-board'
import { BoardSnapshots, SnapshotSchemaError } from './board-snapshots'
import { renderPreviewSvg } from './preview-svg'
import type { SnapshotStore } from './snapshot-store'

export interface NamedSnapshotsOptions {
  docs: BoardDocs
  store: SnapshotStore
  logger: Logger
}

export function namedSnapshotsFeature(options: NamedSnapshotsOptions): ServerFeature {
  const snapshots = new BoardSnapshots(options)
  return { registerRoutes: (router) => registerSnapshotRoutes(router, options.docs, snapshots) }
}

/** Who did it, as the facilitator's client says (the server knows links, not names). */
function authorOf(body: unknown): string {
  const author = (body as { author?: unknown } | null)?.author
  const clean = typeof author === 'string' ? author.replace(/\s+/g, ' ').trim().slice(0, CARD_LIMITS.name) : ''
  return clean || 'Facilitator'
}

function view(boardId: string, info: SnapshotInfo) {
  return {
    ...info,
    at: new Date(info.at).toISOString(),
    preview: `/api/boards/${boardId}/snapshots/${info.id}/preview.svg`,
  }
}

function registerSnapshotRoutes(router: Router, docs: BoardDocs, snapshots: BoardSnapshots): void {
  const facilitatorBoard = async ({ req, params }: RouteContext) => {
    const board = await findBoard(docs.storage, params.id!)
    requireRole(req, board, ['facilitator'])
    return board
  }

  router.get('/api/boards/:id/snapshots', async (context) => {
    const board = await facilitatorBoard(context)
    sendJson(context.res, 200, { snapshots: (await snapshots.list(board.id)).map((info) => view(board.id, info)) })
  })

  router.post('/api/boards/:id/snapshots', async (context) => {
    const board = await facilitatorBoard(context)
    const body = await readJsonBody(context.req)
    const name = normalizeSnapshotName((body as { name?: unknown } | null)?.name)
    if (name === null) throw new HttpError(400, 'a snapshot needs a name')
    sendJson(context.res, 201, view(board.id, await snapshots.take(board.id, name, authorOf(body))))
  })

  router.get('/api/boards/:id/snapshots/:sid/preview.svg', async (context) => {
    const board = await facilitatorBoard(context)
    const snapshot = await snapshots.read(board.id, context.params.sid!)
    if (!snapshot) throw new HttpError(404, 'snapshot not found')
    const svg = Buffer.from(renderPreviewSvg(snapshot.records), 'utf8')
    context.res.writeHead(200, {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Content-Length': svg.length,
      'Cache-Control': 'private, max-age=31536000, immutable',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    })
    context.res.end(svg)
  })

  router.post('/api/boards/:id/snapshots/:sid/restore', async (context) => {
    const board = await facilitatorBoard(context)
    const body = await readJsonBody(context.req)
    if (await docs.read(board.id, (doc) => readMeeting(doc).archivedAt) !== null) {
      throw new HttpError(409, 'the meeting is closed: reopen it to restore a snapshot')
    }
    let result
    try {
      result = await snapshots.restore(board.id, context.params.sid!, authorOf(body))
    } catch (error) {
      if (error instanceof SnapshotSchemaError) throw new HttpError(409, error.message)
      throw error
    }
    if (!result) throw new HttpError(404, 'snapshot not found')
    sendJson(context.res, 200, { restored: view(board.id, result.restored), before: view(board.id, result.before) })
  })
}
