/**
 * Commitments followed up between meetings, as a feature:
 *   GET  /api/series/:id/commitments[?names=0]    (manage | read) -> 200 [CommitmentView] in meeting order
 *   POST /api/series/:id/commitments/:cid/owner-link          (manage) -> 201 { url, token }: a new owner
 *        link for the commitment (the one it had stops working)
 *   GET  /api/commitments/:cid      (its owner link, or the series' manage link) -> 200 { series, commitment }
 *   POST /api/commitments/:cid/photo  (the same; a JPEG, PNG or WebP body) -> 201 { photo }: stored
 *        with the commitment's board's files, without its metadata (features/assets/)
 *   POST /api/commitments/:cid/status { status, note?, photo? }  (the same; optional header
 *        `Idempotency-Key`) -> 200 StatusReportView; `photo` one this commitment's photo endpoint
 *        answered; the status is stored (once per key: a retry of the same report adds nothing,
 *        a key reused for another report is 422), and the cards carried from it on the series'
 *        boards show it at once, or (`boards.pending`) when their board is served again
 * An owner link opens its own commitment and nothing else: every other commitment, series, board
 * and endpoint answers it 403.
 */
import type { IncomingMessage } from 'node:http'
import { cleanNote, isCommitmentStatus, type StatusEvent } from '../../../shared/series/commitment-status'
import { commitmentLink } from '../../../shared/series/series-links'
import type { CommitmentView, StatusReportView } from '../../../shared/series/series-view'
import { originOf } from '../../http/public-origin'
import { readJsonBody } from '../../http/read-json'
import { HttpError, sendJson } from '../../http/respond'
import type { Router } from '../../http/router'
import type { CommitmentRecord, SeriesRecord } from '../../storage/series-storage'
import { noValidLink } from '../access/board-access'
import { assetPath, storeUpload, type AssetsApiOptions } from '../assets/assets-api'
import { requestToken } from '../access/request-token'
import type { ServerFeature } from '../feature'
import type { CommitmentStatusBoards } from './commitment-status-boards'
import { COMMITMENT_ID_PATTERN } from './meeting-reader'
import { isOwnerToken, newOwnerLink, requireSeriesRole, seriesRoleOfToken } from './series-access'
import type { SeriesService } from './series-service'

const NO_OWNER_LINK = "this commitment needs its owner's link: ask the series' facilitator for it"

/** What a phone's photo of a commitment may be: the types our phone pages make. */
const PHOTO_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp'])

/**
 * The header a client names its report with, so that sending it again (its answer was lost) does
 * not report twice (the IETF's Idempotency-Key header): up to 64 letters, digits, '-' and '_'.
 */
const IDEMPOTENCY_KEY_HEADER = 'idempotency-key'
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{1,64}$/

/** The request's idempotency key, or null without one; 400 for one that is not a key. */
function idempotencyKey(request: IncomingMessage): string | null {
  const value = request.headers[IDEMPOTENCY_KEY_HEADER]
  if (value === undefined) return null
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value)) throw new HttpError(400, 'Idempotency-Key must be 1 to 64 letters, digits, - or _')
  return value
}

/**
 * `uploads`: the limits of the boards' files, which the photos are stored with; `boards`: where
 * a reported status is shown on the meetings' cards.
 */
export function commitmentsFeature(service: SeriesService, uploads: AssetsApiOptions, boards: CommitmentStatusBoards): ServerFeature {
  return { registerRoutes: (router) => registerCommitmentRoutes(router, service, uploads, boards) }
}

