/**
 * A participant or viewer with a hand-written client, against the real server: updates that make
 * Yjs integrate something other than they declare, written as another device's client id, with
 * gaps, with deletes of clocks that do not exist yet, oversized, and presence for someone else.
 * The attacker's updates are made by a real Y.Doc that pretends (its `clientID` set to a victim's)
 * or by hand, and sent over a raw socket; the honest side are real providers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { readLocks, setLock } from '../../shared/model/locks'
import type { Role } from '../../shared/model/roles'
import { readTimer, TIMER_MAP } from '../../shared/model/timer'
import { startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { copyOf } from '../attacks/oracle'
import { RawAttacker } from '../attacks/raw-attacker'
import { encodeUpdate } from '../attacks/update-encoder'
import { addCard } from '../../client/question-map/card-writer'
import { RECORDS_ARRAY } from '../../shared/model/record-log'
import { connectAs, newBoard, putRecords, recordOf, sectionRecord, writeQuestionMap, type Board, type RoleClient } from './roles-fixtures'

/** A raw socket with a role's link, synced: what the attacker knows is its mirror of the room. */
async function attacker(board: Board, role: Role): Promise<RawAttacker> {
  return RawAttacker.connect(board.server.syncUrl, board.id, board.tokens[role], `attacker-key-${role}-0123456789`)
}

/** The update a change to `doc` makes. */
function updateOf(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  let update: Uint8Array | null = null
  const take = (u: Uint8Array) => {
    update = u
  }
  doc.on('update', take)
  doc.transact(() => change(doc))
  doc.off('update', take)
  return update!
}

