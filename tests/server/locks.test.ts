/**
 * Locks against a real server and real providers: participants' changes to a locked section (or,
 * with the whole board locked, to any record) are refused with the reason, other sections and the
 * facilitator keep working, and unlocking opens them again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BOARD_LOCK, setLock } from '../../shared/model/locks'
import { startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import {
  cardRecord,
  connectAs,
  newBoard,
  nextRefusal,
  putRecords,
  recordOf,
  removeRecords,
  writeQuestionMap,
  type Board,
  type RoleClient,
} from './roles-fixtures'

let server: TestServer
let board: Board
let facilitator: RoleClient
const clients: RoleClient[] = []

const connect = async (role: 'facilitator' | 'participant') => {
  const client = await connectAs(board, role)
  clients.push(client)
  return client
}

/** A participant's change, made on a fresh connection (a refused one reloads in the real client). */
async function participantRefused(change: (client: RoleClient) => void): Promise<string> {
  const participant = await connect('participant')
  const before = participant.refusals.length
  change(participant)
  return nextRefusal(participant, before)
}

async function participantAccepted(change: (client: RoleClient) => void, visible: () => boolean): Promise<void> {
  const participant = await connect('participant')
  change(participant)
  await waitFor(visible, { message: 'the participant change to reach the facilitator' })
  expect(participant.refusals).toEqual([])
}

beforeEach(async () => {
  server = await startTestServer()
  board = await newBoard(server)
  facilitator = await connect('facilitator')
  const reader = await connect('participant')
  await writeQuestionMap(facilitator, reader)
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  await server.close()
})

const lock = async (target: string, locked: boolean) => {
  setLock(facilitator.doc, target, locked ? { by: 'Anna', at: 1 } : null)
  // The next participant connects after the lock is on the server.
  const probe = await connect('participant')
  await waitFor(() => (probe.doc.getMap('locks').has(target) === locked))
}

const moved = (id: string, changes: Record<string, unknown>) => ({ ...recordOf(facilitator.doc, id)!, ...changes }) as { id: string }

describe('locks', () => {
  it('refuse participants changing, removing, adding to or moving out of a locked section', async () => {
    await lock('shape:questions', true)

    expect(await participantRefused((p) => putRecords(p.doc, [moved('shape:q1', { x: 300 })]))).toMatch(/^locked-section:/)
    expect(await participantRefused((p) => removeRecords(p.doc, ['shape:q2']))).toMatch(/^locked-section:/)
    expect(await participantRefused((p) => putRecords(p.doc, [cardRecord('shape:new', 'shape:questions', 'Late question')]))).toMatch(/^locked-section:/)
    expect(await participantRefused((p) => putRecords(p.doc, [moved('shape:q1', { parentId: 'shape:ideas' })]))).toMatch(/^locked-section:/)
    expect(await participantRefused((p) => putRecords(p.doc, [moved('shape:i1', { parentId: 'shape:questions' })]))).toMatch(/^locked-section:/)
    expect(await participantRefused((p) => putRecords(p.doc, [moved('shape:questions', { x: 50 })]))).toMatch(/^locked-section:/)

    // Nothing of it reached the board.
    expect(recordOf(facilitator.doc, 'shape:q1')).toMatchObject({ x: 40, parentId: 'shape:questions' })
    expect(recordOf(facilitator.doc, 'shape:q2')).toBeDefined()
    expect(recordOf(facilitator.doc, 'shape:new')).toBeUndefined()
    expect(recordOf(facilitator.doc, 'shape:i1')).toMatchObject({ parentId: 'shape:ideas' })

    // Another section is open; the facilitator may change the locked one.
    await participantAccepted(
      (p) => putRecords(p.doc, [moved('shape:i1', { x: 333 })]),
      () => recordOf(facilitator.doc, 'shape:i1')?.x === 333,
    )
    putRecords(facilitator.doc, [moved('shape:q1', { x: 111 })])
    const reader = await connect('participant')
    await waitFor(() => recordOf(reader.doc, 'shape:q1')?.x === 111)
    expect(facilitator.refusals).toEqual([])

    // Unlocked, the section takes changes again.
    await lock('shape:questions', false)
    await participantAccepted(
      (p) => putRecords(p.doc, [moved('shape:q2', { x: 222 })]),
      () => recordOf(facilitator.doc, 'shape:q2')?.x === 222,
    )
  })

  it('a locked board refuses every record change of participants', async () => {
    await lock(BOARD_LOCK, true)
    expect(await participantRefused((p) => putRecords(p.doc, [moved('shape:i1', { x: 5 })]))).toMatch(/^locked-board:/)
    expect(await participantRefused((p) => putRecords(p.doc, [cardRecord('shape:free', 'page:page', 'Outside')]))).toMatch(/^locked-board:/)
    await lock(BOARD_LOCK, false)
    await participantAccepted(
      (p) => putRecords(p.doc, [cardRecord('shape:free', 'page:page', 'Outside')]),
      () => recordOf(facilitator.doc, 'shape:free') !== undefined,
    )
  })
})
