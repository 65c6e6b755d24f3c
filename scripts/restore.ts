/**
 * Puts a backup made by `npm run backup` into an empty data directory:
 *
 *   npm run restore -- FILE [--data-dir DIR]
 *
 * DIR defaults to DATA_DIR (default ./data), as for the server; it must be empty or missing, so a
 * restore never mixes with data that is there. Start the server on it afterwards.
 * Exit codes: 0 done, 2 bad arguments, 3 DIR not empty or FILE no backup, 1 anything else.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { BackupError, restore } from '../server/storage/backup'
import { TarFormatError } from '../server/storage/tar'
import { ExitError, runTool } from './cli'

const USAGE = 'usage: npm run restore -- FILE [--data-dir DIR]'

function run(argv: string[]): void {
  let parsed
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { 'data-dir': { type: 'string' } } })
  } catch (error) {
    throw new ExitError(2, `${(error as Error).message}\n${USAGE}`)
  }
  const [file, ...extra] = parsed.positionals
  if (!file || extra.length > 0) throw new ExitError(2, `give exactly one backup file\n${USAGE}`)
  const dataDir = path.resolve(parsed.values['data-dir'] ?? process.env.DATA_DIR ?? 'data')
  process.stderr.write(`Restoring ${file} into ${dataDir}…\n`)
  try {
    const files = restore(path.resolve(file), dataDir)
    process.stderr.write(`Restored ${files} files into ${dataDir}\n`)
  } catch (error) {
    if (error instanceof BackupError || error instanceof TarFormatError) throw new ExitError(3, error.message)
    throw error
  }
}

await runTool('restore', () => run(process.argv.slice(2)))
