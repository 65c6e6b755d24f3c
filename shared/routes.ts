import { isBoardId } from './model/board-id'
import { JOIN_PATH } from './model/join-code'
import { isPublicPage, type PublicPage } from './public-pages'

/** The pages of the app, decided by the path alone so every view has a shareable URL. */
export type Route =
  | { page: 'start' }
  | { page: 'board'; boardId: string }
  | { page: 'capture'; boardId: string }
  | { page: 'stage'; boardId: string }
  /** `code`: the join code in the path, as typed (the page reads it leniently), or null for `/j`. */
  | { page: 'join'; code: string | null }
  /** The accessibility statement, the privacy notice or the imprint (shared/public-pages.ts). */
  | { page: 'public'; name: PublicPage }
  /** A signed-in facilitator's meetings. */
  | { page: 'meetings' }
  /** A meeting series (shared/series/series-links.ts), opened with its manage or read link. */
  | { page: 'series'; seriesId: string }
  /** One commitment's phone page, opened with its owner's link. */
  | { page: 'commitment'; commitmentId: string }
  | { page: 'not-found' }

export function routeFromPath(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'start' }
  const board = /^\/b\/([^/]+)\/?$/.exec(pathname)
  if (board?.[1] && isBoardId(board[1])) return { page: 'board', boardId: board[1] }
  const capture = /^\/b\/([^/]+)\/capture\/?$/.exec(pathname)
  if (capture?.[1] && isBoardId(capture[1])) return { page: 'capture', boardId: capture[1] }
  const stage = /^\/b\/([^/]+)\/stage\/?$/.exec(pathname)
  if (stage?.[1] && isBoardId(stage[1])) return { page: 'stage', boardId: stage[1] }
  if (pathname === MEETINGS_PATH || pathname === `${MEETINGS_PATH}/`) return { page: 'meetings' }
  const publicPage = /^\/([a-z]+)\/?$/.exec(pathname)?.[1]
  if (isPublicPage(publicPage)) return { page: 'public', name: publicPage }
  const series = /^\/s\/([^/]+)\/?$/.exec(pathname)
  if (series?.[1] && isBoardId(series[1])) return { page: 'series', seriesId: series[1] }
  const commitment = /^\/c\/([A-Za-z0-9_-]{22})\/?$/.exec(pathname)
  if (commitment?.[1]) return { page: 'commitment', commitmentId: commitment[1] }
  if (pathname === JOIN_PATH || pathname === `${JOIN_PATH}/`) return { page: 'join', code: null }
  const join = new RegExp(`^${JOIN_PATH}/([^/]+)/?$`).exec(pathname)
  if (join?.[1]) return { page: 'join', code: safeDecode(join[1]) }
  return { page: 'not-found' }
}

/** A path segment decoded, or as it is when it is not valid percent-encoding. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** The signed-in facilitator's list of meetings. */
export const MEETINGS_PATH = '/meetings'

export function boardPath(boardId: string): string {
  return `/b/${boardId}`
}

/** The phone page of a board: write cards without the canvas. The join QR code opens it. */
export function capturePath(boardId: string): string {
  return `/b/${boardId}/capture`
}
