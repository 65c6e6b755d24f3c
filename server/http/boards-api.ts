/**
 * Boards API.
 *   POST /api/boards      -> 201 { id, url }
 *   GET  /api/boards/:id  -> 200 { id, createdAt, updatedAt } (ISO 8601) or 404 { error }
 */
import type { IncomingMessage } from 'node:http'
import { createBoardId, isBoardId } from '../../shared/model/board-id'
import type { Logger } from '../log'
import type { BoardMetadata, BoardStorage } from '../storage/board-storage'
import { HttpError, sendJson } from './respond'
import type { Router } from './router'

export interface BoardsApiOptions {
  storage: BoardStorage
  /** Origin for board links; when null, the request's Host header is used. */
  publicUrl: string | null
  logger: Logger
}

const HOST_HEADER = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/

export function registerBoardsApi(router: Router, { storage, publicUrl, logger }: BoardsApiOptions): void {
  router.post('/api/boards', ({ req, res }) => {
    const board = storage.createBoard(createBoardId())
    logger.info('board.created', { board: board.id })
    sendJson(res, 201, { id: board.id, url: `${originOf(req, publicUrl)}/b/${board.id}` })
  })

  router.get('/api/boards/:id', ({ res, params }) => {
    sendJson(res, 200, describeBoard(findBoard(storage, params.id!)))
  })
}

/** The board with `id`, or a 404 `HttpError`. */
export function findBoard(storage: BoardStorage, id: string): BoardMetadata {
  const board = isBoardId(id) ? storage.getBoard(id) : null
  if (!board) throw new HttpError(404, 'board not found')
  return board
}

function describeBoard(board: BoardMetadata): { id: string; createdAt: string; updatedAt: string } {
  return {
    id: board.id,
    createdAt: new Date(board.createdAt).toISOString(),
    updatedAt: new Date(board.updatedAt).toISOString(),
  }
}

function originOf(req: IncomingMessage, publicUrl: string | null): string {
  if (publicUrl) return publicUrl
  const host = req.headers.host
  return host && HOST_HEADER.test(host) ? `http://${host}` : `http://localhost:${req.socket.localPort}`
}
