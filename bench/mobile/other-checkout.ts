import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Another checkout's server, started as `npm run serve` starts it: its compiled server serving its own build. */
export interface OtherCheckoutServer {
  origin: string
  stop(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/**
 * Starts `dir/dist/server/main.js` (the checkout must have been built with `npm run build`) on a
 * free port of 127.0.0.1 with a data directory of its own; resolves once it answers /healthz.
 */
export async function startOtherCheckout(dir: string): Promise<OtherCheckoutServer> {
  const main = join(dir, 'dist/server/main.js')
  if (!existsSync(main) || !existsSync(join(dir, 'dist/client/index.html'))) {
    throw new Error(`${dir} is not built: run npm run build there first`)
  }
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'gatherboard-mobile-bench-other-'))
  const child = spawn(process.execPath, [main], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const origin = `http://127.0.0.1:${port}`
  const stop = async () => {
    child.kill('SIGTERM')
    await exited
    rmSync(dataDir, { recursive: true, force: true })
  }
  for (let attempt = 0; ; attempt++) {
    const healthy = await fetch(`${origin}/healthz`).then((response) => response.ok, () => false)
    if (healthy) return { origin, stop }
    if (child.exitCode !== null || attempt > 100) {
      await stop()
      throw new Error(`the server of ${dir} did not start`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
