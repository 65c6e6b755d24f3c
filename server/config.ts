/**
 * The server's configuration, read from the environment and checked once at start-up.
 *
 * Every problem is collected and reported together, so an operator fixes a bad environment
 * in one go instead of one variable per restart.
 */
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import path from 'node:path'
import { DEFAULT_CLUSTER_PREFIX, DEFAULT_LEASE_TTL_MS, type ClusterSettings } from './cluster/cluster'
import type { WriteQuotas } from './hooks'
import { DEFAULT_RATE_LIMITS, type RateLimits } from './limits/rate-limits'
import { LOG_LEVELS, type LogLevel } from './log'
import { DEFAULT_WRITE_QUOTAS } from './features/access/board-access'
import { DEFAULT_ROOM_IDLE_MS } from './sync/rooms'
import type { OidcSettings } from './features/sign-in/oidc-provider-client'

const MIB = 1024 * 1024

export interface ServerConfig extends RateLimits {
  port: number
  host: string
  /** Absolute path of the data directory (SQLite file and uploaded assets; unused with a database). */
  dataDir: string
  /** PostgreSQL to keep everything in (`postgres://…`) instead of SQLite in `dataDir`; null: SQLite. */
  databaseUrl: string | null
  /** The PostgreSQL schema of the tables; null: the connection's own (`public`). */
  databaseSchema: string | null
  /** Redis the servers share (`redis://…`); null: none. */
  redisUrl: string | null
  /** This server's id (`SERVER_ID`), in every log line and, with several servers, in Redis. */
  serverId: string
  /** Several servers sharing PostgreSQL and Redis (both set); null: one server. */
  cluster: ClusterSettings | null
  /** `GET /metrics` needs it as a bearer token; null: only the machine and private networks may read the metrics. */
  metricsToken: string | null
  /** Prefix of this installation's keys in Redis (`REDIS_PREFIX`): the shared rate limits and, with several servers, the cluster's. */
  redisKeyPrefix: string
  /** Largest WebSocket frame accepted, in bytes. */
  maxPayload: number
  /** Largest asset upload accepted, in bytes. */
  maxAssetBytes: number
  /** Most bytes all uploaded files of one board may take together. */
  maxBoardAssetBytes: number
  /** Handed to the client at run time; null when not configured. */
  tldrawLicenseKey: string | null
  /** Public origin used in board links (e.g. `https://board.example.org`), without trailing slash. */
  publicUrl: string | null
  /** CSP `frame-ancestors` sources: who may embed the app's pages (`'none'`: nobody). */
  frameAncestors: string
  /** Whether the client address is the last hop of `X-Forwarded-For` (behind a reverse proxy). */
  trustProxy: boolean
  /** When set, creating a board needs `Authorization: Bearer <secret>`. */
  createBoardSecret: string | null
  /** How long a board nobody is connected to stays loaded (ms); 0 unloads it at once. */
  roomIdleMs: number
  /** Days a closed meeting's board is kept before the server deletes it; null keeps boards for ever. */
  retentionDays: number | null
  logLevel: LogLevel
  /** The operator's settings of the accessibility statement, privacy notice and imprint. */
  publicPages: PublicPagesConfig
  /** Facilitators' sign-in through OpenID Connect; null without OIDC_ISSUER. */
  oidc: OidcSettings | null
  /** What participants and viewers may write (see `WriteQuotas`). */
  quotas: WriteQuotas
}

/** What the operator sets about the public pages (server/features/public-pages/page-texts.ts). */
export interface PublicPagesConfig {
  /** Where the operator's own page texts are (`PAGES_DIR`, default `DATA_DIR/pages`). */
  dir: string
  imprintUrl: string | null
  operatorName: string | null
  accessibilityContact: string | null
  privacyContact: string | null
}

