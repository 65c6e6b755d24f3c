/**
 * "Remove names" (POST /api/boards/:id/remove-names) against a real server and SQLite, with the
 * people still connected: afterwards no name is left in the document (as clients see it and as
 * storage holds it, update blobs included), in the minutes, the named snapshots or the archive of
 * an earlier closing; cities stay, and the attendance does not take the names back.
 */
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readCardProps } from '../../shared/model/card'
import { readParticipants } from '../../shared/model/participant'
import { readRecords } from '../../shared/model/record-log'
import { readSnapshotIndex } from '../../shared/model/snapshots'
import { AWARENESS_FIELDS } from '../../shared/model/awareness'
import { startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { CITIES, closeMeeting, filesMentioning, fillBoard, PERSONAL_NAMES, rowsMentioning } from './lifecycle-fixtures'
import { api, newBoard } from './roles-fixtures'

let server: TestServer

beforeEach(async () => {
  server = await startTestServer()
})

afterEach(async () => {
  await server.close()
})

const NAMES = Object.values(PERSONAL_NAMES)
const MINUTES = ['md', 'html', 'csv', 'json'].map((format) => `/minutes.${format}`)

/** Where each name still is: database rows, files of the data directory. */
const namesLeft = (dataDir: string) =>
  NAMES.flatMap((name) => [...rowsMentioning(dataDir, name), ...filesMentioning(dataDir, name)].map((where) => `${name} in ${where}`))

describe('removing names', () => {
  it('leaves no name in the document, the minutes, the named snapshots or the archive, and keeps the cities', async () => {
    const board = await newBoard(server)
    const { facilitator, participant } = await fillBoard(board)
    // An earlier closing whose archived copy and minutes hold the names; open again since.
    await closeMeeting(board)
    expect((await api(board, 'facilitator', '/reopen', { method: 'POST' })).status).toBe(200)
    // The checks below find names where there are some.
    expect(namesLeft(server.dataDir).join('\n')).toMatch(/archive.*snapshot\.yjs/)
    expect(namesLeft(server.dataDir).join('\n')).toMatch(/snapshots.*\.json/)
    expect(namesLeft(server.dataDir).join('\n')).toMatch(/updates|snapshots:/)

    const removed = await api(board, 'participant', '/remove-names', { method: 'POST' })
    expect(removed.status).toBe(403)
    const response = await api(board, 'facilitator', '/remove-names', { method: 'POST' })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ cards: 2, attendees: 1, snapshotAuthors: 1, namedSnapshots: 1, closings: 1 })

    // Everyone connected sees it.
    for (const client of [facilitator, participant]) {
      await waitFor(() => [...readRecords(client.doc).values()].every((record) => !JSON.stringify(record).includes('Ada')))
      const cards = [...readRecords<{ id: string; props: Record<string, unknown> }>(client.doc).values()].map((card) => readCardProps(card.props))
      expect(cards.map(({ authorName, authorCity, owner, ownerCity }) => ({ authorName, authorCity, owner, ownerCity }))).toEqual(
        expect.arrayContaining([
          { authorName: '', authorCity: CITIES.author, owner: '', ownerCity: '' },
          { authorName: '', authorCity: CITIES.author, owner: '', ownerCity: CITIES.owner },
        ]),
      )
      await waitFor(() => readParticipants(client.doc).every((entry) => entry.name === '' && entry.city === CITIES.attendee))
      await waitFor(() => readSnapshotIndex(client.doc).every((info) => info.author === ''))
    }
    // The participant's profile still has the name: the attendance does not take it back.
    participant.provider.awareness.setLocalStateField(AWARENESS_FIELDS.profile, {
      userId: `user-${participant.doc.clientID}`,
      name: PERSONAL_NAMES.attendee,
      whereabouts: 'remote',
      city: CITIES.attendee,
    })
    await waitFor(() => readParticipants(facilitator.doc)[0]?.whereabouts === 'remote', { message: 'the new whereabouts recorded' })
    expect(readParticipants(facilitator.doc)[0]?.name).toBe('')

    for (const minutes of MINUTES) {
      const text = await (await api(board, 'facilitator', minutes)).text()
      for (const name of NAMES) expect(text, minutes).not.toContain(name)
      expect(text, minutes).toContain(CITIES.author)
    }
    expect(namesLeft(server.dataDir)).toEqual([])
    // The archive's minutes were made anew, with the cities.
    expect(filesMentioning(path.join(server.dataDir, 'archive'), CITIES.owner).some((file) => file.endsWith('minutes-en.md'))).toBe(true)

    facilitator.destroy()
    participant.destroy()
    // And once the room has stored its document a last time.
    await waitFor(() => server.server.stats().rooms === 0)
    expect(namesLeft(server.dataDir)).toEqual([])
  })

  it('works on a board no room has loaded, and on a closed meeting', async () => {
    const board = await newBoard(server)
    const { facilitator, participant } = await fillBoard(board)
    await closeMeeting(board)
    facilitator.destroy()
    participant.destroy()
    await waitFor(() => server.server.stats().rooms === 0)

    const response = await api(board, 'facilitator', '/remove-names', { method: 'POST' })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ cards: 2, attendees: 1, closings: 1 })
    expect(namesLeft(server.dataDir)).toEqual([])
    expect((await api(board, 'facilitator', '/archive').then((r) => r.json())) as { archived: boolean }).toMatchObject({ archived: true })
  })
})
