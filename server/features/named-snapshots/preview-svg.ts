/**
 * A preview image of a snapshot, drawn on the server from its records alone (no browser, no
 * tldraw): the first page's sections as labelled frames, cards as notes with their text, other
 * shapes as outlines and their text. Enough to recognise a state of the board in a list; the
 * snapshot itself, restored, is the full board.
 */
import { FRAME_SHAPE_TYPE, byId, pagePosition, shapesOf, sizeOf, type ShapeRecord } from '../../../shared/model/board-shapes'
import { CARD_SHAPE_TYPE, CARD_SIZE } from '../../../shared/model/card'
import type { LogRecord } from '../../../shared/model/record-log'

const MARGIN = 40
const MAX_LINES = 4
const LINE_CHARS = 28
const FONT = 'font-family="system-ui, sans-serif"'

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

/** Plain text of a shape: a card's `text`, a tldraw rich text's text nodes, or a frame's name. */
function shapeText(shape: ShapeRecord): string {
  const { text, richText, name } = shape.props
  if (typeof text === 'string') return text
  if (typeof name === 'string') return name
  const parts: string[] = []
  const walk = (node: unknown) => {
    if (typeof node !== 'object' || node === null) return
    const { text: value, content } = node as { text?: unknown; content?: unknown }
    if (typeof value === 'string') parts.push(value)
    if (Array.isArray(content)) content.forEach(walk)
  }
  walk(richText)
  return parts.join(' ')
}

/** Breaks text into at most `MAX_LINES` lines of about `LINE_CHARS` characters. */
function lines(text: string): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean)
  const out: string[] = []
  let line = ''
  for (const word of words) {
    if (line && line.length + word.length + 1 > LINE_CHARS) {
      out.push(line)
      line = ''
      if (out.length === MAX_LINES) break
    }
    line = line ? `${line} ${word}` : word.slice(0, LINE_CHARS)
  }
  if (line && out.length < MAX_LINES) out.push(line)
  if (out.length === MAX_LINES && words.join(' ').length > out.join(' ').length) out[MAX_LINES - 1] += '…'
  return out
}

function textBlock(x: number, y: number, text: string, size: number, weight = 'normal'): string {
  return lines(text)
    .map((line, i) => `<text x="${x}" y="${y + (i + 1) * size * 1.25}" font-size="${size}" font-weight="${weight}" ${FONT}>${escapeXml(line)}</text>`)
    .join('')
}

/** An SVG document showing the records' first page. */
export function renderPreviewSvg(records: readonly LogRecord[]): string {
  const page = records.find((record) => (record as { typeName?: unknown }).typeName === 'page')?.id
  const shapes = shapesOf(records)
  const shapesById = byId(shapes)
  const onPage = (shape: ShapeRecord) => {
    let current: ShapeRecord | undefined = shape
    const seen = new Set<string>()
    while (current && !seen.has(current.id)) {
      seen.add(current.id)
      if (!current.parentId.startsWith('shape:')) return page === undefined || current.parentId === page
      current = shapesById.get(current.parentId)
    }
    return false
  }
  const drawn = shapes
    .filter(onPage)
    .map((shape) => ({ shape, ...pagePosition(shape, shapesById), ...sizeOf(shape, CARD_SIZE) }))
    // Frames first, so cards inside them are drawn on top.
    .sort((a, b) => Number(b.shape.type === FRAME_SHAPE_TYPE) - Number(a.shape.type === FRAME_SHAPE_TYPE))

  if (drawn.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300"><rect width="400" height="300" fill="#fafafa"/></svg>`
  }
  const left = Math.min(...drawn.map((d) => d.x)) - MARGIN
  const top = Math.min(...drawn.map((d) => d.y)) - MARGIN
  const width = Math.max(...drawn.map((d) => d.x + d.w)) - left + MARGIN
  const height = Math.max(...drawn.map((d) => d.y + d.h)) - top + MARGIN

  const body = drawn
    .map(({ shape, x, y, w, h }) => {
      const text = shapeText(shape)
      if (shape.type === FRAME_SHAPE_TYPE) {
        return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#f4f6f8" stroke="#5b6470" stroke-width="3"/>${textBlock(x + 12, y + 4, text, 28, 'bold')}`
      }
      if (shape.type === CARD_SHAPE_TYPE) {
        return `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="8" fill="#fff4b8" stroke="#c9b44a" stroke-width="2"/>${textBlock(x + 12, y + 4, text, 20)}`
      }
      return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="#8a939e" stroke-width="2"/>${text ? textBlock(x + 8, y + 4, text, 20) : ''}`
    })
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${left} ${top} ${width} ${height}" width="${Math.round(width)}" height="${Math.round(height)}"><rect x="${left}" y="${top}" width="${width}" height="${height}" fill="#ffffff"/>${body}</svg>`
}
