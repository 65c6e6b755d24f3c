import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Tests run against what ships: the browser tests against the production client bundle, the
 * process tests (tests/helpers/server.ts `spawnServer`, the minutes CLI) against the compiled
 * server. Both are built once per test run; the server always (esbuild takes well under a second),
 * so a test never runs stale server code. GATHERBOARD_SKIP_BUILD=1 reuses an existing client
 * bundle while iterating on server-only code.
 */
export default function setup(): void {
  // vitest sets NODE_ENV=test, which would give a development bundle; test what ships.
  const env = { ...process.env, NODE_ENV: 'production' }
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-server.ts'], { cwd: root, stdio: 'inherit', env })
  if (process.env.GATHERBOARD_SKIP_BUILD === '1' && existsSync(`${root}/dist/client/index.html`)) return
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env })
}
