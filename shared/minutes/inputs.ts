import type * as Y from 'yjs'
import type { MinutesInputs } from './types'

/**
 * The voting result and the named snapshots of a board, for `buildMinutes`. The server, the command
 * line and the browser all read them here, so they produce the same minutes.
 *
 * Voting rounds and named snapshots arrive with issue 4 (roles, voting, snapshots); until then a
 * board has neither and this returns no inputs. Issue 4 reads its own data from `doc` here.
 */
export function readMinutesInputs(_doc: Y.Doc): MinutesInputs {
  return {}
}
