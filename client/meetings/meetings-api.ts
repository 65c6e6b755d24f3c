/** A signed-in facilitator's meetings on the server (server/features/my-meetings). */
import type { MeetingSummary } from '../../shared/my-meetings'
import { requestJson } from '../session/api'

export type { MeetingSummary }

export interface Share {
  kind: 'email' | 'username'
  value: string
}

const my = (boardId: string) => `/api/my/boards/${encodeURIComponent(boardId)}`

export async function listMeetings(): Promise<MeetingSummary[]> {
  return (await requestJson<{ boards: MeetingSummary[] }>('/api/my/boards')).boards
}

/** The facilitator token of one of this person's boards. */
export async function facilitatorToken(boardId: string): Promise<string> {
  return (await requestJson<{ token: string }>(`${my(boardId)}/open`, { method: 'POST' })).token
}

export function duplicateMeeting(boardId: string): Promise<{ id: string; tokens: { facilitator: string } }> {
  return requestJson(`${my(boardId)}/duplicate`, { method: 'POST' })
}

export async function listShares(boardId: string): Promise<Share[]> {
  return (await requestJson<{ shares: Share[] }>(`${my(boardId)}/shares`)).shares
}

export async function changeShare(boardId: string, share: Share, add: boolean): Promise<Share[]> {
  const init = { method: add ? 'POST' : 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(share) }
  return (await requestJson<{ shares: Share[] }>(`${my(boardId)}/shares`, init)).shares
}

/** Closing, reopening or deleting through the boards' own API, with the facilitator token. */
export async function boardAction(boardId: string, action: 'close' | 'reopen' | 'delete', confirm?: string): Promise<void> {
  const token = await facilitatorToken(boardId)
  const path = `/api/boards/${encodeURIComponent(boardId)}`
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }
  if (action === 'delete') await requestJson(path, { method: 'DELETE', headers, body: JSON.stringify({ confirm }) })
  else await requestJson(`${path}/${action}`, { method: 'POST', headers })
}
