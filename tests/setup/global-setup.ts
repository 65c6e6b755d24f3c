import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Browser tests run against the real production bundle, so build it once per test run.
 * GATHERBOARD_SKIP_BUILD=1 reuses an existing dist/ while iterating on server-only code.
 */
export default function setup(): void {
  if (process.env.GATHERBOARD_SKIP_BUILD === '1' && existsSync(`${root}/dist/client/index.html`)) return
  // vitest sets NODE_ENV=test, which would give a development bundle; test what ships.
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  })
}
