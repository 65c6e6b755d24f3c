/**
 * A turn's appends on PostgreSQL as one statement: every room's updates and client-id bindings
 * of the turn, with the fence check of each write, in one round trip (postgres-storage.ts).
 *
 * Why one statement: each turn of a room waits for its append before it broadcasts, so the
 * append's round trips are the room's latency. With fences (several servers) it was a
 * transaction: BEGIN, lock the boards' rows, raise their fences, INSERT, COMMIT, four or five
 * round trips; a statement is atomic on its own and takes one.
 *
 * Why named: a named statement is parsed once per connection, then only bound and run; the
 * unnamed one was parsed and analysed again on every turn, PostgreSQL's work on the same cores as
 * the server. Measured one append after another on this machine, with the commit's fsync left
 * out for the measurement (it is the same for all and hid the rest): 77 instead of 206 µs per
 * unfenced append at the median, 124 instead of 392 µs fenced (a load average of 5 to 7).
 *
 * The fence (docs/cluster.md): the boards of the fenced writes are locked first (`FOR UPDATE`,
 * in the order of their ids, so two servers writing the same boards cannot deadlock). Under READ
 * COMMITTED a locked row is read in its newest committed version, so a fence another server
 * recorded a moment ago is seen even though this statement's snapshot is older. A write whose fence
 * is lower than its board's recorded one is refused: none of its updates or bindings is written.
 * The others record their fence when it is higher. A board without a row takes the write as an
 * unfenced one (nothing to compare with), as SQLite does.
 */
import type pg from 'pg'
import type { BoardWrite } from './board-storage'

/** One row of the statement's answer: a board's last sequence number, or a refused write. */
export interface AppendRow {
  board_id: string | null
  last_seq: number | null
  /** 1-based index of a refused write in the call, with the fence recorded for its board. */
  refused_write: number | null
  recorded: number | null
}

/**
 * The bindings ($4-$6: board, client id, device), then the updates in the order given ($1-$2:
 * board, update) at $3; each board's last sequence number comes back. `$n::bytea[]` travels as
 * text (hex), which measured no slower than one binary bytea cut apart by the statement.
 */
const UNFENCED_SQL = `
WITH bound AS (
  INSERT INTO client_ids (board_id, client_id, device)
    SELECT * FROM unnest($4::text[], $5::int8[], $6::text[]) ON CONFLICT DO NOTHING
), appended AS (
  INSERT INTO updates (board_id, at, data)
    SELECT board_id, $3, data FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS u(board_id, data, i) ORDER BY i
    RETURNING board_id, seq
)
SELECT board_id, max(seq) AS last_seq, NULL::int8 AS refused_write, NULL::int8 AS recorded FROM appended GROUP BY board_id`

/**
 * The same with the fence check: $7-$9 are the fenced writes (board, fence, index n in the
 * call), $10 and $11 the write each binding and each update belongs to. The boards of the fenced
 * writes are locked first, then each write is judged against its board's recorded fence.
 */
const FENCED_SQL = `
WITH fenced AS (
  SELECT boards.id, boards.fence AS recorded, w.fence, w.n
    FROM boards JOIN unnest($7::text[], $8::int8[], $9::int8[]) AS w(board_id, fence, n) ON boards.id = w.board_id
   ORDER BY boards.id FOR UPDATE OF boards
), refused AS (
  SELECT n, recorded FROM fenced WHERE fence < recorded
), raised AS (
  UPDATE boards SET fence = accepted.fence
    FROM (SELECT id, max(fence) AS fence FROM fenced WHERE fence >= recorded GROUP BY id) AS accepted
   WHERE boards.id = accepted.id AND accepted.fence > boards.fence
), bound AS (
  INSERT INTO client_ids (board_id, client_id, device)
    SELECT board_id, client_id, device FROM unnest($4::text[], $5::int8[], $6::text[], $10::int8[]) AS c(board_id, client_id, device, n)
     WHERE n NOT IN (SELECT n FROM refused)
    ON CONFLICT DO NOTHING
), appended AS (
  INSERT INTO updates (board_id, at, data)
    SELECT board_id, $3, data FROM unnest($1::text[], $2::bytea[], $11::int8[]) WITH ORDINALITY AS u(board_id, data, n, i)
     WHERE n NOT IN (SELECT n FROM refused)
     ORDER BY i
    RETURNING board_id, seq
)
SELECT board_id, max(seq) AS last_seq, NULL::int8 AS refused_write, NULL::int8 AS recorded FROM appended GROUP BY board_id
UNION ALL
SELECT NULL, NULL, n, recorded FROM refused`

/**
 * The statement that appends `writes` (their updates in the order given), or null when there is
 * nothing to write or check.
 */
export function appendStatement(writes: readonly BoardWrite[]): pg.QueryConfig | null {
  const updateBoards: string[] = []
  const updates: Uint8Array[] = []
  const updateWrites: number[] = []
  const bindingBoards: string[] = []
  const bindingIds: number[] = []
  const bindingDevices: string[] = []
  const bindingWrites: number[] = []
  const fencedBoards: string[] = []
  const fences: number[] = []
  const fencedWrites: number[] = []
  for (const [i, write] of writes.entries()) {
    const n = i + 1
    for (const update of write.updates) {
      updateBoards.push(write.boardId)
      updates.push(update)
      updateWrites.push(n)
    }
    for (const { clientId, device } of write.clientIds) {
      bindingBoards.push(write.boardId)
      bindingIds.push(clientId)
      bindingDevices.push(device)
      bindingWrites.push(n)
    }
    if (write.fence !== undefined) {
      fencedBoards.push(write.boardId)
      fences.push(write.fence)
      fencedWrites.push(n)
    }
  }
  const values = [updateBoards, updates, Date.now(), bindingBoards, bindingIds, bindingDevices]
  if (fences.length > 0) {
    return { name: 'gatherboard.append-fenced', text: FENCED_SQL, values: [...values, fencedBoards, fences, fencedWrites, bindingWrites, updateWrites] }
  }
  if (updates.length === 0 && bindingIds.length === 0) return null
  return { name: 'gatherboard.append', text: UNFENCED_SQL, values }
}
