/**
 * Dot voting against a real server and real providers: dots are counted per device (voter key);
 * the limit holds when one device clicks in several tabs at once and when several devices vote at
 * the same time; the server refuses dots beyond the limit, in another device's name (whatever the
 * sender's role), in a second spelling of a slot, on cards outside the round and after the reveal;
 * the revealed counts reach the minutes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { countVoters, countVotes, dotsOf, placeDot, readRound, revealRound, startRound, takeDot, voteKey, votesMap } from '../../shared/model/voting'
import { startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { api, connectAs, newBoard, nextRefusal, voterIdOf, writeQuestionMap, type Board, type RoleClient } from './roles-fixtures'

const ROUND = 'round-1'
const DOTS = 2

let server: TestServer
let board: Board
let facilitator: RoleClient
const clients: RoleClient[] = []

const connect = async (voterKey?: string) => {
  const client = await connectAs(board, 'participant', voterKey)
  clients.push(client)
  return client
}

/** A voter key per person; `voterIdOf` asks the server what it makes of it. */
const KEYS = { ada: 'ada-key-0123456789abcdef', ben: 'ben-key-0123456789abcdef', cem: 'cem-key-0123456789abcdef' }

beforeEach(async () => {
  server = await startTestServer()
  board = await newBoard(server)
  facilitator = await connectAs(board, 'facilitator')
  clients.push(facilitator)
  const reader = await connect()
  await writeQuestionMap(facilitator, reader)
  startRound(facilitator.doc, { id: ROUND, sections: ['shape:questions'], dots: DOTS, hidden: true }, Date.now())
  await waitFor(() => readRound(reader.doc, ROUND)?.state === 'open')
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  await server.close()
})

/** Waits until every client holds the same votes as the facilitator and returns them. */
async function settled(all: RoleClient[]): Promise<Map<string, number>> {
  const snapshot = (client: RoleClient) => JSON.stringify([...votesMap(client.doc).entries()].sort())
  await waitFor(() => all.every((client) => snapshot(client) === snapshot(facilitator)), { message: 'every client to hold the same votes' })
  return countVotes(facilitator.doc, ROUND)
}

