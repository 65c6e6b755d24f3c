import { createServer as createNetServer, type AddressInfo } from 'node:net'
/**
 * Real gatherboard servers for tests: in-process (`startTestServer`) or as a child process
 * (`spawnServer`, for kill -9 and signal tests), each on a random port with its own data dir.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach } from 'vitest'
import { startServer, type RunningServer, type ServerOptions } from '../../server/app'
import { tokenFromFragment, type BoardLinks, type LinkRole } from '../../shared/model/roles'
import { createLogger } from '../../server/log'

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Runs the compiled `npm run export` with `args` on `dataDir`; resolves with its exit code and what it said on stderr. */
export function runExportCommand(args: string[], dataDir: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['dist/server/export.js', ...args], { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: dataDir } }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr })
    })
  })
}

/** A fresh empty directory under the OS temp dir. */
export function makeTempDir(prefix = 'gatherboard-test-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix))
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true })
}

/** What `POST /api/boards` answers: the board id and its links (shared/model/roles.ts). */
export interface CreatedBoard {
  id: string
  /** The facilitator's link. */
  url: string
  links: BoardLinks
  tokens: Record<LinkRole, string>
}

/**
 * The link tokens of every board this process created through `createBoard`, so that the test
 * clients (tests/server/clients.ts) and `facilitatorFetch` act as the board's facilitator unless a
 * test asks for another role: tests written before roles existed keep meaning "the board's owner".
 */
const boardTokens = new Map<string, Record<LinkRole, string>>()

/** The token of `role` for a board created by `createBoard`/`createBoardWithLinks`, if any. */
export function tokenOf(boardId: string, role: LinkRole = 'facilitator'): string | undefined {
  return boardTokens.get(boardId)?.[role]
}

/**
 * Remembers the facilitator link of a board made some other way (the start page in a browser), so
 * that `connectClient`, `facilitatorFetch` and `tokenOf` act as its facilitator too.
 */
export function rememberFacilitatorLink(link: string): string {
  const url = new URL(link)
  const boardId = /^\/b\/([^/]+)/.exec(url.pathname)?.[1]
  const token = tokenFromFragment(url.hash)
  if (!boardId || !token) throw new Error(`not a board link with a token: ${link}`)
  boardTokens.set(boardId, { ...boardTokens.get(boardId)!, facilitator: token })
  return boardId
}

/** `fetch` with the facilitator's token of the board named in the URL (`/api/boards/<id>/…`). */
export function facilitatorFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const boardId = /\/api\/boards\/([^/?#]+)/.exec(url)?.[1]
  const token = boardId ? tokenOf(decodeURIComponent(boardId)) : undefined
  const headers = new Headers(init.headers)
  if (token) headers.set('Authorization', `Bearer ${token}`)
  return fetch(url, { ...init, headers })
}

/** Creates a board through the HTTP API; returns everything the API answered. */
export async function createBoardWithLinks(baseUrl: string): Promise<CreatedBoard> {
  const response = await fetch(`${baseUrl}/api/boards`, { method: 'POST' })
  if (response.status !== 201) throw new Error(`POST /api/boards answered ${response.status}`)
  const created = (await response.json()) as CreatedBoard
  boardTokens.set(created.id, created.tokens)
  return created
}

/** Creates a board through the HTTP API; returns its id (see `tokenOf` for its tokens). */
export async function createBoard(baseUrl: string): Promise<string> {
  return (await createBoardWithLinks(baseUrl)).id
}

/** A port of 127.0.0.1 nobody listens on yet, for a server whose address another one must know before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/** `ws://host:port/sync`, the `serverUrl` argument of `new WebsocketProvider(...)`. */
export function syncUrlOf(baseUrl: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}/sync`
}

export interface TestServer {
  /** The running server (replaced by `restart`). */
  readonly server: RunningServer
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** `ws://127.0.0.1:<port>/sync` */
  readonly syncUrl: string
  readonly port: number
  readonly dataDir: string
  /** Every log line the server wrote (not printed unless GATHERBOARD_TEST_LOGS=1). */
  readonly logs: string[]
  createBoard(): Promise<string>
  /** Stops the server gracefully and starts a new one on the same port and data dir. */
  restart(): Promise<void>
  /** Stops the server gracefully but keeps its port and data dir, for a test of an outage. */
  stop(): Promise<void>
  /** Starts the server again after `stop`, on the same port and data dir. */
  resume(): Promise<void>
  /** Stops the server and deletes the data dir (unless the caller passed its own `dataDir`). */
  close(): Promise<void>
}

