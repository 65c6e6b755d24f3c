/**
 * Where a board's uploaded files live: `/api/boards/<board id>/assets/<name>`
 * (server/features/assets/assets-api.ts), the name 22 random base64url characters. It is the only
 * address an asset of a board may have; the server refuses anything else
 * (server/features/update-policy/judge-update.ts) and the board's client never writes anything
 * else (client/board/tldraw/own-content.ts), so no board makes a browser load something from another
 * host.
 */
import { BOARD_ID_PATTERN } from './board-id'

const ASSET_PATH = /^\/api\/boards\/([A-Za-z0-9_-]+)\/assets\/[A-Za-z0-9_-]{22}$/

/** The board whose upload `url` is (a path as the server writes it), or null for any other URL. */
export function assetPathBoard(url: string): string | null {
  const board = ASSET_PATH.exec(url)?.[1]
  return board !== undefined && BOARD_ID_PATTERN.test(board) ? board : null
}

/** Whether `url` is one of `boardId`'s uploads, exactly as the server writes it. */
export function isBoardAssetPath(boardId: string, url: unknown): boolean {
  return typeof url === 'string' && assetPathBoard(url) === boardId
}
