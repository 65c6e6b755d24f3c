/**
 * The minutes of a board, as a feature: made on the server from the stored document (facilitator
 * only):
 *   GET /api/boards/:id/minutes.md | .html | .csv | .json
 *       ?lang=en|de (default en)  ?names=0 (leave people's names out)  ?tz=Europe/Berlin (default: the server's)
 *       with `Authorization: Bearer <facilitator token>`, or `?d=<download token>` for a plain
 *       download link (server/features/access/download-tokens.ts)
 * 200 with the file (Content-Disposition names it), 400 for a bad parameter, 403 without the right
 * token, 404 for an unknown board.
 */
import type { ServerResponse } from 'node:http'
import { MINUTES_FORMATS } from '../../../shared/minutes/formats'
import { HttpError } from '../../http/respond'
import type { Router } from '../../http/router'
import type { DownloadTokens } from '../access/download-tokens'
import type { BoardDocs } from '../board-docs'
import type { ServerFeature } from '../feature'
import { findBoard } from '../find-board'
import { MinutesRequestError, exportMinutes, parseMinutesRequest, type MinutesFile } from './minutes-export'

/** The HTML page may only style itself: no scripts, no requests, whatever it contains. */
const HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

/** Who may take the minutes. */
const MINUTES_ROLES = ['facilitator'] as const

export interface MinutesFeatureOptions {
  docs: BoardDocs
  /** The minutes are downloads: a plain link to them carries a download token. */
  downloads: DownloadTokens
}

export function minutesFeature(options: MinutesFeatureOptions): ServerFeature {
  return { registerRoutes: (router) => registerMinutesRoutes(router, options) }
}

function registerMinutesRoutes(router: Router, { docs, downloads }: MinutesFeatureOptions): void {
  for (const format of MINUTES_FORMATS) {
    downloads.allow(`/minutes.${format}`, MINUTES_ROLES)
    router.get(`/api/boards/:id/minutes.${format}`, async ({ req, res, url, params }) => {
      const board = await findBoard(docs.storage, params.id!)
      downloads.authorize(req, board, url.pathname, MINUTES_ROLES)
      let request
      try {
        request = parseMinutesRequest({
          format,
          lang: url.searchParams.get('lang'),
          names: url.searchParams.get('names'),
          tz: url.searchParams.get('tz'),
        })
      } catch (error) {
        if (error instanceof MinutesRequestError) throw new HttpError(400, error.message)
        throw error
      }
      const file = await exportMinutes(docs, board.id, request)
      if (!file) throw new HttpError(404, 'board not found')
      sendFile(res, file, format === 'html' ? 'inline' : 'attachment')
    })
  }
}

/** Answers with a file to download (`attachment`) or show (`inline`); an HTML one may only style itself. */
export function sendFile(res: ServerResponse, file: Omit<MinutesFile, 'body'> & { body: string | Uint8Array }, disposition: 'inline' | 'attachment'): void {
  const body = typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body
  res.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Length': body.length,
    // File names are ASCII slugs (see minutesFileName), so no extended parameter is needed.
    'Content-Disposition': `${disposition}; filename="${file.fileName}"`,
    'Cache-Control': 'no-store',
    ...(file.contentType.startsWith('text/html') ? { 'Content-Security-Policy': HTML_POLICY } : {}),
  })
  res.end(body)
}
