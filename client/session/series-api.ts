/**
 * This device's links to series and commitments, and the series API (server/features/series/).
 * Tokens travel as for boards (shared/model/roles.ts): from the address's fragment, remembered
 * per series or commitment so a reload or a bare address still opens it, and sent to the API only
 * as `Authorization: Bearer`.
 */
import { tokenFromFragment } from '../../shared/model/roles'
import type { CarryOverCandidates } from '../../shared/series/carry-over'
import type { CommitmentStatus } from '../../shared/series/commitment-status'
import type { NoteFormat } from '../../shared/series/learning-note/formats'
import type { LearningNote } from '../../shared/series/learning-note/types'
import type { SeriesLinks } from '../../shared/series/series-links'
import type { CommitmentView, SearchResultView, SeriesView, StatusReportView } from '../../shared/series/series-view'
import type { BoardInfo } from './api'
import { ApiError, requestJson } from './api'
import type { PendingSetup } from './pending-setup'
import { LOCAL_KEYS } from './storage-keys'

/** The token in the address (then remembered under `key`), else the one remembered. */
function remembered(key: string, pathPrefix: string): string | null {
  const fromAddress = location.pathname.startsWith(pathPrefix) ? tokenFromFragment(location.hash) : null
  if (fromAddress) {
    localStorage.setItem(key, fromAddress)
    return fromAddress
  }
  return localStorage.getItem(key)
}

export function seriesToken(seriesId: string): string | null {
  return remembered(LOCAL_KEYS.seriesToken(seriesId), `/s/${seriesId}`)
}

/** Keeps a series token on this device, as opening its link would (My meetings opens series without one). */
export function rememberSeriesToken(seriesId: string, token: string): void {
  localStorage.setItem(LOCAL_KEYS.seriesToken(seriesId), token)
}

export function commitmentToken(commitmentId: string): string | null {
  return remembered(LOCAL_KEYS.commitmentToken(commitmentId), `/c/${commitmentId}`)
}

const bearer = (token: string | null): HeadersInit => (token ? { Authorization: `Bearer ${token}` } : {})

function post<T>(path: string, token: string | null, body: unknown): Promise<T> {
  return requestJson<T>(path, { method: 'POST', headers: { ...bearer(token), 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
}

export interface CreatedSeries {
  id: string
  links: SeriesLinks
  tokens: { manage: string; read: string }
}

export function createSeries(input: { title: string; purpose: string; cities: string[] }): Promise<CreatedSeries> {
  return post('/api/series', null, input)
}

export function getSeries(seriesId: string, token: string | null): Promise<SeriesView> {
  return requestJson(`/api/series/${seriesId}`, { headers: bearer(token) })
}

export function addMeeting(seriesId: string, token: string, boardId: string, boardToken: string): Promise<SeriesView> {
  return post(`/api/series/${seriesId}/meetings`, token, { boardId, boardToken })
}

/** Renews the series link of `role`; the old one stops working at once. */
export async function renewSeriesLink(seriesId: string, token: string | null, role: 'manage' | 'read'): Promise<{ links: SeriesLinks }> {
  const renewed = await post<{ links: SeriesLinks; tokens: { manage: string; read: string } }>(`/api/series/${seriesId}/links/${role}/renew`, token, {})
  // This device holds the manage link: it keeps the new one.
  rememberSeriesToken(seriesId, renewed.tokens.manage)
  return renewed
}

export function mergeCities(seriesId: string, token: string | null, variants: string[], into: string): Promise<SeriesView> {
  return post(`/api/series/${seriesId}/cities`, token, { merge: { variants, into } })
}

export function getCommitments(seriesId: string, token: string | null): Promise<CommitmentView[]> {
  return requestJson(`/api/series/${seriesId}/commitments`, { headers: bearer(token) })
}

export function makeOwnerLink(seriesId: string, token: string | null, commitmentId: string): Promise<{ url: string }> {
  return post(`/api/series/${seriesId}/commitments/${commitmentId}/owner-link`, token, {})
}

export function searchSeries(seriesId: string, token: string | null, query: string): Promise<{ terms: string[]; results: SearchResultView[] }> {
  return requestJson(`/api/series/${seriesId}/search?q=${encodeURIComponent(query)}`, { headers: bearer(token) })
}

export function getLearning(seriesId: string, token: string | null, lang: 'de' | 'en'): Promise<LearningNote> {
  return requestJson(`/api/series/${seriesId}/learning-note.json?lang=${lang}`, { headers: bearer(token) })
}

/** The learning note as a file, fetched with the series link (a plain link could not carry it). */
export async function downloadLearningNote(seriesId: string, token: string | null, format: NoteFormat, lang: 'de' | 'en'): Promise<{ blob: Blob; fileName: string }> {
  const response = await fetch(`/api/series/${seriesId}/learning-note.${format}?lang=${lang}`, { headers: bearer(token) })
  if (!response.ok) throw new ApiError(response.status, ((await response.json().catch(() => null)) as { error?: string } | null)?.error ?? response.statusText)
  const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `learning-note.${format}`
  return { blob: await response.blob(), fileName }
}

export function getCommitment(commitmentId: string, token: string | null): Promise<{ series: { title: string }; commitment: CommitmentView }> {
  return requestJson(`/api/commitments/${commitmentId}`, { headers: bearer(token) })
}

/**
 * `photo`: what `uploadCommitmentPhoto` answered, or null. `key` names the report: sent again
 * with the same key (its answer was lost), the server stores it once.
 */
export function reportStatus(
  commitmentId: string,
  token: string | null,
  report: { status: CommitmentStatus; note: string; photo: string | null; key: string },
): Promise<StatusReportView> {
  const { key, ...body } = report
  return requestJson(`/api/commitments/${commitmentId}/status`, {
    method: 'POST',
    headers: { ...bearer(token), 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify(body),
  })
}

/** Stores a photo for a report on the commitment (a JPEG, PNG or WebP image from the phone, ui/photo-resize.ts). */
export function uploadCommitmentPhoto(commitmentId: string, token: string | null, file: Blob): Promise<{ photo: string }> {
  return requestJson(`/api/commitments/${commitmentId}/photo`, { method: 'POST', headers: { ...bearer(token), 'Content-Type': file.type }, body: file })
}

/** The series a board is a meeting of (for its facilitator), and what can carry over from it. */
export interface BoardSeries {
  series: { id: string; title: string; links: SeriesLinks } | null
  candidates: (Omit<CarryOverCandidates, 'commitments'> & { commitments: (CarryOverCandidates['commitments'][number] & { status: CommitmentStatus })[] }) | null
}

/** Board calls carry this device's link token for the board (session/api.ts). */
export function getBoardSeries(boardId: string): Promise<BoardSeries> {
  return requestJson(`/api/boards/${boardId}/series`)
}

export function planNextMeeting(
  boardId: string,
  picks: { questions: string[]; ideas: string[]; meeting: { title: string; startsAt: string; place: string } },
): Promise<BoardInfo & { setup: Required<Pick<PendingSetup, 'meeting' | 'carryOver'>> }> {
  return requestJson(`/api/boards/${boardId}/plan-next`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(picks) })
}

