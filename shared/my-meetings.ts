/** What both ends of "My meetings" agree on (server/features/my-meetings, client/meetings). */

/** One line of a signed-in facilitator's list of meetings. */
export interface MeetingSummary {
  id: string
  title: string
  startsAt: string
  place: string
  status: 'open' | 'closed'
  /** ISO 8601; null while open. */
  closedAt: string | null
  /** ISO 8601: when the retention period deletes the board; null when it does not. */
  deletesAt: string | null
  cards: number
  attendees: number
  /** ISO 8601. */
  updatedAt: string
  /** Whether this facilitator created it or it was shared with them. */
  tie: 'owner' | 'co-facilitator'
}
