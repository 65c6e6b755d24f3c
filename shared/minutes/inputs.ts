import type * as Y from 'yjs'
import { readSnapshotIndex } from '../model/snapshots'
import { lastRevealedResult } from '../model/voting'
import type { MinutesInputs } from './types'

/**
 * The voting result and the named snapshots of a board, for `buildMinutes`. The server, the command
 * line and the browser all read them here, so they produce the same minutes: the last revealed
 * dot-voting round (votes per card of its sections) and the snapshot index, both kept in the doc
 * (shared/model/voting.ts, shared/model/snapshots.ts).
 */
export function readMinutesInputs(doc: Y.Doc): MinutesInputs {
  const result = lastRevealedResult(doc)
  return {
    votes: result ? { revealedAt: result.round.revealedAt!, counts: result.counts } : null,
    snapshots: readSnapshotIndex(doc).map(({ name, at, author }) => ({ name, at, author })),
  }
}
