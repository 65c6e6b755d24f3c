/**
 * Assets API: files dropped onto a board, stored under DATA_DIR and referenced by URL.
 *   POST /api/boards/:id/assets        raw body, Content-Type one of ALLOWED_ASSET_TYPES; a
 *        facilitator or participant link -> 201 { url, name, contentType, size } | 403 | 404 |
 *        413 (the file is too large, or would take the board past its asset quota) | 415 (a type
 *        not allowed, bytes that are not of that type, or a damaged image). Photos are stored
 *        without their metadata (location, device, captions; see image-metadata.ts).
 *   GET  /api/boards/:id/assets/:name  -> the bytes (ranges supported), cached for a year
 */
import type { IncomingMessage } from 'node:http'
import { HttpError, sendJson } from '../../http/respond'
import type { Router } from '../../http/router'
import { sendContent } from '../../http/send-content'
import type { Logger } from '../../log'
import { AssetTooLargeError, BoardAssetQuotaError, type BoardStorage, type StoredAsset } from '../../storage/board-storage'
import { requireRole } from '../access/board-access'
import type { ServerFeature } from '../feature'
import { findBoard } from '../find-board'
import { ALLOWED_ASSET_TYPES, mediaTypeOf } from './asset-types'
import { DamagedImageError } from './image-metadata'
import { ContentMismatchError, uploadContent } from './upload-content'

export interface AssetsApiOptions {
  storage: BoardStorage
  maxAssetBytes: number
  /** Most bytes all assets of one board may take together. */
  maxBoardAssetBytes: number
  logger: Logger
}

const ASSET_NAME = /^[A-Za-z0-9_-]{22}$/

/**
 * Asset names are random and never reused, so responses never change. The policy sandboxes
 * anything opened directly (an SVG with a script cannot run it) and forbids loading other
 * resources; `nosniff` stops browsers from guessing a more dangerous type.
 */
const ASSET_HEADERS = {
  'Cache-Control': 'public, max-age=31536000, immutable',
  'Content-Security-Policy': "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox",
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

export function assetsApiFeature(options: AssetsApiOptions): ServerFeature {
  return { registerRoutes: (router) => registerAssetsApi(router, options) }
}

function registerAssetsApi(router: Router, { storage, maxAssetBytes, maxBoardAssetBytes, logger }: AssetsApiOptions): void {
  router.post('/api/boards/:id/assets', async ({ req, res, params }) => {
    const board = await findBoard(storage, params.id!)
    // Viewers watch; reading an asset needs only its unguessable URL (images cannot send a token).
    requireRole(req, board, ['facilitator', 'participant'])
    const asset = await storeUpload(req, board.id, { storage, maxAssetBytes, maxBoardAssetBytes, logger }, ALLOWED_ASSET_TYPES)
    sendJson(res, 201, {
      url: assetPath(board.id, asset.name),
      name: asset.name,
      contentType: asset.contentType,
      size: asset.size,
    })
  })

  router.get('/api/boards/:id/assets/:name', async ({ req, res, params }) => {
    const board = await findBoard(storage, params.id!)
    const asset = ASSET_NAME.test(params.name!) ? await storage.readAsset(board.id, params.name!) : null
    if (!asset) throw new HttpError(404, 'asset not found')
    sendContent(
      req,
      res,
      { size: asset.size, modifiedAt: asset.createdAt, contentType: asset.contentType, open: asset.open },
      ASSET_HEADERS,
    )
  })
}

/** Where an asset of a board is served. */
export function assetPath(boardId: string, name: string): string {
  return `/api/boards/${boardId}/assets/${name}`
}

/**
 * Stores the request's body as an asset of the board when its type is one of `allowed` and its
 * bytes are of that type, with the limits of `options`; answers 413 or 415 (nothing stored) otherwise.
 */
export async function storeUpload(req: IncomingMessage, boardId: string, options: AssetsApiOptions, allowed: ReadonlySet<string>): Promise<StoredAsset> {
  const { storage, maxAssetBytes, maxBoardAssetBytes, logger } = options
  const contentType = mediaTypeOf(req.headers['content-type'])
  if (!allowed.has(contentType)) {
    throw new HttpError(415, `unsupported file type "${contentType || 'none'}"; allowed: ${[...allowed].join(', ')}`)
  }
  const declared = Number(req.headers['content-length'] ?? NaN)
  if (declared > maxAssetBytes) throw tooLarge(maxAssetBytes)
  let asset
  try {
    // Not destroying the request when the limit is hit keeps the socket open for the 413.
    const body = uploadContent(contentType, req.iterator({ destroyOnReturn: false }), maxAssetBytes)
    asset = await storage.saveAsset(boardId, contentType, body, { maxBytes: maxAssetBytes, boardQuotaBytes: maxBoardAssetBytes })
  } catch (error) {
    if (error instanceof AssetTooLargeError) throw tooLarge(maxAssetBytes)
    if (error instanceof ContentMismatchError || error instanceof DamagedImageError) {
      logger.warn('asset.content_refused', { board: boardId, type: contentType, reason: error.message })
      throw new HttpError(415, `${error.message}; nothing was stored`, { Connection: 'close' })
    }
    if (error instanceof BoardAssetQuotaError) {
      logger.warn('asset.board_quota_reached', { board: boardId, quota: error.quota })
      throw new HttpError(413, `this board's files would exceed its limit of ${formatMiB(error.quota)} (${error.quota} bytes)`, { Connection: 'close' })
    }
    throw error
  }
  logger.info('asset.stored', { board: boardId, name: asset.name, type: contentType, size: asset.size })
  return asset
}

/**
 * The rest of the body is not read: `Connection: close` ends the exchange instead of making the
 * client stream megabytes we would throw away.
 */
function tooLarge(limit: number): HttpError {
  return new HttpError(413, `file too large; the limit is ${formatMiB(limit)} (${limit} bytes)`, { Connection: 'close' })
}

function formatMiB(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`
}