describe('dot voting', () => {
  it('keeps one device within the limit when its tabs click at the same moment', async () => {
    const ada = await voterIdOf(board, KEYS.ada)
    const [laptop, phone] = [await connect(KEYS.ada), await connect(KEYS.ada)]
    const round = readRound(laptop.doc, ROUND)!
    // Both tabs see all dots free and click in the same instant, picking the same free slots.
    const first = () => 0
    expect(placeDot(laptop.doc, round, ada, 'shape:q1', first)).toBe(true)
    expect(placeDot(laptop.doc, round, ada, 'shape:q2', first)).toBe(true)
    expect(placeDot(laptop.doc, round, ada, 'shape:q2', first)).toBe(false) // none left on this device
    expect(placeDot(phone.doc, round, ada, 'shape:q2', first)).toBe(true)
    expect(placeDot(phone.doc, round, ada, 'shape:q1', first)).toBe(true)

    await settled([laptop, phone])
    expect(dotsOf(facilitator.doc, ROUND, ada).size).toBe(DOTS)
    expect(dotsOf(laptop.doc, ROUND, ada)).toEqual(dotsOf(phone.doc, ROUND, ada))
    expect(laptop.refusals).toEqual([])
    expect(phone.refusals).toEqual([])
  })

  it('lets several people vote at once, each within their own limit', async () => {
    const people = await Promise.all(
      Object.values(KEYS).map(async (key) => ({ id: await voterIdOf(board, key), devices: [await connect(key), await connect(key)] })),
    )
    const round = readRound(facilitator.doc, ROUND)!
    // Every device clicks three times before anything has travelled: six clicks per person.
    for (const person of people) {
      for (const device of person.devices) {
        for (const card of ['shape:q1', 'shape:q2', 'shape:q1']) placeDot(device.doc, round, person.id, card)
      }
    }
    const counts = await settled(people.flatMap((person) => person.devices))
    for (const person of people) expect(dotsOf(facilitator.doc, ROUND, person.id).size).toBeLessThanOrEqual(DOTS)
    const total = [...counts.values()].reduce((sum, n) => sum + n, 0)
    expect(total).toBe(people.reduce((sum, person) => sum + dotsOf(facilitator.doc, ROUND, person.id).size, 0))
    expect(total).toBeGreaterThanOrEqual(people.length)
    expect(total).toBeLessThanOrEqual(people.length * DOTS)
  })

  it('refuses a dot beyond the limit, in someone else’s name, on a card outside the round, or without a voter key', async () => {
    const ada = await voterIdOf(board, KEYS.ada)
    const ben = await voterIdOf(board, KEYS.ben)
    const refusedWith = async (voterKey: string | undefined, key: string, cardId: string) => {
      const client = await connect(voterKey)
      const before = client.refusals.length
      votesMap(client.doc).set(key, cardId)
      return nextRefusal(client, before)
    }
    expect(await refusedWith(KEYS.ada, voteKey({ roundId: ROUND, voterId: ada, slot: DOTS }), 'shape:q1')).toMatch(/^vote-limit:/)
    expect(await refusedWith(KEYS.ada, voteKey({ roundId: ROUND, voterId: ben, slot: 0 }), 'shape:q1')).toMatch(/^vote-not-yours:/)
    expect(await refusedWith(KEYS.ada, voteKey({ roundId: ROUND, voterId: ada, slot: 0 }), 'shape:i1')).toMatch(/^vote-card:/)
    expect(await refusedWith(KEYS.ada, voteKey({ roundId: 'no-such-round', voterId: ada, slot: 0 }), 'shape:q1')).toMatch(/^vote-closed:/)
    expect(await refusedWith(undefined, voteKey({ roundId: ROUND, voterId: ada, slot: 0 }), 'shape:q1')).toMatch(/^vote-not-yours:/)
    expect(countVotes(facilitator.doc, ROUND).size).toBe(0)
  })

  it('counts per device: five voter keys are five dots in a one-dot round, and not one more', async () => {
    const oneDot = 'round-one-dot'
    startRound(facilitator.doc, { id: oneDot, sections: ['shape:questions'], dots: 1, hidden: false }, Date.now())
    const keys = [0, 1, 2, 3, 4].map((i) => `holder-key-${i}-0123456789abcdef`)
    const devices = await Promise.all(keys.map(async (key) => ({ id: await voterIdOf(board, key), client: await connect(key) })))
    await waitFor(() => devices.every(({ client }) => readRound(client.doc, oneDot)?.state === 'open'))
    for (const { id, client } of devices) expect(placeDot(client.doc, readRound(client.doc, oneDot)!, id, 'shape:q1')).toBe(true)
    await waitFor(() => countVotes(facilitator.doc, oneDot).get('shape:q1') === 5)

    // The sixth dot, every way a crafted client might try: a second spelling of its slot, the next
    // slot, another device's slot (also from the facilitator's link), a device without a key. Each
    // from a fresh connection of that device (a refused update stays in its sender's copy).
    const [first, second] = devices
    const attempts: [() => Promise<RoleClient>, string, RegExp][] = [
      [() => connect(keys[0]), `${oneDot}/${first!.id}/00`, /^malformed:/],
      [() => connect(keys[0]), voteKey({ roundId: oneDot, voterId: first!.id, slot: 1 }), /^vote-limit:/],
      [() => connect(keys[0]), voteKey({ roundId: oneDot, voterId: 'someone-else', slot: 0 }), /^vote-not-yours:/],
      [() => connect(keys[1]), voteKey({ roundId: oneDot, voterId: first!.id, slot: 0 }), /^vote-not-yours:/],
      [() => connectAs(board, 'facilitator', keys[0]), voteKey({ roundId: oneDot, voterId: second!.id, slot: 0 }), /^vote-not-yours:/],
      [() => connect(), voteKey({ roundId: oneDot, voterId: first!.id, slot: 0 }), /^vote-not-yours:/],
    ]
    for (const [device, key, refusal] of attempts) {
      const client = await device()
      clients.push(client)
      const before = client.refusals.length
      votesMap(client.doc).set(key, 'shape:q2')
      expect(await nextRefusal(client, before), key).toMatch(refusal)
    }
    const check = await connect()
    expect(Object.fromEntries(countVotes(check.doc, oneDot))).toEqual({ 'shape:q1': 5 })
    expect(countVoters(check.doc, oneDot)).toBe(5)
  })

  it('makes a revealed round read-only and puts its counts in the minutes, ranked', async () => {
    const [ada, ben] = [await voterIdOf(board, KEYS.ada), await voterIdOf(board, KEYS.ben)]
    const [adaDevice, benDevice] = [await connect(KEYS.ada), await connect(KEYS.ben)]
    const round = readRound(adaDevice.doc, ROUND)!
    placeDot(adaDevice.doc, round, ada, 'shape:q2')
    placeDot(adaDevice.doc, round, ada, 'shape:q2')
    placeDot(benDevice.doc, round, ben, 'shape:q2')
    placeDot(benDevice.doc, round, ben, 'shape:q1')
    expect(Object.fromEntries(await settled([adaDevice, benDevice]))).toEqual({ 'shape:q2': 3, 'shape:q1': 1 })

    revealRound(facilitator.doc, ROUND, Date.now())
    await waitFor(() => readRound(adaDevice.doc, ROUND)?.state === 'revealed' && readRound(benDevice.doc, ROUND)?.state === 'revealed')
    // A dot taken back or added after the reveal is refused (written directly: the client's own
    // placeDot/takeDot already refuse to on a closed round).
    const before = adaDevice.refusals.length
    votesMap(adaDevice.doc).delete([...votesMap(adaDevice.doc).keys()].find((key) => key.includes(ada))!)
    expect(await nextRefusal(adaDevice, before)).toMatch(/^vote-closed:/)
    expect(takeDot(benDevice.doc, readRound(benDevice.doc, ROUND)!, ben, 'shape:q1')).toBe(false)

    const minutes = (await (await api(board, 'facilitator', '/minutes.json')).json()) as {
      votesRevealedAt: string | null
      sections: { kind: string; ranked: boolean; cards: { id: string; votes: number | null }[] }[]
    }
    expect(minutes.votesRevealedAt).not.toBeNull()
    const questions = minutes.sections.find((section) => section.kind === 'questions')!
    expect(questions.ranked).toBe(true)
    expect(questions.cards.map((card) => [card.id, card.votes])).toEqual([
      ['shape:q2', 3],
      ['shape:q1', 1],
    ])
    expect(minutes.sections.find((section) => section.kind === 'ideas')!.ranked).toBe(false)
  })
})
