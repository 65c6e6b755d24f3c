/**
 * Looking at pictures the way a person would, in numbers: which share of an area has a colour,
 * how much of it is dark like text. PNGs are decoded by the browser itself (no decoder of ours).
 */
import type { Page } from 'playwright-core'
import type { RgbImage } from './pdf'

export interface Rect {
  x: number
  y: number
  w: number
  h: number
}

/** The pixels of `rect` (in image pixels) of a PNG, decoded by Chromium. */
export async function pngRegion(page: Page, png: Uint8Array, rect: Rect): Promise<RgbImage> {
  const base64 = await page.evaluate(
    async ({ data, rect }) => {
      const bytes = Uint8Array.from(atob(data), (char) => char.charCodeAt(0))
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
      const canvas = new OffscreenCanvas(rect.w, rect.h)
      const context = canvas.getContext('2d')!
      context.drawImage(bitmap, -rect.x, -rect.y)
      const { data: rgba } = context.getImageData(0, 0, rect.w, rect.h)
      const rgb = new Uint8Array(rect.w * rect.h * 3)
      for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) rgb.set([rgba[i]!, rgba[i + 1]!, rgba[i + 2]!], j)
      let binary = ''
      for (let i = 0; i < rgb.length; i += 0x8000) binary += String.fromCharCode(...rgb.subarray(i, i + 0x8000))
      return btoa(binary)
    },
    { data: Buffer.from(png).toString('base64'), rect },
  )
  return { width: rect.w, height: rect.h, rgb: Buffer.from(base64, 'base64') }
}

/** A part of an image already in memory. */
export function crop(image: RgbImage, rect: Rect): RgbImage {
  const rgb = Buffer.alloc(rect.w * rect.h * 3)
  for (let row = 0; row < rect.h; row++) {
    const start = ((rect.y + row) * image.width + rect.x) * 3
    image.rgb.copy(rgb, row * rect.w * 3, start, start + rect.w * 3)
  }
  return { width: rect.w, height: rect.h, rgb }
}

function shareOf(image: RgbImage, test: (r: number, g: number, b: number) => boolean): number {
  let hits = 0
  for (let i = 0; i < image.rgb.length; i += 3) if (test(image.rgb[i]!, image.rgb[i + 1]!, image.rgb[i + 2]!)) hits++
  return hits / (image.width * image.height)
}

/** Whether a pixel is within `tolerance` (per channel) of a CSS hex colour such as `#e3eefc`. */
function isColour(hex: string, tolerance: number): (r: number, g: number, b: number) => boolean {
  const [r0, g0, b0] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]
  return (r, g, b) => Math.abs(r - r0) <= tolerance && Math.abs(g - g0) <= tolerance && Math.abs(b - b0) <= tolerance
}

/** The share of pixels within `tolerance` (per channel) of a CSS hex colour. */
export function shareOfColour(image: RgbImage, hex: string, tolerance = 6): number {
  return shareOf(image, isColour(hex, tolerance))
}

/**
 * The smallest rectangle holding the rows and columns that have at least `perLine` pixels of a
 * colour (so the blended edges of other shapes, which may pass for it here and there, do not
 * count), or null when there are none.
 */
export function boundsOfColour(image: RgbImage, hex: string, { tolerance = 6, perLine = 1 } = {}): Rect | null {
  const test = isColour(hex, tolerance)
  const rows = new Array<number>(image.height).fill(0)
  const columns = new Array<number>(image.width).fill(0)
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 3
      if (!test(image.rgb[i]!, image.rgb[i + 1]!, image.rgb[i + 2]!)) continue
      rows[y]!++
      columns[x]!++
    }
  }
  const span = (counts: number[]) => [counts.findIndex((count) => count >= perLine), counts.findLastIndex((count) => count >= perLine)] as const
  const [top, bottom] = span(rows)
  const [left, right] = span(columns)
  return top < 0 || left < 0 ? null : { x: left, y: top, w: right - left + 1, h: bottom - top + 1 }
}

const luma = (r: number, g: number, b: number) => 0.2126 * r + 0.7152 * g + 0.0722 * b

/** The share of pixels dark enough to be text on a light ground. */
export function shareOfDark(image: RgbImage): number {
  return shareOf(image, (r, g, b) => luma(r, g, b) < 90)
}

/** The share of pixels light enough to be text on a dark ground. */
export function shareOfLight(image: RgbImage): number {
  return shareOf(image, (r, g, b) => luma(r, g, b) > 200)
}
