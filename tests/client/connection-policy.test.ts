import { describe, expect, it } from 'vitest'
import { needsLicenseNotice } from '../../client/board/tldraw/license'
import { reconnectDelay } from '../../client/sync/reconnect'
import { boardIdFromInput } from '../../client/start/board-link'

describe('reconnect delay', () => {
  const options = { baseMs: 250, capMs: 10_000 }

  it('spreads attempts between the base and an exponentially growing ceiling', () => {
    expect(reconnectDelay(0, options, () => 0)).toBe(250)
    expect(reconnectDelay(0, options, () => 1)).toBe(250)
    expect(reconnectDelay(3, options, () => 1)).toBe(2000)
    expect(reconnectDelay(3, options, () => 0.5)).toBe(1125)
  })

  it('never waits longer than the cap, however many attempts failed', () => {
    expect(reconnectDelay(40, options, () => 1)).toBe(10_000)
    expect(reconnectDelay(1_000_000, options, () => 0.999)).toBeLessThanOrEqual(10_000)
  })
})

describe('licence notice', () => {
  it('is needed on a public HTTPS origin without a key', () => {
    expect(needsLicenseNotice({ protocol: 'https:', hostname: 'board.stadt.example' }, null)).toBe(true)
  })

  it('is not needed with a key, on localhost, or on plain HTTP', () => {
    expect(needsLicenseNotice({ protocol: 'https:', hostname: 'board.stadt.example' }, 'key')).toBe(false)
    expect(needsLicenseNotice({ protocol: 'https:', hostname: 'localhost' }, null)).toBe(false)
    expect(needsLicenseNotice({ protocol: 'https:', hostname: 'gb.localhost' }, null)).toBe(false)
    expect(needsLicenseNotice({ protocol: 'http:', hostname: '10.0.0.5' }, null)).toBe(false)
  })
})

describe('opening a board by link', () => {
  const id = 'AHrmHjIgLQR2i5F12X63EQ'

  it('finds the id in a link, a path with a view, or alone', () => {
    expect(boardIdFromInput(`https://gb.stadt.example/b/${id}`)).toBe(id)
    expect(boardIdFromInput(`  https://gb.stadt.example/b/${id}/capture?x=1 `)).toBe(id)
    expect(boardIdFromInput(`/b/${id}#k=abc`)).toBe(id)
    expect(boardIdFromInput(id)).toBe(id)
  })

  it('refuses text without a board id', () => {
    expect(boardIdFromInput('https://gb.stadt.example/')).toBeNull()
    expect(boardIdFromInput('hello')).toBeNull()
    expect(boardIdFromInput('/b/short')).toBeNull()
  })
})
