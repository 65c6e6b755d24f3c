/**
 * Attendance recorded by the server from authenticated connections (server/features/attendance.ts),
 * against a real server, SQLite and real providers: a device announcing its profile in awareness
 * gets one entry with the role of its link, whatever it claims; tabs of one device are one entry;
 * nobody's client may write the participants map, and a crafted write changes nothing; boards from
 * before keep their entries; the minutes report what the server recorded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PROFILE_LIMITS, participantsMap, readParticipants, recordParticipant } from '../../shared/model/participant'
import type { Role } from '../../shared/model/roles'
import { startTestServer, type TestServer } from '../helpers/server'
import { changeStoredBoard } from '../helpers/stored-board'
import { waitFor } from '../helpers/wait'
import { api, connectAs, newBoard, nextRefusal, type Board, type RoleClient } from './roles-fixtures'
import { AWARENESS_FIELDS } from '../../shared/model/awareness'

let server: TestServer
let board: Board
const clients: RoleClient[] = []

beforeEach(async () => {
  server = await startTestServer()
  board = await newBoard(server)
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  await server.close()
})

const connect = async (role: Role, voterKey?: string) => {
  const client = await connectAs(board, role, voterKey)
  clients.push(client)
  return client
}

/** Announces a profile as our client does (plus whatever a crafted client adds to it). */
function announce(client: RoleClient, profile: Record<string, unknown>): void {
  client.provider.awareness.setLocalStateField(AWARENESS_FIELDS.profile, { userId: `user-${client.doc.clientID}`, whereabouts: 'remote', city: '', ...profile })
}

const attendance = (client: RoleClient) => readParticipants(client.doc).map(({ name, role, whereabouts, city }) => ({ name, role, whereabouts, city }))
const snapshotOf = (client: RoleClient) => JSON.stringify(participantsMap(client.doc).toJSON())

/** Waits until `client` sees exactly the attendance `expected` (in order of joining). */
async function attendanceIs(client: RoleClient, expected: ReturnType<typeof attendance>): Promise<void> {
  await waitFor(() => JSON.stringify(attendance(client)) === JSON.stringify(expected), {
    message: `attendance ${JSON.stringify(expected)}, has ${JSON.stringify(attendance(client))}`,
  })
}

