/**
 * A commitment's follow-up between meetings: its status, and the dated history of changes with
 * short notes (and a photo) its owner or the facilitator reported.
 */

export const COMMITMENT_STATUSES = ['open', 'inProgress', 'done', 'dropped'] as const
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number]

export function isCommitmentStatus(value: unknown): value is CommitmentStatus {
  return typeof value === 'string' && (COMMITMENT_STATUSES as readonly string[]).includes(value)
}

/** The longest note a status change may carry: a sentence or two from a phone. */
export const COMMITMENT_NOTE_LIMIT = 500

/** One entry of a commitment's history: what its status became when, and what was said. */
export interface StatusEvent {
  /** ms since epoch */
  at: number
  status: CommitmentStatus
  /** "" when none. */
  note: string
  /** Who reported it: the owner's link or the series' facilitator. */
  by: 'owner' | 'facilitator'
  /** Path of a photo on the commitment's board (`/api/boards/<id>/assets/<name>`), or null. */
  photo: string | null
}

/** The status a history leads to (a commitment without entries is open). Events are oldest first. */
export function currentStatus(history: readonly StatusEvent[]): CommitmentStatus {
  return history.length === 0 ? 'open' : history[history.length - 1]!.status
}

/** The last note anyone reported, or "" (what "Since last time" quotes). */
export function lastNote(history: readonly StatusEvent[]): string {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.note !== '') return history[i]!.note
  return ''
}

/** A typed note made storable: control characters dropped, blanks trimmed, bounded. */
export function cleanNote(value: unknown): string | null {
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') return null
  // eslint-disable-next-line no-control-regex -- dropping control characters is the point
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim().slice(0, COMMITMENT_NOTE_LIMIT)
}

/** Whether a commitment due on `due` (ISO date or "") is overdue, due soon, or neither on `today` (ISO date). */
export function dueState(due: string, status: CommitmentStatus, today: string, soonDays = 14): 'overdue' | 'due' | null {
  if (status === 'done' || status === 'dropped' || !/^\d{4}-\d{2}-\d{2}$/.test(due)) return null
  if (due < today) return 'overdue'
  const soon = new Date(`${today}T00:00:00Z`)
  soon.setUTCDate(soon.getUTCDate() + soonDays)
  return due <= soon.toISOString().slice(0, 10) ? 'due' : null
}
