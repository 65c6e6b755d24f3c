/**
 * Attendance, recorded by the server: who took part, for the minutes (the `participants` map,
 * shared/model/participant.ts). No client writes it: the write rules refuse that for every role
 * (`server-only`, shared/rules/write-rules.ts).
 *
 * An entry is recorded when an authenticated connection announces its profile in awareness (the
 * `profile` field, see client/sync/profile-presence.ts), and updated when the profile changes:
 * - keyed by the connection's device: an attendance id the server derived from the device's voter
 *   key (access/board-access.ts), never an id the client chose. It is not the voter id, which the
 *   dots carry, so attendance cannot be matched with dots. Several tabs of one device are one
 *   entry, as they count once among those present. A connection without a voter key is a device of
 *   its own (a fresh id per connection); an embedder's identity with a `userId` is keyed by that.
 * - with the role of the connection's link, never one the client claims; a device that joined
 *   with several links keeps the most trusted one (the facilitator trying the join link on their
 *   laptop is still the facilitator);
 * - with the name, city and whereabouts of the profile, cleaned and length-bounded;
 * - with the time the device first joined, kept from then on.
 *
 * Nothing is recorded while the meeting is closed (its attendance stays what it was at closing),
 * nor beyond `MAX_ATTENDEES` entries (a crafted client inventing voter keys costs the board no
 * more).
 * The writes are the server's own: made in the room's doc, which writes with the board's server
 * client id (server/sync/client-ids.ts), and stored and broadcast by the room.
 */
import { randomUUID } from 'node:crypto'
import {
  participantEntry,
  participantsMap,
  readAnnouncedProfile,
  recordParticipant,
} from '../../shared/model/participant'
import { trustOf, type Trust } from '../../shared/rules/write-rules'
import type { ConnectionView, ServerHooks } from '../hooks'
import type { Logger } from '../log'
import type { ServerFeature } from './feature'
import { AWARENESS_FIELDS } from '../../shared/model/awareness'

/** Marks the attendance's own document changes. */
export const ATTENDANCE_ORIGIN = Symbol('attendance')

/** The most entries a board's attendance takes (old boards' entries included). */
export const MAX_ATTENDEES = 2_000

const TRUST_RANK: Readonly<Record<Trust, number>> = { none: 0, content: 1, full: 2 }

export interface AttendanceOptions {
  /** Whether the board's meeting is closed (the archive's flag). */
  isArchived(boardId: string): boolean
  logger: Logger
  /** ms since epoch; injectable for tests. Default `Date.now`. */
  clock?: () => number
}

/** The key of a connection's device in the attendance. */
function attendanceKey(connection: ConnectionView, fresh: WeakMap<ConnectionView, string>): string {
  const { identity } = connection
  const attendeeId = identity.data?.attendeeId
  if (typeof attendeeId === 'string' && attendeeId) return `attendee:${attendeeId}`
  if (identity.userId) return `user:${identity.userId}`
  let key = fresh.get(connection)
  if (!key) fresh.set(connection, (key = `connection:${randomUUID()}`))
  return key
}

/** The role to record: the connection's, unless the device joined with a more trusted one before. */
function recordedRole(previous: string | undefined, role: string): string {
  return previous !== undefined && TRUST_RANK[trustOf(previous)] > TRUST_RANK[trustOf(role)] ? previous : role
}

export function attendanceFeature(options: AttendanceOptions): ServerFeature {
  return { hooks: createAttendanceHooks(options) }
}

function createAttendanceHooks(options: AttendanceOptions): Required<Pick<ServerHooks, 'onPresence'>> {
  const clock = options.clock ?? Date.now
  const fresh = new WeakMap<ConnectionView, string>()
  return {
    onPresence: ({ connection, room, state }) => {
      const profile = readAnnouncedProfile(state[AWARENESS_FIELDS.profile])
      if (!profile || options.isArchived(room.boardId)) return
      const { doc } = room
      const key = attendanceKey(connection, fresh)
      const previous = participantEntry(doc, key)
      if (!previous && participantsMap(doc).size >= MAX_ATTENDEES) {
        options.logger.warn('attendance.full', { board: room.boardId, conn: connection.id })
        return
      }
      const role = recordedRole(previous?.role, connection.identity.role)
      doc.transact(() => recordParticipant(doc, key, profile, role, clock()), ATTENDANCE_ORIGIN)
    },
  }
}
