/**
 * Compiles the server ahead of time, so production runs plain Node (`npm run serve`) instead of
 * transforming TypeScript at every start: `server/main.ts` and the command-line tools (the minutes
 * `scripts/export.ts`, `scripts/backup.ts`, `scripts/restore.ts`) are bundled with esbuild into `dist/server/`. Packages stay external (they are installed in
 * node_modules; better-sqlite3 is native anyway); only our own modules are bundled.
 */
import { build } from 'esbuild'
import path from 'node:path'
import { appRoot } from '../server/app-root'

const root = appRoot(import.meta.url)

await build({
  absWorkingDir: root,
  entryPoints: { main: 'server/main.ts', export: 'scripts/export.ts', backup: 'scripts/backup.ts', restore: 'scripts/restore.ts' },
  outdir: path.join(root, 'dist/server'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})
