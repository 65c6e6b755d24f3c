/** The board a request's path names: what every board endpoint looks up first. */
import { isBoardId } from '../../shared/model/board-id'
import { HttpError } from '../http/respond'
import type { BoardMetadata, BoardStorage } from '../storage/board-storage'

/** The board with `id`, or a 404 `HttpError`. */
export async function findBoard(storage: BoardStorage, id: string): Promise<BoardMetadata> {
  const board = isBoardId(id) ? await storage.getBoard(id) : null
  if (!board) throw new HttpError(404, 'board not found')
  return board
}
