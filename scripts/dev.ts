/**
 * Development: our server on :8080 (restarted on change by tsx watch) and Vite's dev server on
 * :5173 with hot reload, which forwards /api, /sync and /tldraw-assets to the first.
 * Open http://localhost:5173.
 */
import { spawn, type ChildProcess } from 'node:child_process'

const children: ChildProcess[] = [
  spawn('npx', ['tsx', 'watch', 'server/main.ts'], { stdio: 'inherit', env: { ...process.env, PORT: '8080' } }),
  spawn('npx', ['vite', '--port', '5173'], { stdio: 'inherit' }),
]

function stopAll(code: number) {
  for (const child of children) child.kill('SIGTERM')
  process.exit(code)
}

for (const child of children) child.on('exit', (code) => stopAll(code ?? 0))
process.on('SIGINT', () => stopAll(0))
process.on('SIGTERM', () => stopAll(0))
