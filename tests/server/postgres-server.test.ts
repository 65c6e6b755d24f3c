/**
 * A real server on PostgreSQL (`DATABASE_URL`), serving real WebsocketProvider clients: what they
 * write, upload, snapshot and close is all in the database, so a server started afterwards on
 * an empty data directory (another machine) serves the board intact, and a server killed with
 * kill -9 has lost nothing any client saw. Meeting series (with their commitments and search) and
 * the facilitators' accounts and sessions are in the database too. Each test in a fresh schema, dropped afterwards;
 * without PostgreSQL: see tests/helpers/postgres.ts.
 */
import { readdir } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { dropSchema, freshSchema, postgresUnavailable, TEST_DATABASE_URL } from '../helpers/postgres'
import type { CommitmentView, SearchResultView, SeriesView } from '../../shared/series/series-view'
import { oidcSettingsOf, signInOverHttp, startIdentityProvider } from '../helpers/identity-provider'
import { freePort, makeTempDir, removeDir, spawnServer, startTestServer, type ServerProcess, type TestServer, type TestServerOptions } from '../helpers/server'
import { addMeeting, call, createSeries, meetingOne, runExport } from '../series/series-fixtures'
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

async function serverOn(db: { databaseUrl: string; databaseSchema: string } & TestServerOptions): Promise<TestServer> {
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

  it('keeps meeting series in the database: a second server on an empty data directory serves the series, its commitments and its search', async () => {
    const db = await database()
    const first = await serverOn(db)
    const series = await createSeries(first)
    const board = await meetingOne(first)
    expect((await addMeeting(first, series, board)).status).toBe(201)
    const commitments = (await (await call(first, series.tokens.manage, `/api/series/${series.id}/commitments`)).json()) as CommitmentView[]
    const report = commitments.find((c) => c.what === 'Send the permit template')!
    const changed = await call(first, series.tokens.manage, `/api/commitments/${report.id}/status`, { body: { status: 'done', note: 'Verschickt' } })
    expect(changed.status).toBe(200)
    await first.close()
    expect(await readdir(first.dataDir)).toEqual([])

    const second = await serverOn(db)
    const view = (await (await call(second, series.tokens.read, `/api/series/${series.id}`)).json()) as SeriesView
    expect(view.meetings.map((meeting) => meeting.title)).toEqual(['Stadtlabor Berlin'])
    const again = (await (await call(second, series.tokens.manage, `/api/series/${series.id}/commitments`)).json()) as CommitmentView[]
    expect(again.find((c) => c.id === report.id)).toMatchObject({ status: 'done', history: [{ status: 'done', note: 'Verschickt' }] })
    const search = async (q: string) => {
      const response = await call(second, series.tokens.read, `/api/series/${series.id}/search?q=${encodeURIComponent(q)}`)
      return ((await response.json()) as { results: SearchResultView[] }).results.map((result) => result.text)
    }
    expect(await search('Experiment')).toEqual(['Wie habt ihr die Straßenexperimente genehmigt bekommen?'])
    expect(await search('bergmannstrasse')).toEqual(['Parklets in der Bergmannstraße'])
    expect(await search('benches maintains')).toEqual(['Who maintains the benches?'])
    // The learning note from the command line, read from the database: the bytes the server sends.
    const http = Buffer.from(await (await call(second, series.tokens.read, `/api/series/${series.id}/learning-note.md?lang=de`)).arrayBuffer())
    const cli = await runExport(['--series', series.id, '--format', 'md', '--lang', 'de'], {
      DATABASE_URL: db.databaseUrl,
      DATABASE_SCHEMA: db.databaseSchema,
      DATA_DIR: await emptyDir(),
    })
    expect(cli.stderr).toContain('Wrote the learning note')
    expect(cli.stdout.toString('utf8')).toContain('Verschickt')
    expect(cli.stdout.equals(http)).toBe(true)
    expect(await readdir(second.dataDir)).toEqual([])
  })

  it('keeps accounts, sessions and shares in the database: signed in on one server, known to the next', async () => {
    const db = await database()
    const port = await freePort()
    const provider = await startIdentityProvider(`http://127.0.0.1:${port}`, {
      anna: { name: 'Anna Schmidt', email: 'anna@leipzig.example', username: 'anna', organisation: 'Stadt Leipzig' },
      ben: { name: 'Ben Weber', email: 'ben@dresden.example', username: 'bweber', organisation: 'Stadt Dresden' },
    })
    cleanups.push(() => provider.close())
    const oidc = oidcSettingsOf(provider)
    const first = await startTestServer({ ...db, port, oidc, dataDir: await emptyDir() })
    cleanups.push(() => first.close())
    const anna = await signInOverHttp(first.url, 'anna')
    const ben = await signInOverHttp(first.url, 'ben')
    const post = (server: TestServer, cookie: string, path: string, body: unknown) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    const created = await post(first, anna, '/api/series', { title: 'Stadtlabor2Go' })
    expect(created.status).toBe(201)
    const series = (await created.json()) as { id: string; tokens: { manage: string } }
    expect((await post(first, anna, `/api/my/series/${series.id}/shares`, { kind: 'email', value: 'ben@dresden.example' })).status).toBe(200)
    await first.close()
    expect(await readdir(first.dataDir)).toEqual([])

    const second = await serverOn({ ...db, oidc })
    const me = (await (await fetch(`${second.url}/api/me`, { headers: { Cookie: anna } })).json()) as { account: { name: string } | null }
    expect(me.account?.name).toBe('Anna Schmidt')
    const listed = (await (await fetch(`${second.url}/api/my/series`, { headers: { Cookie: ben } })).json()) as { series: { id: string; tie: string }[] }
    expect(listed.series).toMatchObject([{ id: series.id, tie: 'co-facilitator' }])
    const opened = (await (await post(second, ben, `/api/my/series/${series.id}/open`, {})).json()) as { token: string }
    expect(opened.token).toBe(series.tokens.manage)
    expect(await readdir(second.dataDir)).toEqual([])
  })
})
