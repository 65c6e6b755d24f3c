/** A signed-in facilitator's meetings and series on the server (server/features/my-meetings). */
import type { MeetingSummary, SeriesSummary } from '../../shared/my-meetings'
import { requestJson } from '../session/api'

export type { MeetingSummary, SeriesSummary }

export interface Share {
  kind: 'email' | 'username'
  value: string
}

/** What "My meetings" lists: boards, and meeting series. */
export type OwnedKind = 'boards' | 'series'

const my = (kind: OwnedKind, id: string) => `/api/my/${kind}/${encodeURIComponent(id)}`

export async function listMeetings(): Promise<MeetingSummary[]> {
  return (await requestJson<{ boards: MeetingSummary[] }>('/api/my/boards')).boards
}

export async function listSeries(): Promise<SeriesSummary[]> {
  return (await requestJson<{ series: SeriesSummary[] }>('/api/my/series')).series
}

/** The link token of one of this person's boards (facilitator) or series (manage). */
export async function ownedToken(kind: OwnedKind, id: string): Promise<string> {
  return (await requestJson<{ token: string }>(`${my(kind, id)}/open`, { method: 'POST' })).token
}

export function duplicateMeeting(boardId: string): Promise<{ id: string; tokens: { facilitator: string } }> {
  return requestJson(`${my('boards', boardId)}/duplicate`, { method: 'POST' })
}

export async function listShares(kind: OwnedKind, id: string): Promise<Share[]> {
  return (await requestJson<{ shares: Share[] }>(`${my(kind, id)}/shares`)).shares
}

export async function changeShare(kind: OwnedKind, id: string, share: Share, add: boolean): Promise<Share[]> {
  const init = { method: add ? 'POST' : 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(share) }
  return (await requestJson<{ shares: Share[] }>(`${my(kind, id)}/shares`, init)).shares
}

/** Closing, reopening or deleting through the boards' own API, with the facilitator token. */
export async function boardAction(boardId: string, action: 'close' | 'reopen' | 'delete', confirm?: string): Promise<void> {
  const token = await ownedToken('boards', boardId)
  const path = `/api/boards/${encodeURIComponent(boardId)}`
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }
  if (action === 'delete') await requestJson(path, { method: 'DELETE', headers, body: JSON.stringify({ confirm }) })
  else await requestJson(`${path}/${action}`, { method: 'POST', headers })
}