describe('crafted updates', () => {
  let server: TestServer
  let board: Board
  let facilitator: RoleClient
  const closers: (() => void)[] = []

  beforeEach(async () => {
    server = await startTestServer({ quotas: { maxUpdateBytes: 64 * 1024 } })
    board = await newBoard(server)
    facilitator = await connectAs(board, 'facilitator', 'facilitator-key-0123456789')
    closers.push(() => facilitator.destroy())
  })

  afterEach(async () => {
    for (const close of closers.splice(0)) close()
    await server.close()
  })

  it("refuses structs written as the facilitator's client id, even when the first clocks are known", async () => {
    facilitator.doc.getMap(TIMER_MAP).set('state', { endsAt: 1, pausedAt: null, durationMs: 60_000 })
    await waitFor(() => server.server.stats().rooms === 1)
    const bad = await attacker(board, 'participant')
    await waitFor(() => copyOf(bad.mirror).getMap(TIMER_MAP).has('state'))
    const copy = copyOf(bad.mirror)
    copy.clientID = facilitator.doc.clientID
    // Everything the facilitator wrote, plus a new timer: a struct that starts at known clocks.
    const forged = updateOf(copy, (doc) => doc.getMap(TIMER_MAP).set('state', { endsAt: 999, pausedAt: null, durationMs: 1 }))
    bad.sendUpdate(Y.mergeUpdates([Y.encodeStateAsUpdate(copy), forged]))
    await waitFor(() => bad.refusals.includes('not-your-client'))
    const check = await connectAs(board, 'viewer')
    closers.push(() => check.destroy())
    expect(readTimer(check.doc)).toEqual(readTimer(facilitator.doc))
    expect((facilitator.doc.getMap(TIMER_MAP).get('state') as { endsAt: number }).endsAt).toBe(1)
  })

  it('refuses an update that skips clocks and asks the sender for what is missing', async () => {
    const bad = await attacker(board, 'participant')
    const own = copyOf(bad.mirror)
    const first = updateOf(own, () => putRecords(own, [sectionRecord('shape:a', 'ideas', 0)]))
    const second = updateOf(own, () => putRecords(own, [sectionRecord('shape:b', 'ideas', 1000)]))
    const asked = bad.step1s
    bad.sendUpdate(second)
    await waitFor(() => bad.refusals.includes('out-of-order') && bad.step1s > asked, { message: 'the refusal and a sync step 1' })
    bad.sendUpdate(first)
    bad.sendUpdate(second)
    await waitFor(() => recordOf(facilitator.doc, 'shape:b') !== undefined)
    expect(recordOf(facilitator.doc, 'shape:a')).toBeDefined()
  })

  it("refuses deletes of clocks that do not exist yet, so the facilitator's next write survives", async () => {
    const bad = await attacker(board, 'participant')
    const next = Y.getState(facilitator.doc.store, facilitator.doc.clientID)
    // A delete set only: the facilitator's next ten clocks.
    bad.sendUpdate(encodeUpdate({ blocks: [], deletes: [{ client: facilitator.doc.clientID, clock: next, length: 10 }] }))
    await waitFor(() => bad.refusals.includes('unsupported'))
    setLock(facilitator.doc, 'board', { by: 'Facilitator', at: 1 })
    const check = await connectAs(board, 'viewer')
    closers.push(() => check.destroy())
    await waitFor(() => readLocks(check.doc).board)
  })

  it('refuses GC structs claiming clocks, and a viewer writing anything', async () => {
    const viewer = await attacker(board, 'viewer')
    const own = copyOf(viewer.mirror)
    viewer.sendUpdate(updateOf(own, () => putRecords(own, [sectionRecord('shape:v', 'ideas', 0)])))
    await waitFor(() => viewer.refusals.includes('read-only'))
    // A GC struct for the facilitator's next clocks.
    const clock = Y.getState(facilitator.doc.store, facilitator.doc.clientID)
    viewer.sendUpdate(encodeUpdate({ blocks: [{ client: facilitator.doc.clientID, clock, structs: [{ kind: 'gc', length: 50 }] }], deletes: [] }))
    await waitFor(() => viewer.refusals.includes('unsupported'))
    putRecords(facilitator.doc, [sectionRecord('shape:f', 'ideas', 0)])
    const check = await connectAs(board, 'viewer')
    closers.push(() => check.destroy())
    await waitFor(() => recordOf(check.doc, 'shape:f') !== undefined)
  })

  it("refuses a participant's board schema and a schema nobody knows from the facilitator", async () => {
    const bad = await attacker(board, 'participant')
    const own = copyOf(bad.mirror)
    bad.sendUpdate(updateOf(own, (doc) => doc.getMap('board').set('schema', { schemaVersion: 2, sequences: {} })))
    await waitFor(() => bad.refusals.includes('facilitator-only'))
    facilitator.doc.getMap('board').set('schema', { schemaVersion: 99, sequences: {} })
    await waitFor(() => facilitator.refusals.some((reason) => reason.startsWith('schema:')))
  })

  it('refuses an update over the size quota, and other roots and content than the board has', async () => {
    const bad = await attacker(board, 'participant')
    const own = copyOf(bad.mirror)
    bad.sendUpdate(updateOf(own, () => putRecords(own, [{ id: 'shape:big', blob: 'x'.repeat(100_000) } as { id: string }])))
    await waitFor(() => bad.refusals.includes('update-too-large'))
    const other = new Y.Doc()
    bad.sendUpdate(updateOf(other, (doc) => doc.getText('t').insert(0, 'not part of the board')))
    await waitFor(() => bad.refusals.includes('unsupported'))
  })

  it("does not relay presence set for someone else's client id", async () => {
    const awareness = new awarenessProtocol.Awareness(facilitator.doc)
    expect(awareness.clientID).toBe(facilitator.doc.clientID)
    facilitator.provider.awareness.setLocalStateField('name', 'the facilitator')
    const watcher = await connectAs(board, 'participant', 'watcher-key-0123456789')
    closers.push(() => watcher.destroy())
    const facilitatorId = facilitator.doc.clientID
    await waitFor(() => watcher.provider.awareness.getStates().get(facilitatorId)?.name === 'the facilitator')
    const bad = await attacker(board, 'viewer')
    // The facilitator's id with a clock far ahead: if relayed, the real state would be ignored.
    const forged = new awarenessProtocol.Awareness(new Y.Doc())
    forged.clientID = facilitatorId
    forged.setLocalState({ name: 'hijacked' })
    forged.meta.set(facilitatorId, { clock: 2 ** 40, lastUpdated: Date.now() })
    const update = awarenessProtocol.encodeAwarenessUpdate(forged, [facilitatorId])
    bad.sendAwareness(update)
    facilitator.provider.awareness.setLocalStateField('name', 'still the facilitator')
    await waitFor(() => watcher.provider.awareness.getStates().get(facilitatorId)?.name === 'still the facilitator')
    awareness.destroy()
    forged.destroy()
  })

  it('takes an anonymous card written as a fresh client id that nobody can link to its author', async () => {
    const author = await connectAs(board, 'participant', 'author-key-0123456789')
    closers.push(() => author.destroy())
    await writeQuestionMap(facilitator, author)
    author.provider.awareness.setLocalStateField('profile', { name: 'Ada', city: 'Leipzig' })
    const profile = { name: 'Ada', whereabouts: 'remote' as const, city: 'Leipzig' }
    const result = addCard(author.doc, 'shape:questions', { text: 'who pays for it?', anonymous: true }, profile, 'participant')
    if (!result.ok) throw new Error(result.reason)
    expect(author.doc.clientID).toBe(author.provider.awareness.clientID)
    await waitFor(() => recordOf(facilitator.doc, result.id) !== undefined)
    const card = recordOf(facilitator.doc, result.id) as { meta: Record<string, unknown>; props: Record<string, unknown> }
    expect(card.props.authorName).toBe('')
    expect(Object.values(card.meta)).not.toContain(author.doc.clientID)
    // The entry's Yjs item, as everyone else received it, is not written as the author's presence id.
    const writer = itemClient(facilitator.doc, result.id)
    expect(writer).not.toBeNull()
    expect(writer).not.toBe(author.doc.clientID)
    expect(author.refusals).toEqual([])
  })
})

/** The Yjs client id that wrote the live record-log entry of `id`. */
function itemClient(doc: Y.Doc, id: string): number | null {
  for (let item = doc.getArray(RECORDS_ARRAY)._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentAny)) continue
    if (item.content.getContent().some((value) => (value as { k?: string }).k === id)) return item.id.client
  }
  return null
}
