/**
 * `npm run backup` and `npm run restore` (the compiled tools, as they ship) against a real server
 * that keeps taking writes during the backup: the restored directory, under a new server, has
 * every board as it was at the backup (records, attendance, named snapshots, archive, assets), and
 * the busy board as it was at one moment within the backup. A restore never goes into a
 * non-empty directory.
 */
import { execFile } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readParticipants } from '../../shared/model/participant'
import { readRecords } from '../../shared/model/record-log'
import { REPO_ROOT, makeTempDir, removeDir, startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { closeMeeting, fillBoard, PNG } from './lifecycle-fixtures'
import { api, connectAs, newBoard, putRecords, type Board } from './roles-fixtures'

interface Run {
  code: number
  stderr: string
}

/** Runs a compiled tool asynchronously, so that the server in this process keeps serving meanwhile. */
function tool(name: 'backup' | 'restore', args: string[], dataDir: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [`dist/server/${name}.js`, ...args], { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: dataDir } }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr })
    })
  })
}

/** What a board is, as its facilitator reads it through the API and a synced client. */
async function stateOf(board: Board) {
  const client = await connectAs(board, 'facilitator')
  try {
    const records = Object.fromEntries([...readRecords(client.doc)].sort(([a], [b]) => a.localeCompare(b)))
    const snapshots = await (await api(board, 'facilitator', '/snapshots')).json()
    const archive = await (await api(board, 'facilitator', '/archive')).json()
    return { records, attendance: readParticipants(client.doc), snapshots, archive }
  } finally {
    client.destroy()
  }
}

const counterIds = (records: Iterable<string>) => [...records].filter((id) => id.startsWith('shape:n-'))

describe('backup and restore', () => {
  let server: TestServer
  let work: string

  beforeAll(async () => {
    server = await startTestServer()
    work = await makeTempDir('gatherboard-backup-test-')
  })

  afterAll(async () => {
    await server?.close()
    await removeDir(work)
  })

  it('backs up while clients write, and a server on the restored directory has every board as it was', async () => {
    const still = await newBoard(server)
    const filled = await fillBoard(still)
    await closeMeeting(still)
    filled.facilitator.destroy()
    filled.participant.destroy()
    const before = await stateOf(still)

    // A board written to all along: one new record after another, each once the last is stored.
    const busy = await newBoard(server)
    const writer = await connectAs(busy, 'participant')
    const watcher = await connectAs(busy, 'viewer')
    const seen = () => counterIds(readRecords(watcher.doc).keys()).length
    let written = 0
    let writing = true
    const writes = (async () => {
      while (writing) {
        putRecords(writer.doc, [{ id: `shape:n-${String(written).padStart(6, '0')}`, typeName: 'shape', n: written } as { id: string }])
        written++
        const target = written
        await waitFor(() => seen() >= target, { message: `record ${target} stored` })
      }
    })()
    await waitFor(() => seen() >= 20, { message: 'writes under way' })

    const backup = path.join(work, 'gatherboard.tar')
    const storedBefore = seen()
    const made = await tool('backup', ['--out', backup], server.dataDir)
    const writtenAfter = written
    writing = false
    await writes
    expect(made).toMatchObject({ code: 0 })
    expect(made.stderr).toMatch(/Wrote \d+ files \(\d+ bytes\)/)
    expect(writtenAfter).toBeGreaterThan(storedBefore)

    const restoredDir = path.join(work, 'restored', 'data')
    expect(await tool('restore', [backup, '--data-dir', restoredDir], work)).toMatchObject({ code: 0 })
    const restored = await startTestServer({ dataDir: restoredDir })
    try {
      const on = (board: Board): Board => ({ ...board, server: restored })
      expect(await stateOf(on(still))).toEqual(before)
      const served = await fetch(`${restored.url}${filled.assetUrl}`)
      expect(served.status).toBe(200)
      expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true)

      // The busy board as it was at one moment of the backup: the first k records, k between
      // what was stored when it began and what had been written when it ended.
      const ids = counterIds(Object.keys((await stateOf(on(busy))).records))
      expect(ids.length).toBeGreaterThanOrEqual(storedBefore)
      expect(ids.length).toBeLessThanOrEqual(writtenAfter)
      expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => `shape:n-${String(i).padStart(6, '0')}`))
    } finally {
      await restored.close()
      writer.destroy()
      watcher.destroy()
    }
  })

  it('restores only into an empty directory, and only a gatherboard backup', async () => {
    const backup = path.join(work, 'second.tar')
    expect((await tool('backup', ['--out', backup], server.dataDir)).code).toBe(0)
    expect((await tool('backup', ['--out', backup], server.dataDir)).code).toBe(3)

    const occupied = path.join(work, 'occupied')
    await mkdir(occupied)
    await writeFile(path.join(occupied, 'notes.txt'), 'mine')
    const refused = await tool('restore', [backup, '--data-dir', occupied], work)
    expect(refused.code).toBe(3)
    expect(refused.stderr).toMatch(/not empty/)

    const notBackup = path.join(work, 'other.tar')
    await writeFile(notBackup, Buffer.alloc(1024))
    const foreign = await tool('restore', [notBackup, '--data-dir', path.join(work, 'fresh')], work)
    expect(foreign.code).toBe(3)
    expect(foreign.stderr).toMatch(/not a gatherboard backup|empty/)
    expect((await tool('backup', [], server.dataDir)).code).toBe(2)
    expect((await tool('backup', ['--out', path.join(work, 'x.tar')], path.join(work, 'nothing-here'))).code).toBe(3)
  })

  it('writes a tar archive that the system tar lists', async () => {
    const backup = path.join(work, 'listed.tar')
    expect((await tool('backup', ['--out', backup], server.dataDir)).code).toBe(0)
    const listing = await new Promise<string>((resolve, reject) =>
      execFile('tar', ['-tf', backup], (error, stdout) => (error ? reject(error) : resolve(stdout))),
    )
    const names = listing.split('\n')
    expect(names.slice(0, 2)).toEqual(['gatherboard-backup.json', 'gatherboard.sqlite'])
    expect(names.some((name) => /^assets\/[^/]+\/[^/]+$/.test(name))).toBe(true)
    expect(names.some((name) => /^archive\/[^/]+\/state\.json$/.test(name))).toBe(true)
  })
})
