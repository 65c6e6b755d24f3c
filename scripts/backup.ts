/**
 * A backup of the data directory, made while the server runs (or not):
 *
 *   npm run backup -- --out FILE
 *
 * DATA_DIR (default ./data) says where the data is, as for the server. FILE becomes one tar
 * archive of the database (SQLite's online backup) and every uploaded file, named snapshot and
 * archived meeting (server/storage/backup.ts); it must not exist yet. `npm run restore` puts it back.
 * Exit codes: 0 done, 2 bad arguments, 3 no data directory or FILE exists, 1 anything else.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { BackupError, backUp } from '../server/storage/backup'
import { ExitError, runTool } from './cli'

const USAGE = 'usage: npm run backup -- --out FILE'

async function run(argv: string[]): Promise<void> {
  let out: string | undefined
  try {
    const parsed = parseArgs({ args: argv, options: { out: { type: 'string' } } })
    out = parsed.values.out
  } catch (error) {
    throw new ExitError(2, `${(error as Error).message}\n${USAGE}`)
  }
  if (!out) throw new ExitError(2, `--out is required\n${USAGE}`)
  const dataDir = path.resolve(process.env.DATA_DIR ?? 'data')
  process.stderr.write(`Backing up ${dataDir}…\n`)
  try {
    const { files, bytes } = await backUp(dataDir, path.resolve(out))
    process.stderr.write(`Wrote ${files} files (${bytes} bytes) to ${out}\n`)
  } catch (error) {
    if (error instanceof BackupError) throw new ExitError(3, error.message)
    throw error
  }
}

await runTool('backup', () => run(process.argv.slice(2)))
