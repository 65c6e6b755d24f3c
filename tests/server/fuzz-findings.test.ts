/**
 * Holes the differential fuzz test (tests/attacks) found in the reading and judging of updates,
 * each as one hand-written update from a participant's raw socket against the real server: the
 * update is refused with its code and the facilitator's board is as it was. The last one pins
 * down what the fuzz test's oracle relies on for updates the server takes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { setLock } from '../../shared/model/locks'
import { RECORDS_ARRAY } from '../../shared/model/record-log'
import { TIMER_MAP, readTimer, writeTimer } from '../../shared/model/timer'
import { VOTES_MAP, currentRound, startRound, voteKey, votesMap } from '../../shared/model/voting'
import { startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { RawAttacker } from '../attacks/raw-attacker'
import { encodeUpdate, type StructId, type StructSpec, type UpdateSpec } from '../attacks/update-encoder'
import { cardRecord, connectAs, newBoard, recordOf, voterIdOf, writeQuestionMap, type Board, type RoleClient } from './roles-fixtures'

/** An item of the record log holding one entry, placed after `origin`. */
function entryItem(value: unknown, origin: StructId | null): StructSpec {
  return { kind: 'item', origin, rightOrigin: null, parent: origin ? null : { root: RECORDS_ARRAY }, parentSub: null, content: { kind: 'any', values: [value] } }
}

/** The last item of the record log in `doc`, as an id to place after. */
function lastEntryId(doc: Y.Doc): StructId {
  const item = doc.getArray(RECORDS_ARRAY)._start
  let last = item!
  while (last.right) last = last.right
  return { client: last.id.client, clock: last.id.clock + last.length - 1 }
}

const newCard = (id: string) => ({ k: id, v: cardRecord(id, 'shape:questions', 'from a raw socket'), c: null })

