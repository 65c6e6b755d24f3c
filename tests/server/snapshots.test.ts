/**
 * Named snapshots over the real API: save, list, preview and restore, with real providers watching
 * the board. A restore is a change like any other (every client converges on the snapshot), keeps
 * the state before it as a snapshot, and can itself be undone by restoring that one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readRecords } from '../../shared/model/record-log'
import { readSnapshotIndex } from '../../shared/model/snapshots'
import { startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import {
  api,
  cardRecord,
  connectAs,
  newBoard,
  putRecords,
  recordOf,
  removeRecords,
  writeQuestionMap,
  type Board,
  type RoleClient,
} from './roles-fixtures'

interface SnapshotView {
  id: string
  name: string
  at: string
  author: string
  beforeRestoreOf: string | null
  preview: string
}

let server: TestServer
let board: Board
let facilitator: RoleClient
let participant: RoleClient
const clients: RoleClient[] = []

beforeEach(async () => {
  server = await startTestServer()
  board = await newBoard(server)
  facilitator = await connectAs(board, 'facilitator')
  participant = await connectAs(board, 'participant')
  clients.push(facilitator, participant)
  await writeQuestionMap(facilitator, participant)
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  await server.close()
})

const json = { 'Content-Type': 'application/json' }

async function save(name: string): Promise<SnapshotView> {
  const response = await api(board, 'facilitator', '/snapshots', { method: 'POST', headers: json, body: JSON.stringify({ name, author: 'Anna' }) })
  expect(response.status).toBe(201)
  return (await response.json()) as SnapshotView
}

async function list(): Promise<SnapshotView[]> {
  return ((await (await api(board, 'facilitator', '/snapshots')).json()) as { snapshots: SnapshotView[] }).snapshots
}

async function restore(id: string) {
  const response = await api(board, 'facilitator', `/snapshots/${id}/restore`, { method: 'POST', headers: json, body: JSON.stringify({ author: 'Anna' }) })
  expect(response.status).toBe(200)
  return (await response.json()) as { restored: SnapshotView; before: SnapshotView }
}

const recordsJson = (client: RoleClient) => JSON.stringify([...readRecords(client.doc)].sort(([a], [b]) => a.localeCompare(b)))

describe('named snapshots', () => {
  it('saves with name, time and author, lists them and shows them in the board', async () => {
    const saved = await save('  after the   question round ')
    expect(saved).toMatchObject({ name: 'after the question round', author: 'Anna', beforeRestoreOf: null })
    expect(Date.parse(saved.at)).toBeGreaterThan(0)
    expect(await list()).toEqual([saved])
    // Every client's doc lists it (the facilitator's panel and the minutes read it there).
    await waitFor(() => readSnapshotIndex(participant.doc).some((info) => info.id === saved.id))

    const preview = await fetch(`${server.url}${saved.preview}`, { headers: { Authorization: `Bearer ${board.tokens.facilitator}` } })
    expect(preview.status).toBe(200)
    expect(preview.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8')
    const svg = await preview.text()
    expect(svg).toMatch(/^<svg /)
    expect(svg).toContain('Who maintains the benches?')

    expect((await api(board, 'facilitator', '/snapshots', { method: 'POST', headers: json, body: JSON.stringify({ name: '   ' }) })).status).toBe(400)
    expect((await api(board, 'facilitator', '/snapshots/AAAAAAAAAAAAAAAA/restore', { method: 'POST' })).status).toBe(404)
    expect((await api(board, 'participant', `/snapshots/${saved.id}/preview.svg`)).status).toBe(403)
    expect((await api(board, 'participant', `/snapshots/${saved.id}/restore`, { method: 'POST' })).status).toBe(403)

    const minutes = await (await api(board, 'facilitator', '/minutes.md')).text()
    expect(minutes).toContain('after the question round')
  })

  it('restores for everyone through ordinary changes, keeping the state before as a snapshot', async () => {
    const saved = await save('after the question round')
    const atSave = recordsJson(facilitator)

    // The meeting goes on: a card is added, one removed, one moved.
    putRecords(participant.doc, [cardRecord('shape:q3', 'shape:questions', 'A later question', 520)])
    removeRecords(facilitator.doc, ['shape:i2'])
    const q1 = { ...recordOf(participant.doc, 'shape:q1')!, id: 'shape:q1', x: 400 }
    putRecords(participant.doc, [q1])
    await waitFor(() => recordsJson(facilitator) === recordsJson(participant) && recordOf(facilitator.doc, 'shape:q3') !== undefined)
    const beforeRestore = recordsJson(facilitator)
    expect(beforeRestore).not.toBe(atSave)

    const { restored, before } = await restore(saved.id)
    expect(restored.id).toBe(saved.id)
    expect(before.beforeRestoreOf).toBe(saved.id)
    await waitFor(() => recordsJson(participant) === atSave && recordsJson(facilitator) === atSave, {
      message: 'every client to show the snapshot',
    })
    // Someone connecting now gets the restored board too.
    const late = await connectAs(board, 'viewer')
    clients.push(late)
    expect(recordsJson(late)).toBe(atSave)
    expect((await list()).map((snapshot) => snapshot.id)).toEqual([saved.id, before.id])

    // Nothing is lost: restoring the automatic snapshot brings back the state before the restore.
    await restore(before.id)
    await waitFor(() => recordsJson(participant) === beforeRestore)
    expect(await list()).toHaveLength(3)
    expect(participant.refusals).toEqual([])
  })

  it('restores a board nobody has open', async () => {
    const saved = await save('empty-handed')
    removeRecords(facilitator.doc, ['shape:q1', 'shape:q2'])
    await waitFor(() => recordOf(participant.doc, 'shape:q1') === undefined)
    for (const client of clients.splice(0)) client.destroy()
    await waitFor(() => server.server.stats().rooms === 0)

    await restore(saved.id)
    const back = await connectAs(board, 'participant')
    clients.push(back)
    expect(recordOf(back.doc, 'shape:q1')).toBeDefined()
    expect(recordOf(back.doc, 'shape:q2')).toBeDefined()
  })
})