export type TestServerOptions = Partial<ServerOptions>

/** Starts a real server in this process on 127.0.0.1 and a random port. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const ownsDataDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? (await makeTempDir())
  const logs: string[] = []
  const logger = createLogger({
    level: 'debug',
    sink: (line) => {
      logs.push(line)
      if (process.env.GATHERBOARD_TEST_LOGS === '1') console.log(line)
    },
  })
  const start = (port: number) =>
    // Tests play many people and boards from one address: the per-address limits have tests of their own.
    // Empty rooms unload at once, as tests of loading a board from storage expect; the grace
    // period (ROOM_IDLE_MS) has tests of its own.
    startServer({
      host: '127.0.0.1',
      staticDir: null,
      logger,
      boardsPerIpBurst: 10_000,
      connectsPerIpBurst: 100_000,
      roomIdleMs: 0,
      ...options,
      port,
      dataDir,
    })

  let server = await start(options.port ?? 0)
  const port = server.port
  const url = server.url
  const stop = () => server.close()
  const resume = async () => {
    server = await start(port)
  }
  return {
    get server() {
      return server
    },
    url,
    syncUrl: syncUrlOf(url),
    port,
    dataDir,
    logs,
    createBoard: () => createBoard(url),
    async restart() {
      await stop()
      await resume()
    },
    stop,
    resume,
    async close() {
      await server.close()
      if (ownsDataDir) await removeDir(dataDir)
    },
  }
}

/**
 * For a test file whose tests each start their own server (with options of their own): the
 * returned function starts one, and every server it started is closed after each test.
 */
export function serversPerTest(): (options?: TestServerOptions) => Promise<TestServer> {
  const started: TestServer[] = []
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()))
  })
  return async (options = {}) => {
    const server = await startTestServer(options)
    started.push(server)
    return server
  }
}

export interface ExitStatus {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface ServerProcess {
  readonly child: ChildProcess
  readonly url: string
  readonly syncUrl: string
  readonly port: number
  /** Resolves when the process has exited. */
  readonly exited: Promise<ExitStatus>
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string
  /** Sends `signal` and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<ExitStatus>
}

export interface SpawnServerOptions {
  dataDir: string
  /** Default 0 (random). */
  port?: number
  env?: Readonly<Record<string, string>>
  /** How long to wait for the server to listen. Default 30 s. */
  startTimeout?: number
  /** Run the process pinned to this core (`taskset`), as on a one-core machine. */
  pinToCore?: number
}

/**
 * Runs the compiled server (`dist/server/main.js`, built by the tests' global setup) in a child
 * process with plain Node, exactly as `npm run serve` does.
 */
export function spawnServer(options: SpawnServerOptions): Promise<ServerProcess> {
  const command = [process.execPath, '--enable-source-maps', 'dist/server/main.js']
  if (options.pinToCore !== undefined) command.unshift('taskset', '-c', String(options.pinToCore))
  const child = spawn(command[0]!, command.slice(1), {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(options.port ?? 0),
      DATA_DIR: options.dataDir,
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`server did not start within ${options.startTimeout ?? 30_000} ms:\n${output}`))
    }, options.startTimeout ?? 30_000)
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString()
      if (process.env.GATHERBOARD_TEST_LOGS === '1') process.stdout.write(chunk)
      const match = /server\.listening url=(\S+)/.exec(output)
      if (!match) return
      clearTimeout(timer)
      const url = match[1]!
      resolve({
        child,
        url,
        syncUrl: syncUrlOf(url),
        port: Number(new URL(url).port),
        exited,
        output: () => output,
        kill(signal) {
          child.kill(signal)
          return exited
        },
      })
    }
    child.stdout!.on('data', onOutput)
    child.stderr!.on('data', onOutput)
    void exited.then((status) => {
      clearTimeout(timer)
      reject(new Error(`server exited early (${status.code ?? status.signal}):\n${output}`))
    })
  })
}
