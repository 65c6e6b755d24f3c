/**
 * The turn scheduler (server/sync/turns.ts) over a storage that takes its time, as a database
 * server does: a room sends nothing before its write is stored, its next turn waits for that,
 * and other rooms go on meanwhile. The storage here is real SQLite behind a gate the test opens.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BoardStorage, BoardWrite, BoardWriteResult } from '../../server/storage/board-storage'
import { Turns, type TurnParticipant } from '../../server/sync/turns'
import { sqliteBackend, type StorageFixture } from '../helpers/storage-backends'
import { waitFor } from '../helpers/wait'

let fixture: StorageFixture
let storage: BoardStorage

beforeEach(async () => {
  fixture = await sqliteBackend.open()
  storage = fixture.storage
})

afterEach(async () => {
  await fixture.dispose()
})

/** Storage whose writes wait, each until the test lets it through. */
function gatedStorage() {
  const held: { boards: string[]; release(): void }[] = []
  const store = async (writes: readonly BoardWrite[]): Promise<BoardWriteResult[]> => {
    await new Promise<void>((release) => held.push({ boards: writes.map((write) => write.boardId), release }))
    return storage.appendUpdates(writes)
  }
  return { held, store }
}

/** A room as the scheduler sees it: each turn writes one update, and it records what happened in order. */
class TestRoom implements TurnParticipant {
  readonly events: string[] = []
  private next = 0
  constructor(readonly boardId: string) {}
  applyTurn(): BoardWrite {
    this.events.push(`apply ${++this.next}`)
    return { boardId: this.boardId, updates: [new Uint8Array([this.next])], clientIds: [] }
  }
  sendTurn(result: BoardWriteResult | null): void {
    this.events.push(`send ${this.next} seq>0=${(result?.lastSeq ?? 0) > 0}`)
  }
  turnNotStored(error: unknown): void {
    this.events.push(`not stored: ${String(error)}`)
  }
}

describe('turns over a slow storage', () => {
  it('sends a room’s turn only once stored, runs its next turn after, and does not hold other rooms up', async () => {
    const { held, store } = gatedStorage()
    const turns = new Turns(store)
    const slow = new TestRoom('slow')
    const quick = new TestRoom('quick')
    turns.schedule(slow)
    await waitFor(() => held.length === 1)
    expect(slow.events).toEqual(['apply 1'])

    // More for the slow room, and a turn for another: only the other one runs.
    turns.schedule(slow)
    turns.schedule(quick)
    await waitFor(() => held.length === 2)
    expect(held[1]!.boards).toEqual(['quick'])
    held[1]!.release()
    await waitFor(() => quick.events.length === 2)
    expect(quick.events).toEqual(['apply 1', 'send 1 seq>0=true'])
    expect(slow.events).toEqual(['apply 1'])
    expect((await storage.loadDocument('slow')).updates).toEqual([])

    // Once the slow write is stored it is sent, and then the waiting turn runs.
    held[0]!.release()
    await waitFor(() => held.length === 3)
    expect(slow.events).toEqual(['apply 1', 'send 1 seq>0=true', 'apply 2'])
    expect((await storage.loadDocument('slow')).updates).toEqual([Buffer.from([1])])
    const done = turns.runNow(slow)
    held[2]!.release()
    await waitFor(() => held.length === 4)
    held[3]!.release()
    await done
    expect(slow.events).toEqual(['apply 1', 'send 1 seq>0=true', 'apply 2', 'send 2 seq>0=true', 'apply 3', 'send 3 seq>0=true'])
  })

  it('tells every room of a failed write, and sends none of it', async () => {
    const turns = new Turns(() => Promise.reject(new Error('disk full')))
    const rooms = [new TestRoom('a'), new TestRoom('b')]
    for (const room of rooms) turns.schedule(room)
    await waitFor(() => rooms.every((room) => room.events.length === 2))
    for (const room of rooms) expect(room.events).toEqual(['apply 1', 'not stored: Error: disk full'])
  })
})