function registerCommitmentRoutes(router: Router, service: SeriesService, uploads: AssetsApiOptions, boards: CommitmentStatusBoards): void {
  const { storage, docs, publicUrl, clock } = service.options

  const findCommitment = async (id: string): Promise<{ commitment: CommitmentRecord; series: SeriesRecord }> => {
    const commitment = COMMITMENT_ID_PATTERN.test(id) ? await storage.getCommitment(id) : null
    const series = commitment ? await storage.getSeries(commitment.seriesId) : null
    if (!commitment || !series) throw new HttpError(404, 'commitment not found')
    return { commitment, series }
  }

  /** Who the request is for the commitment: its owner, or the series' facilitator; 403 otherwise. */
  const requireOwner = (request: IncomingMessage, commitment: CommitmentRecord, series: SeriesRecord): 'owner' | 'facilitator' => {
    const token = requestToken(request)
    if (commitment.ownerLink && isOwnerToken(commitment.ownerLink.digest, token)) return 'owner'
    if (seriesRoleOfToken(series, token) === 'manage') return 'facilitator'
    throw noValidLink(request, NO_OWNER_LINK)
  }

  const viewOf = async (request: IncomingMessage, series: SeriesRecord, id: string, manageToken: string | null): Promise<CommitmentView> => {
    const all = await service.commitments(series, { names: true, manageToken, origin: originOf(request, publicUrl) })
    const view = all.find((commitment) => commitment.id === id)
    // Its card was deleted from its board: the commitment is no longer part of the series.
    if (!view) throw new HttpError(404, 'commitment not found')
    return view
  }

  router.get('/api/series/:id/commitments', async ({ req, res, params, url }) => {
    const series = await service.findSeries(params.id!)
    const role = requireSeriesRole(req, series, ['manage', 'read'])
    const names = url.searchParams.get('names')
    if (names !== null && names !== '0' && names !== '1') throw new HttpError(400, 'names must be 0 or 1')
    const manageToken = role === 'manage' ? requestToken(req) : null
    sendJson(res, 200, await service.commitments(series, { names: names !== '0', manageToken, origin: originOf(req, publicUrl) }))
  })

  router.post('/api/series/:id/commitments/:cid/owner-link', async ({ req, res, params }) => {
    const series = await service.findSeries(params.id!)
    requireSeriesRole(req, series, ['manage'])
    const manageToken = requestToken(req)!
    const view = await viewOf(req, series, params.cid!, manageToken)
    const link = newOwnerLink(manageToken, view.id)
    await storage.setOwnerLink(view.id, { digest: link.digest, sealed: link.sealed })
    sendJson(res, 201, { url: commitmentLink(originOf(req, publicUrl), view.id, link.token), token: link.token })
  })

  router.get('/api/commitments/:cid', async ({ req, res, params }) => {
    const { commitment, series } = await findCommitment(params.cid!)
    const by = requireOwner(req, commitment, series)
    const view = await viewOf(req, series, commitment.id, by === 'facilitator' ? requestToken(req) : null)
    sendJson(res, 200, { series: { title: series.title }, commitment: { ...view, ownerLink: null } })
  })

  router.post('/api/commitments/:cid/photo', async ({ req, res, params }) => {
    const { commitment, series } = await findCommitment(params.cid!)
    requireOwner(req, commitment, series)
    const asset = await storeUpload(req, commitment.boardId, uploads, PHOTO_TYPES)
    sendJson(res, 201, { photo: assetPath(commitment.boardId, asset.name) })
  })

  /** A photo path sent with a status: one of the commitment's board's files, or a 400. */
  const photoOf = async (value: unknown, commitment: CommitmentRecord): Promise<string | null> => {
    if (value === undefined || value === null) return null
    const prefix = assetPath(commitment.boardId, '')
    const name = typeof value === 'string' && value.startsWith(prefix) ? value.slice(prefix.length) : ''
    if (!/^[A-Za-z0-9_-]{22}$/.test(name) || !(await docs.storage.readAsset(commitment.boardId, name))) {
      throw new HttpError(400, 'photo must be what POST /api/commitments/:id/photo answered for this commitment')
    }
    return value as string
  }

  router.post('/api/commitments/:cid/status', async ({ req, res, params }) => {
    const body = (await readJsonBody(req)) as Record<string, unknown>
    const key = idempotencyKey(req)
    const { commitment, series } = await findCommitment(params.cid!)
    const by = requireOwner(req, commitment, series)
    if (!isCommitmentStatus(body.status)) throw new HttpError(400, 'status must be one of open, inProgress, done, dropped')
    const note = cleanNote(body.note)
    if (note === null) throw new HttpError(400, 'note must be text')
    const event: StatusEvent = { at: clock(), status: body.status, note, by, photo: await photoOf(body.photo, commitment) }
    // Stored first and once per key: a retry of a report whose answer was lost adds nothing.
    const stored = await storage.addStatusEvent(commitment.id, event, key)
    if (stored.status !== event.status || stored.note !== event.note || stored.photo !== event.photo) {
      throw new HttpError(422, 'this Idempotency-Key was used for another report: send a new key with a new report')
    }
    // Shown on every meeting board by its own server; a board that cannot be reached now shows
    // it when it is served again (commitment-status-boards.ts). Either way the status is stored.
    const shown = await boards.showOnMeetings(series.id, req)
    const view = await viewOf(req, series, commitment.id, by === 'facilitator' ? requestToken(req) : null)
    const report: StatusReportView = { ...view, ownerLink: null, boards: shown }
    sendJson(res, 200, report)
  })
}
