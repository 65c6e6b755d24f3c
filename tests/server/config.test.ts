import { DEFAULT_WRITE_QUOTAS } from '../../server/roles/board-access'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from '../../server/config'

describe('config', () => {
  it('has defaults for everything', () => {
    expect(readConfig({}, '/srv/app')).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: path.resolve('/srv/app/data'),
      maxPayload: 10 * 1024 * 1024,
      maxAssetBytes: 20 * 1024 * 1024,
      tldrawLicenseKey: null,
      publicUrl: null,
      logLevel: 'info',
      quotas: DEFAULT_WRITE_QUOTAS,
    })
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
