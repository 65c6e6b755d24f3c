/**
 * The minutes of a board, or the learning note of a series, from the command line, read straight
 * from the data directory (the server may be running or not):
 *
 *   npm run export -- <boardId> --format md|html|csv|json [--out FILE] [--names 0] [--lang de] [--tz ZONE]
 *   npm run export -- --series <seriesId> --format md|html|csv|json|pdf [--out FILE] [--names 0] [--lang de] [--tz ZONE]
 *
 * DATA_DIR (default ./data) says where the data is, as for the server; with DATABASE_URL (and
 * DATABASE_SCHEMA) the board is read from that PostgreSQL database instead (series only from
 * SQLite). The file goes to FILE or to standard output, byte for byte what
 * GET /api/boards/<id>/minutes.<format> (or GET /api/series/<id>/learning-note.<format>) answers; progress
 * and errors go to standard error.
 * Exit codes: 0 done, 2 bad arguments, 3 no such board or no data directory, 1 anything else.
 */
import { existsSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { BoardDocs } from '../server/features/board-docs'
import { MinutesRequestError, exportMinutes, parseMinutesRequest, type MinutesRequest } from '../server/features/minutes/minutes-export'
import { exportLearningNote, parseNoteRequest, type NoteRequest } from '../server/features/series/learning-note-export'
import { SeriesService } from '../server/features/series/series-service'
import { createLogger } from '../server/log'
import { DATABASE_FILE } from '../server/storage/data-dir'
import { openStorage } from '../server/storage/open-storage'
import { seriesStorageOf } from '../server/storage/series-storage'
import { BoardQueue } from '../server/sync/board-queue'
import { ExitError, runTool } from './cli'

const USAGE = [
  'usage: npm run export -- <boardId> --format md|html|csv|json [--out FILE] [--names 0] [--lang en|de] [--tz ZONE]',
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

  const dataDir = path.resolve(process.env.DATA_DIR ?? 'data')
  const databaseUrl = process.env.DATABASE_URL?.trim() || null
  // Checked first: opening the storage would create an empty database in a mistyped directory.
  if (!databaseUrl && !existsSync(path.join(dataDir, DATABASE_FILE))) {
    throw new ExitError(3, `no gatherboard data in ${dataDir} (set DATA_DIR to the server's data directory)`)
  }
  const what = seriesId !== undefined ? 'the learning note' : 'the minutes'
  const source = databaseUrl ? 'the database of DATABASE_URL' : dataDir
  process.stderr.write(`Reading ${seriesId !== undefined ? `series ${seriesId}` : `board ${boardId}`} from ${source}…\n`)
  const storage = await openStorage({
    dataDir,
    databaseUrl,
    databaseSchema: process.env.DATABASE_SCHEMA?.trim() || null,
    logger: createLogger({ level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) }),
  })
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

/** The series of the storage; the PostgreSQL storage has none yet. */
function seriesOf(storage: Parameters<typeof seriesStorageOf>[0]) {
  const series = seriesStorageOf(storage)
  if (!series) throw new ExitError(2, 'meeting series are kept in SQLite only so far: unset DATABASE_URL')
  return series
}

await runTool('export', () => run(process.argv.slice(2)))
