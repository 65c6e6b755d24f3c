import { describe, expect, it } from 'vitest'
import { readableOnWhite } from '../../client/board/tldraw/readable-on-white'

/** WCAG contrast of white text on `hex`, computed here from the definition. */
function whiteContrast(hex: string): number {
  const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255)
  const linear = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 1.05 / (0.2126 * linear[0]! + 0.7152 * linear[1]! + 0.0722 * linear[2]! + 0.05)
}

describe('a collaborator colour white names read on', () => {
  it('darkens a light colour until white text has 4.5:1, keeping its hue', () => {
    // tldraw's orange-red, on which a white name has about 3.3:1.
    expect(whiteContrast('#ec5e41')).toBeLessThan(4.5)
    const darker = readableOnWhite('#ec5e41')
    expect(whiteContrast(darker)).toBeGreaterThanOrEqual(4.5)
    const [r, g, b] = [1, 3, 5].map((at) => parseInt(darker.slice(at, at + 2), 16))
    expect(g! / r!).toBeCloseTo(0x5e / 0xec, 1)
    expect(b! / r!).toBeCloseTo(0x41 / 0xec, 1)
  })

  it('leaves a colour that already carries white text, and reads the short form', () => {
    expect(readableOnWhite('#1b5fc1')).toBe('#1b5fc1')
    expect(whiteContrast(readableOnWhite('#fc0'))).toBeGreaterThanOrEqual(4.5)
  })

  it('passes on what is not a hex colour', () => {
    expect(readableOnWhite('var(--person)')).toBe('var(--person)')
  })
})
