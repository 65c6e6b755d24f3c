/**
 * A person's colour made dark enough to carry white text: tldraw writes a collaborator's name in
 * white on their colour, and some of its colours (orange, yellow, light green) leave the name
 * unreadable. The hue stays, so people still tell each other apart.
 */

/** WCAG's contrast for normal text. */
const MIN_CONTRAST = 4.5

/** `#rrggbb` (or `#rgb`) darkened in small steps until white text on it has `MIN_CONTRAST`; other values as they are. */
export function readableOnWhite(color: string): string {
  const rgb = parseHex(color)
  if (!rgb) return color
  let factor = 1
  while (contrastWithWhite(rgb.map((channel) => channel * factor)) < MIN_CONTRAST && factor > 0) factor -= 0.05
  return `#${rgb.map((channel) => Math.round(channel * Math.max(0, factor)).toString(16).padStart(2, '0')).join('')}`
}

function parseHex(color: string): number[] | null {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())
  if (!match) return null
  const hex = match[1]!.length === 3 ? [...match[1]!].map((digit) => digit + digit).join('') : match[1]!
  return [0, 2, 4].map((at) => parseInt(hex.slice(at, at + 2), 16))
}

/** Contrast of white against the colour `rgb` (channels 0-255), by WCAG's relative luminance. */
function contrastWithWhite(rgb: number[]): number {
  const [r, g, b] = rgb.map((channel) => {
    const c = channel / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
  return 1.05 / (luminance + 0.05)
}
