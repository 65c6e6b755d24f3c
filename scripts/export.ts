/**
 * The minutes of a board, or the learning note of a series, from the command line, read straight
 * from the data directory (the server may be running or not):
 *
 *   npm run export -- <boardId> --format md|html|csv|json [--out FILE] [--names 0] [--lang de] [--tz ZONE]
 *   npm run export -- <boardId> --format all --out FILE [--names 0] [--lang de] [--tz ZONE]
 *   npm run export -- --series <seriesId> --format md|html|csv|json|pdf [--out FILE] [--names 0] [--lang de] [--tz ZONE]
 *
 * DATA_DIR (default ./data) says where the data is, as for the server; with DATABASE_URL (and
 * DATABASE_SCHEMA) the board or series is read from that PostgreSQL database instead. The file goes to FILE or to standard output, byte for byte what
 * GET /api/boards/<id>/minutes.<format> (or GET /api/series/<id>/learning-note.<format>) answers; progress
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
import { MinutesRequestError, exportMinutes, parseMinutesOptions, parseMinutesRequest, type MinutesRequest } from '../server/features/minutes/minutes-export'
import { exportLearningNote, parseNoteRequest, type NoteRequest } from '../server/features/series/learning-note-export'
import { SeriesService } from '../server/features/series/series-service'
import { createLogger } from '../server/log'
import type { BoardStorage } from '../server/storage/board-storage'
import { DATABASE_FILE } from '../server/storage/data-dir'
import { openStorage } from '../server/storage/open-storage'
import { seriesStorageOf } from '../server/storage/series-storage'
import { BoardQueue } from '../server/sync/board-queue'
import { ExitError, runTool } from './cli'

const USAGE = [
  'usage: npm run export -- <boardId> --format md|html|csv|json|all [--out FILE] [--names 0] [--lang en|de] [--tz ZONE]',
  '       npm run export -- --series <seriesId> --format md|html|csv|json|pdf [--out FILE] [--names 0] [--lang en|de] [--tz ZONE]',
].join('\n')

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
        series: { type: 'string' },
      },
    })
  } catch (error) {
    throw new ExitError(2, `${(error as Error).message}\n${USAGE}`)
  }
  const seriesId = parsed.values.series
  const [boardId, ...extra] = parsed.positionals
  if (seriesId !== undefined ? parsed.positionals.length > 0 : !boardId || extra.length > 0) {
    throw new ExitError(2, `give exactly one board id, or --series and a series id\n${USAGE}`)
  }
  if (parsed.values.format === undefined) throw new ExitError(2, `--format is required\n${USAGE}`)
  if (seriesId === undefined && parsed.values.format === 'all') return exportAll(boardId!, parsed.values)
  const parse = seriesId !== undefined ? parseNoteRequest : parseMinutesRequest
  let request
  try {
    request = parse({
      format: parsed.values.format,
      lang: parsed.values.lang,
      names: parsed.values.names,
      tz: parsed.values.tz,
    })
  } catch (error) {
    if (error instanceof MinutesRequestError) throw new ExitError(2, `${error.message}\n${USAGE}`)
    throw error
  }

  const what = seriesId !== undefined ? 'the learning note' : 'the minutes'
  const { source, storage } = await openData(seriesId !== undefined ? `series ${seriesId}` : `board ${boardId}`)
  let file
  try {
    const docs = new BoardDocs(storage, new BoardQueue())
    file =
      seriesId !== undefined
        ? await exportLearningNote(new SeriesService({ storage: seriesOf(storage), docs, publicUrl: null, clock: Date.now }), seriesId, request as NoteRequest)
        : await exportMinutes(docs, boardId!, request as MinutesRequest)
  } finally {
    await storage.close()
  }
  if (!file) throw new ExitError(3, seriesId !== undefined ? `no series with the id ${seriesId} in ${source}` : `no board with the id ${boardId} in ${source}`)

  const bytes = typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body
  if (parsed.values.out) {
    writeFileSync(parsed.values.out, bytes)
    process.stderr.write(`Wrote ${what} (${request.format}, ${bytes.length} bytes) to ${parsed.values.out}\n`)
  } else {
    process.stdout.write(bytes)
    process.stderr.write(`Wrote ${what} (${request.format}, ${bytes.length} bytes) to standard output\n`)
  }
}

/**
 * The storage, as the server has it (DATA_DIR, or DATABASE_URL and DATABASE_SCHEMA); the data
 * directory is checked first: opening the storage would create an empty database in a mistyped
 * directory. `subject` names what is read, for the progress line.
 */
async function openData(subject: string): Promise<{ source: string; storage: BoardStorage }> {
  const dataDir = path.resolve(process.env.DATA_DIR ?? 'data')
  const databaseUrl = process.env.DATABASE_URL?.trim() || null
  if (!databaseUrl && !existsSync(path.join(dataDir, DATABASE_FILE))) {
    throw new ExitError(3, `no gatherboard data in ${dataDir} (set DATA_DIR to the server's data directory)`)
  }
  const source = databaseUrl ? 'the database of DATABASE_URL' : dataDir
  process.stderr.write(`Reading ${subject} from ${source}…\n`)
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
  const { source, storage } = await openData(`board ${boardId}`)
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

/** The series of the storage (SQLite's and PostgreSQL's both keep them). */
function seriesOf(storage: Parameters<typeof seriesStorageOf>[0]) {
  const series = seriesStorageOf(storage)
  if (!series) throw new ExitError(2, 'this storage keeps no meeting series')
  return series
}

await runTool('export', () => run(process.argv.slice(2)))
