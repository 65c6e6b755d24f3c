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

/** One meeting series in a signed-in facilitator's list. */
export interface SeriesSummary {
  id: string
  title: string
  /** How many meetings (boards that still exist) the series has. */
  meetings: number
  /** The earliest meeting dated today or later (local date-time as entered), or null. */
  nextMeeting: string | null
  /** The latest meeting dated before today, or null. */
  lastMeeting: string | null
  /** The member cities, spelling variants merged. */
  cities: string[]
  /** Whether this facilitator created it or it was shared with them. */
  tie: 'owner' | 'co-facilitator'
}