/** Thrown when the environment holds invalid values; the message lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`)
    this.name = 'ConfigError'
  }
}

type Env = Readonly<Record<string, string | undefined>>

/** Reads and validates the configuration from `env` (usually `process.env`). */
export function readConfig(env: Env, cwd = process.cwd()): ServerConfig {
  const problems: string[] = []
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim()
    return raw === undefined || raw === '' ? undefined : raw
  }
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = value(name)
    if (raw === undefined) return fallback
    const parsed = /^\d+$/.test(raw) ? Number(raw) : NaN
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`)
      return fallback
    }
    return parsed
  }

  const flag = (name: string, fallback: boolean): boolean => {
    const raw = value(name)?.toLowerCase()
    if (raw === undefined) return fallback
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true
    if (['0', 'false', 'no', 'off'].includes(raw)) return false
    problems.push(`${name} must be one of 1, true, yes, on, 0, false, no, off, got "${env[name]}"`)
    return fallback
  }

  const frameAncestors = (value('FRAME_ANCESTORS') ?? "'none'").split(/\s+/).join(' ')
  if (!isFrameAncestorsList(frameAncestors)) {
    problems.push(
      `FRAME_ANCESTORS must be 'none', or 'self' and/or http(s) origins separated by spaces, got "${frameAncestors}"`,
    )
  }
  const createBoardSecret = value('CREATE_BOARD_SECRET') ?? null
  if (createBoardSecret !== null && !/^[\x21-\x7e]{12,256}$/.test(createBoardSecret)) {
    problems.push('CREATE_BOARD_SECRET must be 12 to 256 printable ASCII characters without spaces')
  }
  const publicUrl = value('PUBLIC_URL') ?? null
  if (publicUrl !== null && !isHttpOrigin(publicUrl)) {
    problems.push(`PUBLIC_URL must be an http(s) URL without path, query or hash, got "${publicUrl}"`)
  }
  const imprintUrl = value('IMPRINT_URL') ?? null
  if (imprintUrl !== null && !isHttpUrl(imprintUrl)) problems.push(`IMPRINT_URL must be an http(s) URL, got "${imprintUrl}"`)
  const pageSetting = (name: string): string | null => {
    const raw = value(name) ?? null
    if (raw !== null && raw.length > 1000) problems.push(`${name} must be at most 1000 characters`)
    return raw
  }
  const oidc = readOidc(value, problems)
  const databaseUrl = value('DATABASE_URL') ?? null
  if (databaseUrl !== null && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a PostgreSQL URL, postgres://user@host:port/database')
  }
  const databaseSchema = value('DATABASE_SCHEMA') ?? null
  if (databaseSchema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(databaseSchema)) {
    problems.push(`DATABASE_SCHEMA must be a plain lower-case SQL name (letters, digits, _), got "${databaseSchema}"`)
  }
  const redisUrl = value('REDIS_URL') ?? null
  if (redisUrl !== null && !/^rediss?:\/\/\S+$/.test(redisUrl)) {
    problems.push('REDIS_URL must be a Redis URL, redis://host:port')
  }
  const serverId = value('SERVER_ID') ?? `${hostname()}-${randomBytes(3).toString('hex')}`
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(serverId)) problems.push(`SERVER_ID must be 1 to 64 letters, digits, '.', '_' or '-', got "${serverId}"`)
  const clusterSecret = value('CLUSTER_SECRET') ?? null
  const shared = databaseUrl !== null && redisUrl !== null
  if (shared && (clusterSecret === null || clusterSecret.length < 16)) {
    problems.push('CLUSTER_SECRET (at least 16 characters, the same on every server) is needed with DATABASE_URL and REDIS_URL: the servers sign what they forward to each other with it')
  }
  const clusterAddress = value('CLUSTER_ADDRESS') ?? null
  if (clusterAddress !== null && !isHttpOrigin(clusterAddress)) {
    problems.push(`CLUSTER_ADDRESS must be an http(s) URL without path, where the other servers reach this one, got "${clusterAddress}"`)
  }
  const redisPrefix = value('REDIS_PREFIX') ?? DEFAULT_CLUSTER_PREFIX
  if (!/^[A-Za-z0-9._:-]{1,64}$/.test(redisPrefix)) problems.push(`REDIS_PREFIX must be 1 to 64 letters, digits, '.', '_', ':' or '-', got "${redisPrefix}"`)
  const leaseTtlMs = integer('LEASE_TTL_MS', DEFAULT_LEASE_TTL_MS, 1_000, 60_000)
  const metricsToken = value('METRICS_TOKEN') ?? null
  if (metricsToken !== null && !/^[\x21-\x7e]{16,256}$/.test(metricsToken)) {
    problems.push('METRICS_TOKEN must be 16 to 256 printable ASCII characters without spaces')
  }
  const logLevel = (value('LOG_LEVEL') ?? 'info') as LogLevel
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`)
  }

  const dataDir = path.resolve(cwd, value('DATA_DIR') ?? 'data')
  const config: ServerConfig = {
    port: integer('PORT', 8080, 0, 65535),
    host: value('HOST') ?? '0.0.0.0',
    dataDir,
    databaseUrl,
    databaseSchema,
    redisUrl,
    serverId,
    cluster: shared
      ? { serverId, secret: clusterSecret ?? '', address: clusterAddress?.replace(/\/+$/, '') ?? null, leaseTtlMs, prefix: redisPrefix }
      : null,
    metricsToken,
    redisKeyPrefix: redisPrefix,
    maxPayload: integer('MAX_PAYLOAD', 10 * MIB, 1024, 1024 * MIB),
    maxAssetBytes: integer('MAX_ASSET_BYTES', 20 * MIB, 1, 1024 * 1024 * MIB),
    maxBoardAssetBytes: integer('MAX_BOARD_ASSET_BYTES', 500 * MIB, 1, 1024 * 1024 * 1024 * MIB),
    tldrawLicenseKey: value('TLDRAW_LICENSE_KEY') ?? null,
    publicUrl: publicUrl?.replace(/\/+$/, '') ?? null,
    frameAncestors,
    trustProxy: flag('TRUST_PROXY', false),
    createBoardSecret,
    boardsPerIpBurst: integer('BOARDS_PER_IP_BURST', DEFAULT_RATE_LIMITS.boardsPerIpBurst, 1, 1_000_000),
    boardsPerIpPerHour: integer('BOARDS_PER_IP_PER_HOUR', DEFAULT_RATE_LIMITS.boardsPerIpPerHour, 1, 1_000_000),
    connectsPerIpBurst: integer('CONNECTS_PER_IP_BURST', DEFAULT_RATE_LIMITS.connectsPerIpBurst, 1, 1_000_000),
    connectsPerIpPerSecond: integer('CONNECTS_PER_IP_PER_SECOND', DEFAULT_RATE_LIMITS.connectsPerIpPerSecond, 1, 1_000_000),
    joinCodeTriesPerMinute: integer('JOIN_CODE_TRIES_PER_MINUTE', DEFAULT_RATE_LIMITS.joinCodeTriesPerMinute, 1, 10_000),
    roomIdleMs: integer('ROOM_IDLE_MS', DEFAULT_ROOM_IDLE_MS, 0, 24 * 60 * 60 * 1000),
    // Off unless set: deleting people's boards is the operator's decision. At most a hundred years.
    retentionDays: value('RETENTION_DAYS') === undefined ? null : integer('RETENTION_DAYS', 0, 1, 36_500),
    logLevel,
    oidc,
    publicPages: {
      dir: path.resolve(cwd, value('PAGES_DIR') ?? path.join(dataDir, 'pages')),
      imprintUrl,
      operatorName: pageSetting('OPERATOR_NAME'),
      accessibilityContact: pageSetting('ACCESSIBILITY_CONTACT'),
      privacyContact: pageSetting('PRIVACY_CONTACT'),
    },
    quotas: {
      maxUpdateBytes: integer('MAX_UPDATE_BYTES', DEFAULT_WRITE_QUOTAS.maxUpdateBytes, 1024, 1024 * MIB),
      maxUpdateStructs: integer('MAX_UPDATE_STRUCTS', DEFAULT_WRITE_QUOTAS.maxUpdateStructs, 1, 10_000_000),
      bytesPerSecond: integer('WRITE_BYTES_PER_SECOND', DEFAULT_WRITE_QUOTAS.bytesPerSecond, 1024, 1024 * MIB),
      burstBytes: integer('WRITE_BURST_BYTES', DEFAULT_WRITE_QUOTAS.burstBytes, 1024, 1024 * MIB),
      maxBoardBytes: integer('MAX_BOARD_BYTES', DEFAULT_WRITE_QUOTAS.maxBoardBytes, 1024, 1024 * 1024 * MIB),
    },
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return config
}

