/**
 * A real cluster for tests: several gatherboard server processes (the built server, as
 * `npm run serve` runs it) sharing the machine's PostgreSQL (a schema of their own) and Redis (a
 * key prefix of their own), with nginx in front, configured by the documented configuration
 * (docs/nginx/cluster.conf) with this cluster's servers and a free port.
 *
 * Without PostgreSQL, Redis or nginx the cluster tests fail under CI (`CI` set) with a message
 * saying so, and are skipped with that message elsewhere.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { createClient } from 'redis'
import { dropSchema, freshSchema, postgresUnavailable, TEST_DATABASE_URL } from './postgres'
import { redisUnavailable, TEST_REDIS_URL } from './redis'
import { freePort, makeTempDir, removeDir, REPO_ROOT, spawnServer, syncUrlOf, type CreatedBoard, type ServerProcess } from './server'
import { waitFor } from './wait'

const NGINX = '/usr/sbin/nginx'

/** Null when PostgreSQL, Redis and nginx are there; otherwise why not (under CI: throws that instead). */
export async function clusterUnavailable(): Promise<string | null> {
  const missing = (await postgresUnavailable()) ?? (await redisUnavailable())
  if (missing) return missing
  if (spawnSync(NGINX, ['-v']).status === 0) return null
  const reason = `nginx is not installed at ${NGINX} (apt-get install nginx): the cluster tests run it in front of the servers`
  if (process.env.CI) throw new Error(reason)
  return reason
}

export interface ClusterServer extends ServerProcess {
  /** Its SERVER_ID. */
  readonly id: string
}

export interface TestCluster {
  /** The servers, by index; `restart` replaces one. */
  readonly servers: ClusterServer[]
  /** nginx in front of them: `http://127.0.0.1:<port>`. */
  readonly url: string
  readonly syncUrl: string
  /** The Redis keys' prefix of this cluster. */
  readonly prefix: string
  /** The servers' CREATE_BOARD_SECRET (boards and series are created with it, as behind nginx). */
  readonly creationSecret: string
  /** The servers' CLUSTER_SECRET, for a test that speaks to a server as another server of the cluster would. */
  readonly secret: string
  /** Creates a board through nginx (with the cluster's board creation secret). */
  createBoard(): Promise<CreatedBoard>
  /** Which server holds the board's lease now (its id), or null. */
  ownerOf(boardId: string): Promise<string | null>
  /** The server with that id. */
  server(id: string): ClusterServer
  /** Starts server `index` again (after it was killed), on its port, with its id. */
  restart(index: number): Promise<ClusterServer>
  close(): Promise<void>
}

export interface ClusterOptions {
  /** Default 3. */
  size?: number
  /** LEASE_TTL_MS of every server; default 2 s (tests wait for leases to run out). */
  leaseTtlMs?: number
}

