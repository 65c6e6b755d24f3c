/**
 * The minutes of a board from the command line, read straight from the data directory (the server
 * may be running or not):
 *
 *   npm run export -- <boardId> --format md|html|csv|json [--out FILE] [--names 0] [--lang de] [--tz ZONE]
 *
 * DATA_DIR (default ./data) says where the data is, as for the server; with DATABASE_URL (and
 * DATABASE_SCHEMA) the board is read from that PostgreSQL database instead. The minutes go to FILE or
 * to standard output, byte for byte what GET /api/boards/<id>/minutes.<format> answers; progress
 * and errors go to standard error.
 * Exit codes: 0 done, 2 bad arguments, 3 no such board or no data directory, 1 anything else.
 */
import { existsSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { BoardDocs } from '../server/features/board-docs'
import { MinutesRequestError, exportMinutes, parseMinutesRequest } from '../server/features/minutes/minutes-export'
import { createLogger } from '../server/log'
import { DATABASE_FILE } from '../server/storage/data-dir'
import { openStorage } from '../server/storage/open-storage'
import { BoardQueue } from '../server/sync/board-queue'
import { ExitError, runTool } from './cli'

const USAGE = 'usage: npm run export -- <boardId> --format md|html|csv|json [--out FILE] [--names 0] [--lang en|de] [--tz ZONE]'

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

  const dataDir = path.resolve(process.env.DATA_DIR ?? 'data')
  const databaseUrl = process.env.DATABASE_URL?.trim() || null
  // Checked first: opening the storage would create an empty database in a mistyped directory.
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

await runTool('export', () => run(process.argv.slice(2)))