describe('attendance recorded by the server', () => {
  it('records each device that announces a profile, with the role of its link, not the one it claims', async () => {
    const facilitator = await connect('facilitator', 'fran-key-0123456789abcdef')
    announce(facilitator, { name: 'Fran', whereabouts: 'onsite', city: 'Leipzig' })
    await attendanceIs(facilitator, [{ name: 'Fran', role: 'facilitator', whereabouts: 'onsite', city: 'Leipzig' }])

    const participant = await connect('participant', 'pia-key-0123456789abcdef')
    announce(participant, { name: 'Pia', role: 'facilitator', userId: 'the-facilitators-id', city: 'Halle' })
    const viewer = await connect('viewer', 'vic-key-0123456789abcdef')
    announce(viewer, { name: 'Vic', role: 'facilitator' })
    await attendanceIs(facilitator, [
      { name: 'Fran', role: 'facilitator', whereabouts: 'onsite', city: 'Leipzig' },
      { name: 'Pia', role: 'participant', whereabouts: 'remote', city: 'Halle' },
      { name: 'Vic', role: 'viewer', whereabouts: 'remote', city: '' },
    ])
    // Keyed by the server's id for the device, never by the id the client chose.
    expect([...participantsMap(facilitator.doc).keys()].every((key) => key.startsWith('attendee:'))).toBe(true)
    expect(participantsMap(facilitator.doc).has('the-facilitators-id')).toBe(false)
    expect(participant.refusals).toEqual([])
    expect(viewer.refusals).toEqual([])
  })

  it('keeps one entry per device: tabs count once, a changed profile updates it, the first join time and the strongest link stay', async () => {
    const key = 'ada-key-0123456789abcdef'
    const laptop = await connect('facilitator', key)
    announce(laptop, { name: 'Ada', city: 'Leipzig' })
    await attendanceIs(laptop, [{ name: 'Ada', role: 'facilitator', whereabouts: 'remote', city: 'Leipzig' }])
    const joinedAt = readParticipants(laptop.doc)[0]!.joinedAt

    // The same browser opens the participant's join page in a second tab, and moves on site.
    const tab = await connect('participant', key)
    announce(tab, { name: 'Ada L.', whereabouts: 'onsite', city: 'Leipzig' })
    await attendanceIs(laptop, [{ name: 'Ada L.', role: 'facilitator', whereabouts: 'onsite', city: 'Leipzig' }])
    expect(readParticipants(laptop.doc)[0]!.joinedAt).toBe(joinedAt)
    // A change right after the last one (the server reads a session's presence about once a
    // second) arrives too.
    announce(tab, { name: 'Ada Lovelace', whereabouts: 'onsite', city: 'Leipzig' })
    await attendanceIs(laptop, [{ name: 'Ada Lovelace', role: 'facilitator', whereabouts: 'onsite', city: 'Leipzig' }])

    // Another browser is another device.
    const other = await connect('participant', 'ben-key-0123456789abcdef')
    announce(other, { name: 'Ben' })
    await waitFor(() => readParticipants(laptop.doc).length === 2)
    expect(participantsMap(laptop.doc).size).toBe(2)
  })

  it('cleans and bounds what a profile says', async () => {
    const participant = await connect('participant', 'pia-key-0123456789abcdef')
    announce(participant, { name: `  Pia\u202E\u0000 ${'x'.repeat(500)}`, city: 'H'.repeat(500) })
    await waitFor(() => readParticipants(participant.doc).length === 1)
    const [entry] = readParticipants(participant.doc)
    expect(entry!.name.startsWith('Pia x')).toBe(true)
    expect([...entry!.name].length).toBeLessThanOrEqual(PROFILE_LIMITS.name)
    expect(entry!.city).toBe('H'.repeat(PROFILE_LIMITS.city))
    // Not a profile: nothing recorded.
    const other = await connect('participant', 'ben-key-0123456789abcdef')
    other.provider.awareness.setLocalStateField(AWARENESS_FIELDS.profile, { name: 'Ben', whereabouts: 'moon', city: '' })
    const check = await connect('participant', 'cem-key-0123456789abcdef')
    announce(check, { name: 'Cem' })
    await waitFor(() => readParticipants(participant.doc).length === 2)
    expect(readParticipants(participant.doc).map((person) => person.name)).not.toContain('Ben')
  })

  it('refuses every client’s write to the participants map, and a crafted one leaves the entries as they were', async () => {
    const facilitator = await connect('facilitator')
    announce(facilitator, { name: 'Fran', city: 'Leipzig' })
    const participant = await connect('participant')
    announce(participant, { name: 'Pia', city: 'Halle' })
    await waitFor(() => readParticipants(facilitator.doc).length === 2)
    const before = snapshotOf(facilitator)

    // A participant rewrites the facilitator's entry and adds twenty invented facilitators.
    const franKey = readParticipants(participant.doc).find((person) => person.name === 'Fran')!.userId
    const crafted = await connect('participant')
    const count = crafted.refusals.length
    crafted.doc.transact(() => {
      participantsMap(crafted.doc).set(franKey, { name: 'Not Fran', whereabouts: 'remote', city: 'Nowhere', role: 'viewer', joinedAt: 1 })
      for (let i = 0; i < 20; i++) {
        participantsMap(crafted.doc).set(`fake-${i}`, { name: `Boss ${i}`, whereabouts: 'onsite', city: 'X', role: 'facilitator', joinedAt: i })
      }
    })
    expect(await nextRefusal(crafted, count)).toMatch(/^server-only:/)

    // Nor may the facilitator's client write it, or a viewer's.
    for (const role of ['facilitator', 'viewer'] as const) {
      const sender = await connect(role)
      const refused = sender.refusals.length
      recordParticipant(sender.doc, `fake-${role}`, { name: 'Fake', whereabouts: 'onsite', city: '' }, 'facilitator')
      expect(await nextRefusal(sender, refused), role).toMatch(role === 'viewer' ? /^read-only:/ : /^server-only:/)
    }

    const check = await connect('facilitator')
    expect(snapshotOf(check)).toBe(before)
    expect(snapshotOf(facilitator)).toBe(before)
  })

  it('keeps the entries of a board from before, and records nothing once the meeting is closed', async () => {
    // An entry as clients wrote them before the server recorded attendance, written to storage.
    await changeStoredBoard(server.dataDir, board.id, (doc) =>
      recordParticipant(doc, 'legacy-user-id', { name: 'Olga', whereabouts: 'onsite', city: 'Gera' }, 'participant', 1),
    )
    const facilitator = await connect('facilitator')
    announce(facilitator, { name: 'Fran' })
    await attendanceIs(facilitator, [
      { name: 'Olga', role: 'participant', whereabouts: 'onsite', city: 'Gera' },
      { name: 'Fran', role: 'facilitator', whereabouts: 'remote', city: '' },
    ])

    expect((await api(board, 'facilitator', '/close', { method: 'POST' })).status).toBe(200)
    const late = await connect('viewer')
    announce(late, { name: 'Late' })
    // Presence still reaches the others; attendance stays as it was at closing.
    await waitFor(() => [...facilitator.provider.awareness.getStates().values()].some((state) => (state[AWARENESS_FIELDS.profile] as { name?: string } | undefined)?.name === 'Late'))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(attendance(facilitator).map((person) => person.name)).toEqual(['Olga', 'Fran'])
  })

  it('puts the recorded attendance in the minutes', async () => {
    const facilitator = await connect('facilitator')
    announce(facilitator, { name: 'Fran', whereabouts: 'onsite', city: 'Leipzig' })
    const participant = await connect('participant')
    announce(participant, { name: 'Pia', role: 'facilitator', city: 'Halle' })
    const viewer = await connect('viewer')
    announce(viewer, { name: 'Vic', city: 'Halle' })
    await waitFor(() => readParticipants(facilitator.doc).length === 3)

    const minutes = (await (await api(board, 'facilitator', '/minutes.json')).json()) as {
      participants: { total: number; onsite: number; groups: { role: string; city: string; count: number; names: string[] }[] }
    }
    expect(minutes.participants.total).toBe(3)
    expect(minutes.participants.onsite).toBe(1)
    expect(minutes.participants.groups.map(({ role, city, names }) => [role, city, names])).toEqual([
      ['facilitator', 'Leipzig', ['Fran']],
      ['participant', 'Halle', ['Pia']],
      ['viewer', 'Halle', ['Vic']],
    ])
  })
})
