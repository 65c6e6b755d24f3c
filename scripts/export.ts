/**
 * The minutes of a board from the command line, read straight from the data directory (the server
 * may be running or not):
 *
 *   npm run export -- <boardId> --format md|html|csv|json [--out FILE] [--names 0] [--lang de] [--tz ZONE]
 *   npm run export -- <boardId> --format all --out FILE [--names 0] [--lang de] [--tz ZONE]
 *
 * DATA_DIR (default ./data) says where the data is, as for the server; with DATABASE_URL (and
 * DATABASE_SCHEMA) the board is read from that PostgreSQL database instead. The minutes go to FILE or
 * to standard output, byte for byte what GET /api/boards/<id>/minutes.<format> answers; progress
 * and errors go to standard error. `--format all` writes the whole board as one tar archive to
 * FILE (server/features/minutes/board-archive.ts): the .tldr file, the minutes in every format,
 * the PDF, the uploaded files and the named snapshots. PUBLIC_URL gives the board's address on
 * the PDF's cover.
 * Exit codes: 0 done, 2 bad arguments, 3 no such board or no data directory, 1 anything else.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { BoardDocs } from '../server/features/board-docs'
import { writeBoardArchive } from '../server/features/minutes/board-archive'
import { MinutesRequestError, exportMinutes, parseMinutesOptions, parseMinutesRequest } from '../server/features/minutes/minutes-export'
import { createLogger } from '../server/log'
import { DATABASE_FILE } from '../server/storage/data-dir'
import type { BoardStorage } from '../server/storage/board-storage'
import { openStorage } from '../server/storage/open-storage'
import { BoardQueue } from '../server/sync/board-queue'
import { ExitError, runTool } from './cli'

const USAGE = 'usage: npm run export -- <boardId> --format md|html|csv|json|all [--out FILE] [--names 0] [--lang en|de] [--tz ZONE]'

async function run(argv: string[]): Promise<void> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        names: { type: 'string' },
        lang: { type: 'string' },
        tz: { type: 'string' },
      },
    })
  } catch (error) {
    throw new ExitError(2, `${(error as Error).message}\n${USAGE}`)
  }
  const [boardId, ...extra] = parsed.positionals
  if (!boardId || extra.length > 0) throw new ExitError(2, `give exactly one board id\n${USAGE}`)
  if (parsed.values.format === undefined) throw new ExitError(2, `--format is required\n${USAGE}`)
  if (parsed.values.format === 'all') return exportAll(boardId, parsed.values)
  let request
  try {
    request = parseMinutesRequest({
      format: parsed.values.format,
      lang: parsed.values.lang,
      names: parsed.values.names,
      tz: parsed.values.tz,
    })
  } catch (error) {
    if (error instanceof MinutesRequestError) throw new ExitError(2, `${error.message}\n${USAGE}`)
    throw error
  }

  const { source, storage } = await openBoards(boardId)
  let file
  try {
    file = await exportMinutes(new BoardDocs(storage, new BoardQueue()), boardId, request)
  } finally {
    await storage.close()
  }
  if (!file) throw new ExitError(3, `no board with the id ${boardId} in ${source}`)

  const bytes = Buffer.from(file.body, 'utf8')
  if (parsed.values.out) {
    writeFileSync(parsed.values.out, bytes)
    process.stderr.write(`Wrote the minutes (${request.format}, ${bytes.length} bytes) to ${parsed.values.out}\n`)
  } else {
    process.stdout.write(bytes)
    process.stderr.write(`Wrote the minutes (${request.format}, ${bytes.length} bytes) to standard output\n`)
  }
}

/**
 * The boards' storage, as the server has it (DATA_DIR, or DATABASE_URL and DATABASE_SCHEMA); the
 * data directory is checked first: opening the storage would create an empty database in a
 * mistyped directory.
 */
async function openBoards(boardId: string): Promise<{ source: string; storage: BoardStorage }> {
  const dataDir = path.resolve(process.env.DATA_DIR ?? 'data')
  const databaseUrl = process.env.DATABASE_URL?.trim() || null
  if (!databaseUrl && !existsSync(path.join(dataDir, DATABASE_FILE))) {
    throw new ExitError(3, `no gatherboard data in ${dataDir} (set DATA_DIR to the server's data directory)`)
  }
  const source = databaseUrl ? 'the database of DATABASE_URL' : dataDir
  process.stderr.write(`Reading board ${boardId} from ${source}…\n`)
  const storage = await openStorage({
    dataDir,
    databaseUrl,
    databaseSchema: process.env.DATABASE_SCHEMA?.trim() || null,
    logger: createLogger({ level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) }),
  })
  return { source, storage }
}

/** `--format all`: the whole board as one archive. */
async function exportAll(boardId: string, values: { out?: string; names?: string; lang?: string; tz?: string }): Promise<void> {
  if (!values.out) throw new ExitError(2, `--format all writes an archive: give --out FILE\n${USAGE}`)
  if (existsSync(values.out)) throw new ExitError(2, `${values.out} exists already; give a new file`)
  let options
  try {
    options = parseMinutesOptions({ lang: values.lang, names: values.names, tz: values.tz })
  } catch (error) {
    if (error instanceof MinutesRequestError) throw new ExitError(2, `${error.message}\n${USAGE}`)
    throw error
  }
  const { source, storage } = await openBoards(boardId)
  let files
  try {
    const boardUrl = `${(process.env.PUBLIC_URL ?? 'http://localhost:8080').replace(/\/+$/, '')}/b/${boardId}`
    files = await writeBoardArchive(new BoardDocs(storage, new BoardQueue()), boardId, values.out, { ...options, boardUrl })
  } catch (error) {
    // No half archive that looks like a whole one.
    rmSync(values.out, { force: true })
    throw error
  } finally {
    await storage.close()
  }
  if (!files) throw new ExitError(3, `no board with the id ${boardId} in ${source}`)
  process.stderr.write(`Wrote the board (${files.length} files) to ${values.out}\n`)
}

await runTool('export', () => run(process.argv.slice(2)))