function isHttpOrigin(raw: string): boolean {
  try {
    const url = new URL(raw)
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      (url.pathname === '/' || url.pathname === '') &&
      url.search === '' &&
      url.hash === ''
    )
  } catch {
    return false
  }
}

/** OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together or none of them; the claim names have defaults. */
function readOidc(value: (name: string) => string | undefined, problems: string[]): OidcSettings | null {
  const issuer = value('OIDC_ISSUER')
  const clientId = value('OIDC_CLIENT_ID')
  const clientSecret = value('OIDC_CLIENT_SECRET')
  if (issuer === undefined && clientId === undefined && clientSecret === undefined) return null
  if (issuer === undefined || clientId === undefined || clientSecret === undefined) {
    problems.push('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are needed together for sign-in')
    return null
  }
  if (!isHttpUrl(issuer)) problems.push(`OIDC_ISSUER must be an http(s) URL, got "${issuer}"`)
  return {
    issuer,
    clientId,
    clientSecret,
    scopes: value('OIDC_SCOPES') ?? 'openid profile email',
    claims: {
      name: value('OIDC_NAME_CLAIM') ?? 'name',
      email: value('OIDC_EMAIL_CLAIM') ?? 'email',
      username: value('OIDC_USERNAME_CLAIM') ?? 'preferred_username',
      organisation: value('OIDC_ORGANISATION_CLAIM') ?? null,
      // `none`: the provider vouches for every address it sends without saying so in a claim.
      emailVerified: value('OIDC_EMAIL_VERIFIED_CLAIM') === 'none' ? null : (value('OIDC_EMAIL_VERIFIED_CLAIM') ?? 'email_verified'),
    },
  }
}

function isHttpUrl(raw: string): boolean {
  try {
    const url = new URL(raw)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/** `'none'` alone, or `'self'` and http(s) origins (a `*.` host wildcard allowed), as CSP reads them. */
function isFrameAncestorsList(list: string): boolean {
  if (list === "'none'") return true
  return list.split(' ').every((source) => source === "'self'" || /^https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$/.test(source))
}
