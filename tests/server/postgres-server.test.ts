/**
 * A real server on PostgreSQL (`DATABASE_URL`), serving real WebsocketProvider clients: what they
 * write, upload, snapshot and close is all in the database, so a server started afterwards on
 * an empty data directory (another machine) serves the board intact, and a server killed with
 * kill -9 has lost nothing any client saw. Each test in a fresh schema, dropped afterwards;
 * without PostgreSQL: see tests/helpers/postgres.ts.
 */
import { readdir } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { dropSchema, freshSchema, postgresUnavailable, TEST_DATABASE_URL } from '../helpers/postgres'
import { makeTempDir, removeDir, spawnServer, startTestServer, type ServerProcess, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { connectSynced, insertText, recordTextOf, type SyncClient } from './clients'
import { missingFrom, seenUntilKilled } from './kill-mid-stream'
import { api, connectAs, newBoard } from './roles-fixtures'

const withoutPostgres = await postgresUnavailable()
if (withoutPostgres !== null) console.warn(`PostgreSQL server tests skipped: ${withoutPostgres}`)

/** The smallest GIF there is (1 x 1), which the server stores as sent. */
const GIF = Buffer.from('47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b', 'hex')

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function database(): Promise<{ databaseUrl: string; databaseSchema: string }> {
  const schema = freshSchema()
  cleanups.push(() => dropSchema(schema))
  return { databaseUrl: TEST_DATABASE_URL, databaseSchema: schema }
}

async function emptyDir(): Promise<string> {
  const dir = await makeTempDir()
  cleanups.push(() => removeDir(dir))
  return dir
}

async function serverOn(db: { databaseUrl: string; databaseSchema: string }): Promise<TestServer> {
  const server = await startTestServer({ ...db, dataDir: await emptyDir() })
  cleanups.push(() => server.close())
  return server
}

function track<T extends SyncClient>(client: T): T {
  cleanups.push(() => client.destroy())
  return client
}

describe.skipIf(withoutPostgres !== null)('a server on PostgreSQL', () => {
  it('serves real clients, and a second server on an empty data directory finds everything', async () => {
    const db = await database()
    const first = await serverOn(db)
    const board = await newBoard(first)
    const facilitator = track(await connectAs(board, 'facilitator'))
    const participant = track(await connectAs(board, 'participant'))
    insertText(participant, 'from the participant')
    await waitFor(() => recordTextOf(facilitator) === 'from the participant')
    insertText(facilitator, 'the facilitator, then ')
    await waitFor(() => recordTextOf(participant) === 'the facilitator, then from the participant')
    const upload = await api(board, 'participant', '/assets', { method: 'POST', body: GIF, headers: { 'Content-Type': 'image/gif' } })
    expect(upload.status).toBe(201)
    const { url: assetUrl } = (await upload.json()) as { url: string }
    const snapshot = await api(board, 'facilitator', '/snapshots', {
      method: 'POST',
      body: JSON.stringify({ name: 'Before the vote', author: 'Fran' }),
      headers: { 'Content-Type': 'application/json' },
    })
    expect(snapshot.status).toBe(201)
    expect((await api(board, 'facilitator', '/close', { method: 'POST' })).status).toBe(200)
    const text = recordTextOf(facilitator)
    facilitator.destroy()
    participant.destroy()
    await first.close()
    // Nothing of the board was written to the first server's disk.
    expect(await readdir(first.dataDir)).toEqual([])

    const second = await serverOn(db)
    const moved = { ...board, server: second }
    const back = track(await connectAs(moved, 'viewer'))
    expect(recordTextOf(back)).toBe(text)
    const asset = await fetch(`${second.url}${new URL(assetUrl, second.url).pathname}`)
    expect(asset.status).toBe(200)
    expect(Buffer.from(await asset.arrayBuffer())).toEqual(GIF)
    const snapshots = (await (await api(moved, 'facilitator', '/snapshots')).json()) as { snapshots: { name: string }[] }
    expect(snapshots.snapshots.map((info) => info.name)).toEqual(['Before the vote'])
    const archive = (await (await api(moved, 'facilitator', '/archive')).json()) as { archived: boolean; closures: unknown[] }
    expect(archive).toMatchObject({ archived: true, closures: [expect.anything()] })
    const minutes = await api(moved, 'facilitator', '/minutes.md')
    expect(await minutes.text()).toContain('Before the vote')
    // A closed meeting stays read-only on the new server too.
    const late = track(await connectAs(moved, 'participant'))
    insertText(late, 'too late ')
    await waitFor(() => late.refusals.length > 0)
    expect(late.refusals[0]).toMatch(/^archived/)
  })

  it('kill -9 at any moment loses nothing another client has seen, nor what a client joining meanwhile was sent', async () => {
    const db = await database()
    const env = { DATABASE_URL: db.databaseUrl, DATABASE_SCHEMA: db.databaseSchema }
    const spawn = async (): Promise<ServerProcess> => {
      const child = await spawnServer({ dataDir: await emptyDir(), env })
      cleanups.push(async () => {
        if (child.child.exitCode === null && child.child.signalCode === null) await child.kill('SIGKILL')
      })
      return child
    }
    const first = await spawn()
    const created = await fetch(`${first.url}/api/boards`, { method: 'POST' })
    const { id: boardId, tokens } = (await created.json()) as { id: string; tokens: { facilitator: string } }
    const params = { k: tokens.facilitator }
    const writer = track(await connectSynced(first.syncUrl, boardId, params))
    const witness = track(await connectSynced(first.syncUrl, boardId, params))
    // A client joining mid-stream gets the board in its sync answer, which must hold nothing unstored either.
    let late: SyncClient | null = null
    const seen = await seenUntilKilled(writer, witness, 300, async () => {
      late = track(await connectSynced(first.syncUrl, boardId, params))
      await first.kill('SIGKILL')
    })
    expect(seen.length).toBeGreaterThanOrEqual(300)
    const lateSaw = late!.doc.getArray<number>('list').toArray()
    expect(lateSaw.length).toBeGreaterThanOrEqual(300)

    const second = await spawn()
    const fresh = track(await connectSynced(second.syncUrl, boardId, params))
    expect(missingFrom(fresh, seen)).toEqual([])
    expect(missingFrom(fresh, lateSaw)).toEqual([])
    await second.kill('SIGTERM')
  })
})
