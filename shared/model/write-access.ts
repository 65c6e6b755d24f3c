/**
 * Who may change the board's content, and where: the clients' reading of the rules the server
 * enforces on every update (server/policy/update-policy.ts for roles and locks,
 * server/archive/archive-policy.ts for closed meetings). A page checks it before writing, so it can
 * say why instead of sending a change the server refuses; the slot repairs use it to pick only
 * sessions whose writes will be taken.
 */
import type * as Y from 'yjs'
import { readLocks, type Locks } from './locks'
import { readMeeting } from './meeting'
import type { Role } from './participant'

/** Why content may not be changed (the server's refusal code where it has one). */
export type WriteBlock = 'read-only' | 'archived' | 'locked-board' | 'locked-section'

/** What decides it, read from the board once for many questions. */
export interface WriteRules {
  archived: boolean
  locks: Locks
}

export function readWriteRules(doc: Y.Doc): WriteRules {
  return { archived: readMeeting(doc).archivedAt !== null, locks: readLocks(doc) }
}

/**
 * Why a session with `role` may not change the board's document at all (only the facilitator may
 * change a closed meeting's board; a viewer nothing), or null when it may.
 */
export function documentBlock(rules: WriteRules, role: Role): 'read-only' | 'archived' | null {
  if (role === 'viewer') return 'read-only'
  return rules.archived && role !== 'facilitator' ? 'archived' : null
}

/**
 * Why a session with `role` may not change content in the section `sectionId` (null: outside
 * every section), or null when it may. Locks hold for everyone but the facilitator.
 */
export function writeBlock(rules: WriteRules, role: Role, sectionId: string | null): WriteBlock | null {
  const blocked = documentBlock(rules, role)
  if (blocked || role === 'facilitator') return blocked
  if (rules.locks.board) return 'locked-board'
  return sectionId !== null && rules.locks.sections.has(sectionId) ? 'locked-section' : null
}
