/**
 * Flowing text on A4 pages with pdf-lib (no DOM): the part of the meeting PDF and the learning
 * note's PDF that sets `TextBlock`s (shared/minutes/text.ts) page after page, wraps lines, replaces
 * what the font cannot print and numbers the pages.
 */
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib'
import { fill } from '../minutes/strings'
import type { TextBlock } from '../minutes/text'

export const A4 = { w: 595.28, h: 841.89 }
export const MARGIN = 56
export const INK = rgb(0.1, 0.1, 0.1)
export const MUTED = rgb(0.35, 0.35, 0.35)

/** The two cuts of the embedded font. */
export interface PdfFonts {
  regular: PDFFont
  bold: PDFFont
}

export interface TextStyle {
  font: PDFFont
  size: number
  color?: ReturnType<typeof rgb>
  /** Extra left indent in points. */
  indent?: number
  /** Space before the block in points. */
  before?: number
  /** Further indent of every line after the first (a numbered item's text under its text, not under its number). */
  hanging?: number
}

/** Line height as a multiple of the type size. */
const LINE_HEIGHT = 1.35

/** Replaces what the font cannot encode, so drawing never throws on a person's text. */
function encodable(font: PDFFont, text: string): string {
  const known = new Set(font.getCharacterSet())
  return [...text.replace(/\t/g, ' ')].map((char) => (known.has(char.codePointAt(0)!) ? char : '?')).join('')
}

/** Breaks text into lines no wider than `width`, keeping its own line breaks; overlong words are cut. */
export function wrap(font: PDFFont, size: number, text: string, width: number): string[] {
  const lines: string[] = []
  // Split before replacing: a line break is no glyph of the font and would become a "?".
  for (const paragraph of text.split(/\r\n|[\r\n\u2028\u2029]/).map((line) => encodable(font, line))) {
    let line = ''
    for (const word of paragraph.split(' ')) {
      const candidate = line ? `${line} ${word}` : word
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate
        continue
      }
      if (line) lines.push(line)
      let rest = word
      while (font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--
        lines.push(rest.slice(0, cut))
        rest = rest.slice(cut)
      }
      line = rest
    }
    lines.push(line)
  }
  return lines
}

/** The ellipsis a cut line ends with, as on the board's cards. */
const ELLIPSIS = '\u2026'

/**
 * `text` as one line no wider than `width`: as it is when it fits, else cut after as many
 * characters as leave room for an ellipsis (`cut` forces the ellipsis: more text follows).
 */
export function fitLine(font: PDFFont, size: number, text: string, width: number, cut = false): string {
  const line = encodable(font, text).replace(/\s+/g, ' ').trim()
  if (!cut && font.widthOfTextAtSize(line, size) <= width) return line
  const chars = [...line]
  let end = chars.length
  while (end > 0 && font.widthOfTextAtSize(chars.slice(0, end).join('').trimEnd() + ELLIPSIS, size) > width) end--
  return chars.slice(0, end).join('').trimEnd() + ELLIPSIS
}

/** Writes flowing text top to bottom, starting new portrait pages as needed. */
export class TextFlow {
  private page: PDFPage | null = null
  private y = 0

  constructor(private readonly pdf: PDFDocument) {}

  private lines(text: string, style: TextStyle): string[] {
    return wrap(style.font, style.size, text, A4.w - 2 * MARGIN - (style.indent ?? 0) - (style.hanging ?? 0))
  }

  /** How much of the page `text` takes in `style`, its space before included. */
  heightOf(text: string, style: TextStyle): number {
    return (style.before ?? 0) + this.lines(text, style).length * style.size * LINE_HEIGHT
  }

  /** Starts a new page unless `height` points still fit on this one (what must not be parted: a heading and its first line). */
  keepRoom(height: number): void {
    if (this.page && this.y - height < MARGIN) this.newPage()
  }

  write(text: string, style: TextStyle): void {
    const indent = style.indent ?? 0
    const lineHeight = style.size * LINE_HEIGHT
    const lines = this.lines(text, style)
    if (this.page && style.before) this.y -= style.before
    lines.forEach((line, i) => {
      if (!this.page || this.y - lineHeight < MARGIN) this.newPage()
      this.y -= lineHeight
      const x = MARGIN + indent + (i > 0 ? (style.hanging ?? 0) : 0)
      this.page!.drawText(line, { x, y: this.y, size: style.size, font: style.font, color: style.color ?? INK })
    })
  }

  newPage(): void {
    this.page = this.pdf.addPage([A4.w, A4.h])
    this.y = A4.h - MARGIN
  }
}

/** What a block sets: one or two runs of text, each in its style. */
function blockRuns(block: TextBlock, fonts: PdfFonts): [string, TextStyle][] {
  const body = { font: fonts.regular, size: 11 }
  switch (block.kind) {
    case 'title':
      return [[block.text, { font: fonts.bold, size: 20 }]]
    case 'heading':
      return [[block.text, { font: fonts.bold, size: 14, before: 16 }]]
    case 'fact':
      return [[`${block.label}: ${block.text}`, { ...body, before: 2 }]]
    case 'paragraph':
    case 'row':
      return [[block.text, { ...body, before: 3 }]]
    case 'note':
      return [[block.text, { font: fonts.regular, size: 10, color: MUTED, before: 3 }]]
    case 'item': {
      const number = `${block.number}. `
      // The text's further lines under its first word, not under the number; the detail with them.
      const hanging = fonts.regular.widthOfTextAtSize(number, body.size)
      const runs: [string, TextStyle][] = [[number + block.text, { ...body, before: 6, hanging }]]
      if (block.detail) runs.push([block.detail, { font: fonts.regular, size: 9, color: MUTED, indent: hanging }])
      return runs
    }
  }
}

/** Headings and the label above a list belong to what follows them. */
const leadsIn = (block: TextBlock) => block.kind === 'title' || block.kind === 'heading' || block.kind === 'paragraph'

/**
 * Writes the blocks on new pages, in order. Nothing short is parted: a block starts on a new page
 * unless it fits, an item with its detail, a heading or a list's label with the first block after it
 * (what is longer than a page breaks where it must).
 */
export function writeTextBlocks(pdf: PDFDocument, fonts: PdfFonts, blocks: readonly TextBlock[]): void {
  const flow = new TextFlow(pdf)
  flow.newPage()
  const heightOf = (block: TextBlock) => blockRuns(block, fonts).reduce((sum, [text, style]) => sum + flow.heightOf(text, style), 0)
  blocks.forEach((block, i) => {
    let height = heightOf(block)
    for (let next = i; leadsIn(blocks[next]!) && next + 1 < blocks.length; next++) height += heightOf(blocks[next + 1]!)
    if (height < A4.h - 2 * MARGIN) flow.keepRoom(height)
    for (const [text, style] of blockRuns(block, fonts)) flow.write(text, style)
  })
}

/** "Page 2 of 9" (`template` with {page} and {pages}) at the foot of every page, once all pages exist. */
export function numberPages(pdf: PDFDocument, font: PDFFont, template: string): void {
  const pages = pdf.getPages()
  const size = 9
  pages.forEach((page, i) => {
    const text = fill(template, { page: i + 1, pages: pages.length })
    const { width } = page.getSize()
    page.drawText(text, { x: width - MARGIN - font.widthOfTextAtSize(text, size), y: MARGIN / 2, size, font, color: MUTED })
  })
}
