/**
 * The board's stored tldraw schema is kept at the bundled version by the server
 * (server/features/schema-upkeep.ts): a vandalised schema is repaired when the room loads again
 * and by restoring a snapshot, and a board stored under an older schema is migrated when its room
 * loads. Real server, SQLite and providers; the vandalism is written with a facilitator's
 * provider, as a hand-made client would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { boardMap, writeBoardSchema } from '../../shared/model/board-meta'
import { BUNDLED_BOARD_SCHEMA } from '../../shared/model/tldraw-schema'
import { changeStoredBoard } from '../helpers/stored-board'
import { startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { api, connectAs, newBoard, PAGE_ID, putRecords, recordOf, writeQuestionMap, type Board, type RoleClient } from './roles-fixtures'

const GEO = 'com.tldraw.shape.geo'
const newerSchema = {
  ...BUNDLED_BOARD_SCHEMA,
  sequences: { ...BUNDLED_BOARD_SCHEMA.sequences, [GEO]: BUNDLED_BOARD_SCHEMA.sequences[GEO]! + 1, 'com.tldraw.shape.hologram': 3 },
}

let server: TestServer
let board: Board
const clients: RoleClient[] = []

async function connect(role: 'facilitator' | 'participant'): Promise<RoleClient> {
  const client = await connectAs(board, role)
  clients.push(client)
  return client
}

/** Everyone leaves and the room unloads, so the next connection loads the board from storage. */
async function unloadRoom(): Promise<void> {
  for (const client of clients.splice(0)) client.destroy()
  await waitFor(() => server.server.stats().rooms === 0, { message: 'the room to unload' })
}

/** Writes `newerSchema` into the stored board directly, as data from before the policy could hold it. */
function vandaliseStored(): Promise<void> {
  return changeStoredBoard(server.dataDir, board.id, (doc) => writeBoardSchema(doc, newerSchema))
}

const schemaOf = (client: RoleClient) => JSON.parse(JSON.stringify(boardMap(client.doc).get('schema') ?? null)) as unknown

beforeEach(async () => {
  server = await startTestServer()
  board = await newBoard(server)
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  await server.close()
})

describe('the board schema on the server', () => {
  it('gives a new board the bundled schema before anyone writes', async () => {
    const participant = await connect('participant')
    expect(schemaOf(participant)).toEqual(BUNDLED_BOARD_SCHEMA)
  })

  it('repairs a vandalised schema when the room loads again, keeping the records', async () => {
    const facilitator = await connect('facilitator')
    const participant = await connect('participant')
    await writeQuestionMap(facilitator, participant)
    await unloadRoom()
    // Nobody can write such a schema through the server any more (see below); a board stored
    // before the policy refused it, or restored from an old backup, can still hold one.
    await vandaliseStored()

    const back = await connect('participant')
    expect(schemaOf(back)).toEqual(BUNDLED_BOARD_SCHEMA)
    expect(recordOf(back.doc, 'shape:q1')).toMatchObject({ props: { text: 'Who maintains the benches?' } })
    expect(server.logs.some((line) => line.includes('board.schema_repaired'))).toBe(true)
  })

  it('refuses a schema nobody knows even from the facilitator, and restore keeps the bundled one', async () => {
    const facilitator = await connect('facilitator')
    const participant = await connect('participant')
    await writeQuestionMap(facilitator, participant)
    const json = { 'Content-Type': 'application/json' }
    const saved = await api(board, 'facilitator', '/snapshots', { method: 'POST', headers: json, body: JSON.stringify({ name: 'good' }) })
    const { id } = (await saved.json()) as { id: string }
    writeBoardSchema(facilitator.doc, newerSchema)
    await waitFor(() => facilitator.refusals.some((reason) => reason.startsWith('schema:')), { message: 'the refusal' })
    const restored = await api(board, 'facilitator', `/snapshots/${id}/restore`, { method: 'POST', headers: json, body: '{}' })
    expect(restored.status).toBe(200)
    expect(schemaOf(participant)).toEqual(BUNDLED_BOARD_SCHEMA)
    expect(recordOf(participant.doc, 'shape:i2')).toBeDefined()
  })

  it('migrates a board stored under an older schema when its room loads', async () => {
    const facilitator = await connect('facilitator')
    // A geo shape as tldraw wrote it at geo version 9, before `text` became `richText` (10).
    const oldGeo = {
      id: 'shape:old',
      typeName: 'shape',
      type: 'geo',
      x: 40,
      y: 50,
      rotation: 0,
      index: 'a1',
      parentId: PAGE_ID,
      isLocked: false,
      opacity: 1,
      meta: {},
      props: {
        geo: 'rectangle', w: 100, h: 80, text: 'From an older board', color: 'blue', labelColor: 'black', fill: 'none',
        dash: 'draw', size: 'm', font: 'draw', align: 'middle', verticalAlign: 'middle', growY: 0, url: '', scale: 1,
      },
    }
    const older = { ...BUNDLED_BOARD_SCHEMA, sequences: { ...BUNDLED_BOARD_SCHEMA.sequences, [GEO]: 9 } }
    facilitator.doc.transact(() => {
      putRecords(facilitator.doc, [{ id: PAGE_ID, typeName: 'page', name: 'Page 1', index: 'a1', meta: {} } as { id: string }, oldGeo])
      writeBoardSchema(facilitator.doc, older)
    })
    const watcher = await connect('participant')
    await waitFor(() => recordOf(watcher.doc, 'shape:old') !== undefined, { message: 'the old shape to arrive' })
    await unloadRoom()

    const back = await connect('participant')
    expect(schemaOf(back)).toEqual(BUNDLED_BOARD_SCHEMA)
    const migrated = recordOf(back.doc, 'shape:old') as { x: number; props: Record<string, unknown> }
    expect(migrated.x).toBe(40)
    expect(migrated.props).not.toHaveProperty('text')
    expect(migrated.props).toMatchObject({ color: 'blue', flipX: false, flipY: false })
    expect(JSON.stringify(migrated.props.richText)).toContain('From an older board')
    // Migrated once, on the server: loading again writes nothing more.
    const before = Y.encodeStateVector(back.doc)
    await unloadRoom()
    const again = await connect('participant')
    expect(Y.encodeStateVector(again.doc)).toEqual(before)
  })
})
