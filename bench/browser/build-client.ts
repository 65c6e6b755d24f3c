import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const repoRoot = new URL('../../', import.meta.url).pathname

/**
 * Builds the production client (`NODE_ENV=production vite build`, as `npm run build`) into a
 * fresh directory of its own and returns it. Not into dist/client: other work on this machine
 * (the browser tests) rebuilds that directory whenever it runs, which would pull files from
 * under a running benchmark.
 */
export function buildClient(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'gatherboard-client-bench-dist-'))
  execFileSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  })
  return outDir
}