describe('holes the fuzz test found', () => {
  let server: TestServer
  let board: Board
  let facilitator: RoleClient
  let participant: RawAttacker
  /** A client id nobody has used: the participant's own. */
  const own = 424_242

  beforeEach(async () => {
    server = await startTestServer()
    board = await newBoard(server)
    facilitator = await connectAs(board, 'facilitator', 'facilitator-key-0123456789')
    await writeQuestionMap(facilitator, facilitator)
    setLock(facilitator.doc, 'shape:ideas', { by: 'Facilitator', at: 1 })
    participant = await RawAttacker.connect(server.syncUrl, board.id, board.tokens.participant, 'participant-key-0123456789')
    await waitFor(() => participant.mirror.getMap('locks').has('shape:ideas'), { message: 'the lock to reach the participant' })
  })

  afterEach(async () => {
    participant.close()
    facilitator.destroy()
    await server.close()
  })

  /** Sends the update and waits for its refusal; returns the code. */
  async function refusalOf(update: UpdateSpec): Promise<string> {
    const before = participant.refusals.length
    participant.sendUpdate(encodeUpdate(update))
    await waitFor(() => participant.refusals.length > before, { message: 'the refusal' })
    return participant.refusals[before]!
  }

  /** Proves the room still takes the participant's honest writes, and that `id` never arrived. */
  async function expectAbsent(id: string): Promise<void> {
    const probe = 'shape:probe'
    const clock = Y.getState(participant.mirror.store, own)
    participant.sendUpdate(encodeUpdate({ blocks: [{ client: own, clock, structs: [entryItem(newCard(probe), lastEntryId(participant.mirror))] }], deletes: [] }))
    await waitFor(() => recordOf(facilitator.doc, probe) !== undefined, { message: 'the probe card' })
    expect(recordOf(facilitator.doc, id)).toBeUndefined()
  }

  it('refuses empty structs, which Yjs would integrate under the id of the next struct', async () => {
    const after = lastEntryId(participant.mirror)
    const structs: StructSpec[] = [
      entryItem(newCard('shape:a'), after),
      { kind: 'item', origin: { client: own, clock: 0 }, rightOrigin: null, parent: null, parentSub: null, content: { kind: 'any', values: [] } },
      entryItem(newCard('shape:b'), { client: own, clock: 0 }),
    ]
    expect(await refusalOf({ blocks: [{ client: own, clock: 0, structs }], deletes: [] })).toBe('unsupported')
    await expectAbsent('shape:a')
  })

  it('refuses empty delete ranges, which Yjs would park as deletes still to come', async () => {
    const facilitatorEnd = Y.getState(participant.mirror.store, facilitator.doc.clientID)
    const update: UpdateSpec = {
      blocks: [{ client: own, clock: 0, structs: [entryItem(newCard('shape:a'), lastEntryId(participant.mirror))] }],
      deletes: [{ client: facilitator.doc.clientID, clock: facilitatorEnd, length: 0 }],
    }
    expect(await refusalOf(update)).toBe('unsupported')
    await expectAbsent('shape:a')
  })

  it("refuses a client's second block that goes on where its first ended, and a block without structs", async () => {
    const after = lastEntryId(participant.mirror)
    // Yjs keeps only the last block of a client: it would integrate B alone, after a gap.
    const continued: UpdateSpec = {
      blocks: [
        { client: own, clock: 0, structs: [entryItem(newCard('shape:a'), after)] },
        { client: own, clock: 1, structs: [entryItem(newCard('shape:b'), { client: own, clock: 0 })] },
      ],
      deletes: [],
    }
    expect(await refusalOf(continued)).toBe('unsupported')
    // An empty block after A's would make Yjs drop A's block altogether.
    const emptied: UpdateSpec = {
      blocks: [{ client: own, clock: 0, structs: [entryItem(newCard('shape:a'), after)] }, { client: own, clock: 1, structs: [] }],
      deletes: [],
    }
    expect(await refusalOf(emptied)).toBe('unsupported')
    await expectAbsent('shape:a')
    expect(recordOf(facilitator.doc, 'shape:b')).toBeUndefined()
  })

  it("refuses an item placed after a later clock of its own client, on which Yjs fails halfway", async () => {
    const structs: StructSpec[] = [
      entryItem(newCard('shape:a'), { client: own, clock: 1 }),
      entryItem(newCard('shape:b'), lastEntryId(participant.mirror)),
    ]
    expect(await refusalOf({ blocks: [{ client: own, clock: 0, structs }], deletes: [] })).toBe('unsupported')
    expect(participant.isOpen).toBe(true)
    await expectAbsent('shape:a')
    expect(recordOf(facilitator.doc, 'shape:b')).toBeUndefined()
  })

  it('refuses a struct the room has, sent again with a dependency nobody has, which Yjs parks with all that follows', async () => {
    const first = entryItem(newCard('shape:a'), lastEntryId(participant.mirror))
    participant.sendUpdate(encodeUpdate({ blocks: [{ client: own, clock: 0, structs: [first] }], deletes: [] }))
    await waitFor(() => recordOf(facilitator.doc, 'shape:a') !== undefined, { message: 'the first card' })
    const missing = { client: facilitator.doc.clientID, clock: Y.getState(participant.mirror.store, facilitator.doc.clientID) + 5 }
    const structs: StructSpec[] = [
      { ...first, origin: missing } as StructSpec,
      entryItem(newCard('shape:b'), { client: own, clock: 0 }),
    ]
    expect(await refusalOf({ blocks: [{ client: own, clock: 0, structs }], deletes: [] })).toBe('unsupported')
    await expectAbsent('shape:b')
  })

  it('refuses values JSON cannot hold, in the record log and in the dots', async () => {
    const round = startRound(facilitator.doc, { id: 'round1', sections: ['shape:questions'], dots: 2, hidden: false }, Date.now())
    await waitFor(() => currentRound(participant.mirror)?.id === round.id, { message: 'the round to reach the participant' })
    const voterId = await voterIdOf(board, 'participant-key-0123456789')
    for (const value of [10n, new Uint8Array([1, 2]), NaN, undefined]) {
      const card = newCard('shape:odd')
      const entry = { ...card, v: { ...card.v, props: { ...card.v.props, text: value } } }
      const clock = Y.getState(participant.mirror.store, own)
      expect(await refusalOf({ blocks: [{ client: own, clock, structs: [entryItem(entry, lastEntryId(participant.mirror))] }], deletes: [] })).toBe('malformed')
      const dot: StructSpec = { kind: 'item', origin: null, rightOrigin: null, parent: { root: VOTES_MAP }, parentSub: voteKey({ roundId: round.id, voterId, slot: 0 }), content: { kind: 'any', values: [value] } }
      expect(await refusalOf({ blocks: [{ client: own, clock, structs: [dot] }], deletes: [] })).toBe('malformed')
    }
    await expectAbsent('shape:odd')
    expect(votesMap(facilitator.doc).size).toBe(0)
  })

  it('judges every live entry of a record: an older one in a locked section is the fold a newer one only adds to', async () => {
    // The fold takes the first entry whole and only props.text from the second: the card is in ideas.
    const inIdeas = cardRecord('shape:sneaky', 'shape:ideas', 'into the locked section')
    const entries = [
      { k: inIdeas.id, v: inIdeas, c: null },
      { k: inIdeas.id, v: { ...inIdeas, parentId: 'shape:questions' }, c: ['props.text'] },
    ]
    const structs: StructSpec[] = [{ ...entryItem(null, lastEntryId(participant.mirror)), content: { kind: 'any', values: entries } } as StructSpec]
    expect(await refusalOf({ blocks: [{ client: own, clock: 0, structs }], deletes: [] })).toBe('locked-section')
    await expectAbsent('shape:sneaky')
  })

  it('refuses a dot on a card that the same update deletes', async () => {
    const round = startRound(facilitator.doc, { id: 'round1', sections: ['shape:questions'], dots: 2, hidden: false }, Date.now())
    const card = cardRecord('shape:mine', 'shape:questions', 'soon gone')
    participant.sendUpdate(encodeUpdate({ blocks: [{ client: own, clock: 0, structs: [entryItem({ k: card.id, v: card, c: null }, lastEntryId(participant.mirror))] }], deletes: [] }))
    await waitFor(() => recordOf(facilitator.doc, card.id) !== undefined && currentRound(participant.mirror)?.id === round.id)
    const voterId = await voterIdOf(board, 'participant-key-0123456789')
    const dot: StructSpec = { kind: 'item', origin: null, rightOrigin: null, parent: { root: VOTES_MAP }, parentSub: voteKey({ roundId: round.id, voterId, slot: 0 }), content: { kind: 'any', values: [card.id] } }
    const update: UpdateSpec = { blocks: [{ client: own, clock: 1, structs: [dot] }], deletes: [{ client: own, clock: 0, length: 1 }] }
    expect(await refusalOf(update)).toBe('vote-card')
    await expectAbsent('shape:none')
    expect(recordOf(facilitator.doc, card.id)).toBeDefined()
    expect(votesMap(facilitator.doc).size).toBe(0)
  })

  it("refuses a struct resent in part under another map's key, which would leave the sender a copy no one else has", async () => {
    writeTimer(facilitator.doc, { phase: 'running', endsAt: Date.now() + 600_000, durationMs: 600_000 })
    await waitFor(() => readTimer(participant.mirror).phase === 'running', { message: 'the timer to reach the participant' })
    const timer = facilitator.doc.getMap(TIMER_MAP).toJSON()
    const first = newCard('shape:a')
    participant.sendUpdate(encodeUpdate({ blocks: [{ client: own, clock: 0, structs: [entryItem(first, lastEntryId(participant.mirror))] }], deletes: [] }))
    await waitFor(() => recordOf(facilitator.doc, 'shape:a') !== undefined, { message: 'the first card' })
    // Clocks 0 and 1, the first known, declared as the timer's phase. Yjs would integrate the tail
    // after the sender's clock 0 in the record log, as every other client receives it, while the
    // sender's own doc made it the timer's phase: refused, so that no copy differs.
    const resent: StructSpec = { kind: 'item', origin: null, rightOrigin: null, parent: { root: TIMER_MAP }, parentSub: 'phase', content: { kind: 'any', values: [first, newCard('shape:b')] } }
    expect(await refusalOf({ blocks: [{ client: own, clock: 0, structs: [resent] }], deletes: [] })).toBe('unsupported')
    await expectAbsent('shape:b')
    expect(recordOf(facilitator.doc, 'shape:a')).toBeDefined()
    expect(facilitator.doc.getMap(TIMER_MAP).toJSON()).toEqual(timer)
  })

  it('takes a struct resent in part where it was first declared as its trimmed tail, as every client receives it', async () => {
    const first = newCard('shape:a')
    const origin = lastEntryId(participant.mirror)
    participant.sendUpdate(encodeUpdate({ blocks: [{ client: own, clock: 0, structs: [entryItem(first, origin)] }], deletes: [] }))
    await waitFor(() => recordOf(facilitator.doc, 'shape:a') !== undefined, { message: 'the first card' })
    // Clocks 0 and 1, the first known, declared after the same item as clock 0 was: what Yjs makes
    // of items it merged, or of an update sent again.
    const resent: StructSpec = { kind: 'item', origin, rightOrigin: null, parent: null, parentSub: null, content: { kind: 'any', values: [first, newCard('shape:b')] } }
    participant.sendUpdate(encodeUpdate({ blocks: [{ client: own, clock: 0, structs: [resent] }], deletes: [] }))
    await waitFor(() => recordOf(facilitator.doc, 'shape:b') !== undefined, { message: 'the second card' })
    expect(participant.refusals).toEqual([])
    const joiner = await RawAttacker.connect(server.syncUrl, board.id, board.tokens.viewer, 'viewer-key-0123456789')
    expect(joiner.mirror.getArray(RECORDS_ARRAY).toJSON()).toEqual(facilitator.doc.getArray(RECORDS_ARRAY).toJSON())
    expect(joiner.mirror.getArray(RECORDS_ARRAY).toJSON()).toEqual(participant.mirror.getArray(RECORDS_ARRAY).toJSON())
    joiner.close()
  })
})
