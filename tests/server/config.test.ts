import { DEFAULT_WRITE_QUOTAS } from '../../server/features/access/board-access'
import { hostname } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from '../../server/config'

describe('config', () => {
  it('has defaults for everything', () => {
    const config = readConfig({}, '/srv/app')
    // A server id of this host, different each start unless SERVER_ID says otherwise.
    expect(config.serverId).toMatch(new RegExp(`^${hostname().replace(/[.]/g, '\\.')}-[0-9a-f]{6}$`))
    expect(readConfig({}, '/srv/app').serverId).not.toBe(config.serverId)
    expect(config).toEqual({
      serverId: config.serverId,
      cluster: null,
      redisKeyPrefix: 'gatherboard:',
      port: 8080,
      host: '0.0.0.0',
      dataDir: path.resolve('/srv/app/data'),
      databaseUrl: null,
      databaseSchema: null,
      redisUrl: null,
      metricsToken: null,
      maxPayload: 10 * 1024 * 1024,
      maxAssetBytes: 20 * 1024 * 1024,
      maxBoardAssetBytes: 500 * 1024 * 1024,
      tldrawLicenseKey: null,
      publicUrl: null,
      frameAncestors: "'none'",
      trustProxy: false,
      createBoardSecret: null,
      boardsPerIpBurst: 20,
      boardsPerIpPerHour: 60,
      connectsPerIpBurst: 200,
      connectsPerIpPerSecond: 20,
      joinCodeTriesPerMinute: 10,
      roomIdleMs: 30_000,
      retentionDays: null,
      logLevel: 'info',
      oidc: null,
      publicPages: { dir: path.resolve('/srv/app/data/pages'), imprintUrl: null, operatorName: null, accessibilityContact: null, privacyContact: null },
      quotas: DEFAULT_WRITE_QUOTAS,
    })
  })

  it('reads which claim says an e-mail address was checked, or that every address counts as checked', () => {
    const oidc = { OIDC_ISSUER: 'https://login.example.org/realms/city', OIDC_CLIENT_ID: 'gatherboard', OIDC_CLIENT_SECRET: 's' }
    expect(readConfig(oidc, '/srv/app').oidc?.claims.emailVerified).toBe('email_verified')
    expect(readConfig({ ...oidc, OIDC_EMAIL_VERIFIED_CLAIM: 'mail_checked' }, '/srv/app').oidc?.claims.emailVerified).toBe('mail_checked')
    expect(readConfig({ ...oidc, OIDC_EMAIL_VERIFIED_CLAIM: 'none' }, '/srv/app').oidc?.claims.emailVerified).toBeNull()
  })

  it('reads the environment', () => {
    const config = readConfig(
      { PORT: '3000', HOST: '127.0.0.1', DATA_DIR: '/var/lib/gb', TLDRAW_LICENSE_KEY: 'k', PUBLIC_URL: 'https://board.example.org/' },
      '/srv/app',
    )
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/var/lib/gb',
      tldrawLicenseKey: 'k',
      publicUrl: 'https://board.example.org',
    })
  })

  it('reads the shared database and Redis, and refuses what is neither', () => {
    const shared = { DATABASE_URL: 'postgres://gb@db:5432/gb', DATABASE_SCHEMA: 'city_a', REDIS_URL: 'redis://cache:6379' }
    expect(readConfig({ ...shared, CLUSTER_SECRET: 'sixteen-chars-at-least', SERVER_ID: 'gb-1' })).toMatchObject({
      databaseUrl: 'postgres://gb@db:5432/gb',
      databaseSchema: 'city_a',
      redisUrl: 'redis://cache:6379',
      serverId: 'gb-1',
      cluster: { serverId: 'gb-1', secret: 'sixteen-chars-at-least', address: null, leaseTtlMs: 5_000, prefix: 'gatherboard:' },
    })
    expect(
      readConfig({ ...shared, CLUSTER_SECRET: 'sixteen-chars-at-least', CLUSTER_ADDRESS: 'http://10.0.0.7:8080/', LEASE_TTL_MS: '3000', REDIS_PREFIX: 'city-a:' }).cluster,
    ).toMatchObject({ address: 'http://10.0.0.7:8080', leaseTtlMs: 3_000, prefix: 'city-a:' })
    // Servers that share both must share a secret: without one a client could claim any role through a forwarded connection.
    expect(() => readConfig(shared)).toThrow(/CLUSTER_SECRET \(at least 16 characters/)
    expect(() => readConfig({ ...shared, CLUSTER_SECRET: 'short', SERVER_ID: 'has space', CLUSTER_ADDRESS: 'ftp://x', LEASE_TTL_MS: '10' })).toThrow(
      /SERVER_ID must be[\s\S]*CLUSTER_SECRET[\s\S]*CLUSTER_ADDRESS must be[\s\S]*LEASE_TTL_MS must be/,
    )
    expect(() => readConfig({ DATABASE_URL: 'mysql://db/gb', DATABASE_SCHEMA: 'Robert"); DROP', REDIS_URL: 'db:6379' })).toThrow(
      /DATABASE_URL must be a PostgreSQL URL[\s\S]*DATABASE_SCHEMA must be a plain[\s\S]*REDIS_URL must be a Redis URL/,
    )
  })

  it('reads the metrics token, and refuses one too short to be a secret', () => {
    expect(readConfig({ METRICS_TOKEN: 'a-scraper-token-123' }).metricsToken).toBe('a-scraper-token-123')
    expect(() => readConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be 16 to 256 printable ASCII/)
  })

  it('reads the hardening settings', () => {
    const config = readConfig({
      MAX_BOARD_ASSET_BYTES: '1000',
      FRAME_ANCESTORS: "'self'  https://portal.example.org",
      TRUST_PROXY: 'yes',
      CREATE_BOARD_SECRET: 'a-long-enough-secret',
      BOARDS_PER_IP_BURST: '5',
      BOARDS_PER_IP_PER_HOUR: '10',
      CONNECTS_PER_IP_BURST: '50',
      CONNECTS_PER_IP_PER_SECOND: '5',
      JOIN_CODE_TRIES_PER_MINUTE: '3',
    })
    expect(config).toMatchObject({
      maxBoardAssetBytes: 1000,
      frameAncestors: "'self' https://portal.example.org",
      trustProxy: true,
      createBoardSecret: 'a-long-enough-secret',
      boardsPerIpBurst: 5,
      boardsPerIpPerHour: 10,
      connectsPerIpBurst: 50,
      connectsPerIpPerSecond: 5,
      joinCodeTriesPerMinute: 3,
    })
  })

  it('reads the grace period of empty rooms, 0 (unload at once) included', () => {
    expect(readConfig({ ROOM_IDLE_MS: '5000' }).roomIdleMs).toBe(5000)
    expect(readConfig({ ROOM_IDLE_MS: '0' }).roomIdleMs).toBe(0)
    for (const bad of ['-1', '30s', '1e3', String(24 * 60 * 60 * 1000 + 1)]) {
      expect(() => readConfig({ ROOM_IDLE_MS: bad }), bad).toThrow(/ROOM_IDLE_MS must be a whole number from 0/)
    }
  })

  it('keeps boards for ever unless RETENTION_DAYS says how many days a closed one is kept', () => {
    expect(readConfig({}).retentionDays).toBeNull()
    expect(readConfig({ RETENTION_DAYS: '' }).retentionDays).toBeNull()
    expect(readConfig({ RETENTION_DAYS: '90' }).retentionDays).toBe(90)
    expect(readConfig({ RETENTION_DAYS: '1' }).retentionDays).toBe(1)
    for (const bad of ['0', '-5', '30d', '1.5', 'off', '36501']) {
      expect(() => readConfig({ RETENTION_DAYS: bad }), bad).toThrow(/RETENTION_DAYS must be a whole number from 1 to 36500/)
    }
  })

  it('refuses bad hardening settings', () => {
    let error: unknown
    try {
      readConfig({
        MAX_BOARD_ASSET_BYTES: '0',
        FRAME_ANCESTORS: "'none'; script-src *",
        TRUST_PROXY: 'maybe',
        CREATE_BOARD_SECRET: 'short',
        CONNECTS_PER_IP_PER_SECOND: 'fast',
      })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).problems).toHaveLength(5)
    expect((error as ConfigError).message).toContain('FRAME_ANCESTORS must be')
  })

  it('reports every bad value at once', () => {
    let error: unknown
    try {
      readConfig({ PORT: '80a', MAX_PAYLOAD: '-1', PUBLIC_URL: 'board.example.org', LOG_LEVEL: 'loud' })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).problems).toHaveLength(4)
    expect((error as ConfigError).message).toContain('PORT must be a whole number')
  })
})
