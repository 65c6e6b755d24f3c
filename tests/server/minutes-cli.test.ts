/**
 * `npm run export`: reads the data directory of a real server (running, so SQLite is shared in WAL
 * mode) and writes exactly the bytes the HTTP endpoint answers; clear errors and exit codes.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBoardId } from '../../shared/model/board-id'
import { MINUTES_FORMATS } from '../../shared/minutes/formats'
import { REPO_ROOT, facilitatorFetch, makeTempDir, removeDir, startTestServer, type TestServer } from '../helpers/server'
import { changeStoredBoard } from '../helpers/stored-board'
import { waitFor } from '../helpers/wait'
import { writeFixtureAttendance, writeFixtureBoard } from '../minutes/fixture'
import { connectSynced } from './clients'

interface Run {
  code: number
  stdout: Buffer
  stderr: string
}

/** Runs a command in the repository with DATA_DIR set; resolves with its exit code and output. */
function run(command: string, args: string[], dataDir: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr: stderr.toString('utf8') })
      },
    )
  })
}

/** The export script run directly (as `npm run export` does, without npm's banner on stdout). */
const exportMinutes = (args: string[], dataDir: string) =>
  run(process.execPath, ['dist/server/export.js', ...args], dataDir)

describe('npm run export', () => {
  let server: TestServer
  let boardId: string
  let outDir: string

  beforeAll(async () => {
    server = await startTestServer()
    outDir = await makeTempDir('gatherboard-export-')
    boardId = await server.createBoard()
    // Attendance is the server's to write: here as a board from before has it, in storage.
    await changeStoredBoard(server.dataDir, boardId, writeFixtureAttendance)
    const writer = await connectSynced(server.syncUrl, boardId)
    writeFixtureBoard(writer.doc)
    await waitFor(async () => (await (await facilitatorFetch(`${server.url}/api/boards/${boardId}/minutes.md`)).text()).includes('Street lab'))
    writer.destroy()
  })

  afterAll(async () => {
    await server?.close()
    if (outDir) await removeDir(outDir)
  })

  it('writes to standard output byte for byte what the server answers, in every format', async () => {
    const query = '?tz=Europe/Berlin&lang=de&names=0'
    for (const format of MINUTES_FORMATS) {
      const http = Buffer.from(await (await facilitatorFetch(`${server.url}/api/boards/${boardId}/minutes.${format}${query}`)).arrayBuffer())
      const cli = await exportMinutes([boardId, '--format', format, '--tz', 'Europe/Berlin', '--lang', 'de', '--names', '0'], server.dataDir)
      expect(cli.code, cli.stderr).toBe(0)
      expect(cli.stdout.equals(http), `${format} differs`).toBe(true)
      expect(cli.stderr).toContain(`Reading board ${boardId}`)
    }
  })

  it('writes to --out through the npm script, with the defaults the server uses', async () => {
    const file = path.join(outDir, 'minutes.csv')
    const cli = await run('npm', ['run', '--silent', 'export', '--', boardId, '--format', 'csv', '--out', file], server.dataDir)
    expect(cli.code, cli.stderr).toBe(0)
    expect(cli.stdout.length).toBe(0)
    expect(cli.stderr).toContain(`to ${file}`)
    const http = Buffer.from(await (await facilitatorFetch(`${server.url}/api/boards/${boardId}/minutes.csv`)).arrayBuffer())
    expect(readFileSync(file).equals(http)).toBe(true)
  })

  it('says clearly what is wrong, with distinct exit codes', async () => {
    const unknown = await exportMinutes([createBoardId(), '--format', 'md'], server.dataDir)
    expect(unknown.code).toBe(3)
    expect(unknown.stderr).toMatch(/no board with the id \S+ in /)
    expect(unknown.stdout.length).toBe(0)

    const noData = await exportMinutes([boardId, '--format', 'md'], path.join(outDir, 'missing'))
    expect(noData.code).toBe(3)
    expect(noData.stderr).toContain('no gatherboard data in')

    const badFormat = await exportMinutes([boardId, '--format', 'pdf'], server.dataDir)
    expect(badFormat.code).toBe(2)
    expect(badFormat.stderr).toContain('format must be one of md, html, csv, json')
    expect(badFormat.stderr).toContain('usage: npm run export')

    expect((await exportMinutes(['--format', 'md'], server.dataDir)).code).toBe(2)
    expect((await exportMinutes([boardId], server.dataDir)).code).toBe(2)
    expect((await exportMinutes([boardId, '--format', 'md', '--colour'], server.dataDir)).code).toBe(2)
  })
})
