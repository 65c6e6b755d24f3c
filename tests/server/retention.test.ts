/**
 * The retention period (RETENTION_DAYS) against a real server and SQLite, with a clock the test
 * moves: exactly the boards closed longer than the period are deleted, with everything of them;
 * open boards, reopened ones and recently closed ones stay. The board info API gives the date.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BoardAccessInfo } from '../../shared/model/roles'
import { startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { boardFoldersOf, closeMeeting, fillBoard, rowsMentioning } from './lifecycle-fixtures'
import { api, newBoard, type Board } from './roles-fixtures'

const DAY = 24 * 60 * 60 * 1000
const T0 = Date.UTC(2026, 5, 12, 12, 0)
let now = T0
let server: TestServer

beforeEach(async () => {
  now = T0
  server = await startTestServer({ retentionDays: 30, retentionSweepMs: 20, clock: () => now })
})

afterEach(async () => {
  await server.close()
})

/** Moves the clock and waits for a whole pass of the job that saw the new time. */
async function advanceTo(time: number, on = server): Promise<void> {
  now = time
  await waitFor(() => on.logs.some((line) => line.includes('retention.swept') && Number(/ at=(\d+)/.exec(line)?.[1]) >= time), {
    message: `a retention pass at ${new Date(time).toISOString()}`,
  })
}

const exists = async (board: Board) => (await api(board, 'facilitator', '')).status === 200
const deletesAt = async (board: Board) => ((await (await api(board, 'facilitator', '')).json()) as BoardAccessInfo).deletesAt

describe('the retention period', () => {
  it('deletes exactly the boards closed longer than RETENTION_DAYS, and says beforehand when', async () => {
    const closedFirst = await newBoard(server)
    const filled = await fillBoard(closedFirst)
    filled.facilitator.destroy()
    filled.participant.destroy()
    await closeMeeting(closedFirst)
    const reopened = await newBoard(server)
    await closeMeeting(reopened)
    const open = await newBoard(server)
    now = T0 + DAY
    expect((await api(reopened, 'facilitator', '/reopen', { method: 'POST' })).status).toBe(200)
    now = T0 + 10 * DAY
    const closedLater = await newBoard(server)
    await closeMeeting(closedLater)

    expect(await deletesAt(closedFirst)).toBe(new Date(T0 + 30 * DAY).toISOString())
    expect(await deletesAt(closedLater)).toBe(new Date(T0 + 40 * DAY).toISOString())
    expect(await deletesAt(reopened)).toBeNull()
    expect(await deletesAt(open)).toBeNull()

    await advanceTo(T0 + 30 * DAY - 1)
    for (const board of [closedFirst, reopened, open, closedLater]) expect(await exists(board)).toBe(true)

    await advanceTo(T0 + 30 * DAY)
    expect(await exists(closedFirst)).toBe(false)
    expect(rowsMentioning(server.dataDir, closedFirst.id)).toEqual([])
    expect(boardFoldersOf(server.dataDir, closedFirst.id)).toEqual([])
    for (const board of [reopened, open, closedLater]) expect(await exists(board)).toBe(true)
    expect(server.logs.filter((line) => line.includes('board.deleted') && line.includes('cause=retention'))).toHaveLength(1)

    await advanceTo(T0 + 400 * DAY)
    expect(await exists(closedLater)).toBe(false)
    for (const board of [reopened, open]) expect(await exists(board)).toBe(true)
  })

  it('is off unless configured: nothing is deleted and no date is given', async () => {
    const plain = await startTestServer({ retentionSweepMs: 20, clock: () => now })
    try {
      const board = await newBoard(plain)
      await closeMeeting(board)
      expect(await deletesAt(board)).toBeNull()
      await advanceTo(T0 + 10_000 * DAY, plain)
      expect(await exists(board)).toBe(true)
    } finally {
      await plain.close()
    }
  })
})
