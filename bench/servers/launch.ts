import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, openSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { processCores, processCpuMicros, processRssBytes } from '../metrics/proc'
import type { ServerDefinition } from './definitions'
import { canPin, pinned, SERVER_CORE } from './cores'
import { type ChildMessage, type ParentMessage, PROFILE_DIR_ENV, type WindowMessage } from './ipc'

/** How to start a server child. */
export interface LaunchOptions {
  /** Ours only: store boards in SQLite. */
  persistence: boolean
  /** Ours only: data directory to use and keep; a temporary one is made (and removed) otherwise. */
  dataDir?: string
  /** Write a V8 CPU profile of the server into this directory. */
  cpuProfileDir?: string
}

const READY_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 20_000
const repoRoot = new URL('../../', import.meta.url).pathname

/** A server child pinned to the server core, with its /proc figures and a forced-GC hook. */
export class RunningServer {
  /** Every server child started and not yet exited: what an abandoned point leaves behind. */
  private static readonly running = new Set<RunningServer>()
  private memoryWaiters: ((usage: NodeJS.MemoryUsage) => void)[] = []
  private windowWaiters: ((message: WindowMessage) => void)[] = []
  private exited: Promise<void>

  private constructor(
    readonly definition: ServerDefinition,
    readonly origin: string,
    readonly pid: number,
    private readonly child: ChildProcess,
    readonly dataDir: string,
    private readonly ownsDataDir: boolean,
    /** Where clients open their sockets (`origin` unless the child said otherwise). */
    private readonly socketOrigin: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()))
    RunningServer.running.add(this)
    void this.exited.then(() => RunningServer.running.delete(this))
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'memory') this.memoryWaiters.shift()?.(message.usage)
      else if (message.type === 'window') this.windowWaiters.shift()?.(message)
    })
  }

  /** Starts `definition` and resolves once it listens. */
  static async launch(definition: ServerDefinition, options: LaunchOptions): Promise<RunningServer> {
    const ownsDataDir = options.dataDir === undefined
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gatherboard-bench-'))
    // BENCH_SERVER_NODE_ARGS adds Node flags for diagnosis (e.g. --trace-gc, with BENCH_SERVER_LOG).
    const extraArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []
    const nodeArgs = ['--expose-gc', ...definition.nodeFlags, ...extraArgs, '--import', 'tsx']
    if (options.cpuProfileDir !== undefined) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`)
    const [command, args] = pinned(SERVER_CORE, process.execPath, [...nodeArgs, definition.entry])
    const child = spawn(command, args, {
      cwd: repoRoot,
      // The server's own log lines go nowhere unless BENCH_SERVER_LOG names a file (debugging).
      stdio: ['ignore', process.env.BENCH_SERVER_LOG ? openSync(process.env.BENCH_SERVER_LOG, 'a') : 'ignore', 'inherit', 'ipc'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        BENCH_DATA_DIR: dataDir,
        BENCH_PERSISTENCE: options.persistence ? 'on' : 'off',
        ...definition.env,
        ...(options.cpuProfileDir === undefined ? {} : { [PROFILE_DIR_ENV]: options.cpuProfileDir }),
      },
    })
    const ready = await new Promise<{ url: string; socketUrl?: string; pid: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${definition.id} did not start in ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS)
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'ready') {
          clearTimeout(timer)
          resolve(message)
        } else if (message.type === 'failed') {
          clearTimeout(timer)
          reject(new Error(`${definition.id} failed to start:\n${message.error}`))
        }
      })
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`${definition.id} exited with ${code} before it was ready`))
      })
    })
    const server = new RunningServer(definition, ready.url, ready.pid, child, dataDir, ownsDataDir, ready.socketUrl ?? ready.url)
    const cores = processCores(ready.pid)
    if (canPin && cores !== String(SERVER_CORE)) {
      await server.stop()
      throw new Error(`${definition.id} runs on cores ${cores}, not pinned to core ${SERVER_CORE}`)
    }
    return server
  }

  /** Kills every server child still running (a point that overran its time limit, workloads/point-bound.ts). */
  static async killAll(): Promise<void> {
    await Promise.all([...RunningServer.running].map((server) => server.kill()))
  }

  /** CPU time the server has used so far, µs. */
  cpuMicros(): number {
    return processCpuMicros(this.pid)
  }

  /** Current resident set size, bytes. */
  rssBytes(): number {
    return processRssBytes(this.pid)
  }

  /** Runs a full GC in the server and returns its memory usage afterwards. */
  memoryAfterGc(): Promise<NodeJS.MemoryUsage> {
    return new Promise((resolve) => {
      this.memoryWaiters.push(resolve)
      this.post({ type: 'gc' })
    })
  }

  /** Tells the server a measurement window starts (it marks its CPU profile and times its event loop). */
  startWindow(): void {
    this.post({ type: 'window-start' })
  }

  /** Ends the window; resolves with the server's event-loop delay during it. */
  endWindow(): Promise<WindowMessage> {
    return new Promise((resolve) => {
      this.windowWaiters.push(resolve)
      this.post({ type: 'window-end' })
    })
  }

  /** Creates a room and returns its key. */
  createRoom(): Promise<string> {
    return this.definition.createRoom(this.origin)
  }

  /** The socket URL for a room. */
  socketUrl(room: string): string {
    return this.definition.socketUrl(this.socketOrigin, room)
  }

  /** Closes the server (letting it flush and write its profile) and waits for the child to exit. */
  async stop(): Promise<void> {
    this.post({ type: 'stop' })
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS)
    await this.exited
    clearTimeout(timer)
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true })
  }

  /** Kills the server at once: for one so far behind that it would take minutes to answer `stop`. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL')
    await this.exited
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true })
  }

  private post(message: ParentMessage): void {
    if (this.child.connected) this.child.send(message)
  }
}