/** Starts the servers and nginx; close it after the test. */
export async function startCluster(options: ClusterOptions = {}): Promise<TestCluster> {
  const size = options.size ?? 3
  const schema = freshSchema()
  const prefix = `gatherboard-test-${randomBytes(6).toString('hex')}:`
  const dir = await makeTempDir('gatherboard-cluster-')
  const secret = randomBytes(24).toString('base64url')
  const creationSecret = randomBytes(24).toString('base64url')
  // Fixed ports, so that nginx knows them and a restarted server comes back at its address.
  const ports = await Promise.all(Array.from({ length: size }, () => freePort()))
  const spawnOne = async (index: number): Promise<ClusterServer> => {
    const id = `s${index + 1}`
    const process = await spawnServer({
      dataDir: path.join(dir, id),
      port: ports[index]!,
      env: {
        DATABASE_URL: TEST_DATABASE_URL,
        DATABASE_SCHEMA: schema,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: prefix,
        CLUSTER_SECRET: secret,
        // Behind nginx no request is the server's own machine's: boards are created with the secret.
        CREATE_BOARD_SECRET: creationSecret,
        SERVER_ID: id,
        LEASE_TTL_MS: String(options.leaseTtlMs ?? 2_000),
        TRUST_PROXY: 'true',
        // One test machine plays every client: the per-address limits have tests of their own.
        BOARDS_PER_IP_BURST: '10000',
        CONNECTS_PER_IP_BURST: '100000',
        LOG_LEVEL: 'info',
      },
    })
    return Object.assign(process, { id })
  }
  // One after another: the first runs the schema's migrations, the others find them done.
  const servers: ClusterServer[] = []
  for (let index = 0; index < size; index++) servers.push(await spawnOne(index))
  const nginx = await startNginx(dir, ports)
  const redis = createClient({ url: TEST_REDIS_URL })
  await redis.connect()

  return {
    servers,
    url: nginx.url,
    syncUrl: syncUrlOf(nginx.url),
    prefix,
    creationSecret,
    secret,
    async createBoard() {
      const response = await fetch(`${nginx.url}/api/boards`, { method: 'POST', headers: { Authorization: `Bearer ${creationSecret}` } })
      if (response.status !== 201) throw new Error(`POST /api/boards answered ${response.status}`)
      return (await response.json()) as CreatedBoard
    },
    async ownerOf(boardId) {
      const lease = await redis.get(`${prefix}lease:${boardId}`)
      return lease?.split(' ')[0] ?? null
    },
    server(id) {
      const found = servers.find((server) => server.id === id)
      if (!found) throw new Error(`no server ${id}`)
      return found
    },
    async restart(index) {
      servers[index] = await spawnOne(index)
      return servers[index]
    },
    async close() {
      nginx.child.kill('SIGKILL')
      await Promise.all(servers.map((server) => (server.child.exitCode === null && server.child.signalCode === null ? server.kill('SIGKILL') : null)))
      const keys = await redis.keys(`${prefix}*`)
      if (keys.length > 0) await redis.del(keys)
      await redis.close()
      await dropSchema(schema)
      await removeDir(dir)
    },
  }
}

/**
 * nginx with the documented configuration, its upstream servers and port replaced by this
 * cluster's, everything it writes kept in `dir`.
 */
async function startNginx(dir: string, ports: readonly number[]): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort()
  const documented = await readFile(path.join(REPO_ROOT, 'docs/nginx/cluster.conf'), 'utf8')
  const servers = ports.map((serverPort) => `    server 127.0.0.1:${serverPort} max_fails=1 fail_timeout=5s;`).join('\n')
  const site = documented
    .replace(/(?:^ {4}server \S+:\d+ .*\n)+/m, `${servers}\n`)
    .replace(/listen 80;/, `listen 127.0.0.1:${port};`)
  if (!site.includes(`127.0.0.1:${ports[0]}`) || !site.includes(`listen 127.0.0.1:${port}`)) {
    throw new Error('docs/nginx/cluster.conf no longer has the upstream servers and listen line the test replaces')
  }
  const nginxDir = path.join(dir, 'nginx')
  await mkdir(nginxDir, { recursive: true })
  await writeFile(path.join(nginxDir, 'site.conf'), site)
  await writeFile(
    path.join(nginxDir, 'nginx.conf'),
    [
      'worker_processes 1;',
      'user root;',
      `pid ${nginxDir}/nginx.pid;`,
      `error_log ${nginxDir}/error.log warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${nginxDir}/${kind};`),
      `  include ${nginxDir}/site.conf;`,
      '}',
      '',
    ].join('\n'),
  )
  const child = spawn(NGINX, ['-p', nginxDir, '-c', `${nginxDir}/nginx.conf`, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] })
  let errors = ''
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  const url = `http://127.0.0.1:${port}`
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${errors}`)
      return (await fetch(`${url}/healthz`).catch(() => null))?.ok
    },
    { timeout: 15_000, message: `nginx to answer on ${url}` },
  )
  return { child, url }
}
