/**
 * The meeting as a PDF (pdf-lib, no DOM): a cover page (title, purpose, date, place, cities, how
 * many took part on site and remotely), one page per section with its picture, then the minutes.
 * Texts come from shared/minutes, so the PDF says what the minutes files say.
 *
 * Names and cities come from all over Europe (Łódź, İzmir, Θεσσαλονίκη, Київ), so the text is set in
 * IBM Plex Sans (the board's own sans, SIL Open Font License, served from our files), embedded as a
 * subset of the characters used: a few dozen KiB. What even Plex lacks (emoji) is drawn as "?".
 * Every page is A4 and numbered.
 */
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib'
import { meetingFacts, minutesTitle, participantCount } from './phrases'
import { fill, minutesStrings } from './strings'
import { toTextBlocks, type TextBlock } from './text'
import type { Minutes } from './types'

/** A section's picture as PNG bytes with its size in pixels. */
export interface SectionImage {
  title: string
  png: Uint8Array
  width: number
  height: number
}

const A4 = { w: 595.28, h: 841.89 }
const MARGIN = 56
const INK = rgb(0.1, 0.1, 0.1)
const MUTED = rgb(0.35, 0.35, 0.35)

/** The font files (TrueType, OpenType or WOFF) the PDF embeds. */
export interface MeetingPdfFonts {
  regular: Uint8Array
  bold: Uint8Array
}

/** What the cover says besides the minutes. */
export interface MeetingPdfCover {
  /** The board's address without any link token: the PDF travels to other cities. */
  boardUrl: string
}

interface Fonts {
  regular: PDFFont
  bold: PDFFont
}

interface TextStyle {
  font: PDFFont
  size: number
  color?: ReturnType<typeof rgb>
  /** Extra left indent in points. */
  indent?: number
  /** Space before the block in points. */
  before?: number
}

/** Replaces what the font cannot encode, so drawing never throws on a person's text. */
function encodable(font: PDFFont, text: string): string {
  const known = new Set(font.getCharacterSet())
  return [...text.replace(/\t/g, ' ')].map((char) => (known.has(char.codePointAt(0)!) ? char : '?')).join('')
}

/** Breaks text into lines no wider than `width`, keeping its own line breaks; overlong words are cut. */
function wrap(font: PDFFont, size: number, text: string, width: number): string[] {
  const lines: string[] = []
  for (const paragraph of encodable(font, text).split(/\r\n|[\r\n\u2028\u2029]/)) {
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

/** Writes flowing text top to bottom, starting new portrait pages as needed. */
class TextFlow {
  private page: PDFPage | null = null
  private y = 0

  constructor(private readonly pdf: PDFDocument) {}

  write(text: string, style: TextStyle): void {
    const indent = style.indent ?? 0
    const lineHeight = style.size * 1.35
    const lines = wrap(style.font, style.size, text, A4.w - 2 * MARGIN - indent)
    if (this.page && style.before) this.y -= style.before
    for (const line of lines) {
      if (!this.page || this.y - lineHeight < MARGIN) this.newPage()
      this.y -= lineHeight
      this.page!.drawText(line, { x: MARGIN + indent, y: this.y, size: style.size, font: style.font, color: style.color ?? INK })
    }
  }

  newPage(): void {
    this.page = this.pdf.addPage([A4.w, A4.h])
    this.y = A4.h - MARGIN
  }
}

/** The page a person files: what the meeting was for, large, then when, where, who and the board. */
function writeCover(pdf: PDFDocument, fonts: Fonts, minutes: Minutes, cover: MeetingPdfCover): void {
  const flow = new TextFlow(pdf)
  const strings = minutesStrings(minutes.lang)
  flow.newPage()
  flow.write(strings.minutes, { font: fonts.regular, size: 12, color: MUTED, before: 96 })
  flow.write(minutes.meeting.title.trim() || strings.untitled, { font: fonts.bold, size: 24, before: 8 })
  if (minutes.meeting.purpose.trim()) flow.write(minutes.meeting.purpose, { font: fonts.bold, size: 20, before: 22 })
  const facts = meetingFacts(minutes).filter((fact) => fact.label !== strings.purpose)
  facts.forEach((fact, i) => flow.write(`${fact.label}: ${fact.value}`, { font: fonts.regular, size: 13, before: i === 0 ? 30 : 6 }))
  flow.write(participantCount(minutes), { font: fonts.bold, size: 13, before: 18 })
  flow.write(`${strings.board}: ${cover.boardUrl}`, { font: fonts.regular, size: 11, color: MUTED, before: 30 })
}

async function writeSectionPage(pdf: PDFDocument, fonts: Fonts, section: SectionImage): Promise<void> {
  const landscape = section.width >= section.height
  const [w, h] = landscape ? [A4.h, A4.w] : [A4.w, A4.h]
  const page = pdf.addPage([w, h])
  const titleSize = 18
  const title = wrap(fonts.bold, titleSize, section.title, w - 2 * MARGIN)[0] ?? ''
  page.drawText(title, { x: MARGIN, y: h - MARGIN - titleSize, size: titleSize, font: fonts.bold, color: INK })
  const image = await pdf.embedPng(section.png)
  const box = { w: w - 2 * MARGIN, h: h - 2 * MARGIN - titleSize - 16 }
  const scale = Math.min(box.w / image.width, box.h / image.height, 1)
  const size = { w: image.width * scale, h: image.height * scale }
  page.drawImage(image, { x: (w - size.w) / 2, y: MARGIN + (box.h - size.h) / 2, width: size.w, height: size.h })
}

function writeMinutes(pdf: PDFDocument, fonts: Fonts, blocks: readonly TextBlock[]): void {
  const flow = new TextFlow(pdf)
  flow.newPage()
  for (const block of blocks) {
    switch (block.kind) {
      case 'title':
        flow.write(block.text, { font: fonts.bold, size: 20 })
        break
      case 'heading':
        flow.write(block.text, { font: fonts.bold, size: 14, before: 16 })
        break
      case 'fact':
        flow.write(`${block.label}: ${block.text}`, { font: fonts.regular, size: 11, before: 2 })
        break
      case 'paragraph':
      case 'row':
        flow.write(block.text, { font: fonts.regular, size: 11, before: 3 })
        break
      case 'note':
        flow.write(block.text, { font: fonts.regular, size: 10, color: MUTED, before: 3 })
        break
      case 'item':
        flow.write(`${block.number}. ${block.text}`, { font: fonts.regular, size: 11, before: 6 })
        if (block.detail) flow.write(block.detail, { font: fonts.regular, size: 9, color: MUTED, indent: 18 })
        break
    }
  }
}

/** "Page 2 of 9" at the foot of every page, once all pages exist. */
function numberPages(pdf: PDFDocument, font: PDFFont, minutes: Minutes): void {
  const pages = pdf.getPages()
  const template = minutesStrings(minutes.lang).pageOf
  const size = 9
  pages.forEach((page, i) => {
    const text = fill(template, { page: i + 1, pages: pages.length })
    const { width } = page.getSize()
    page.drawText(text, { x: width - MARGIN - font.widthOfTextAtSize(text, size), y: MARGIN / 2, size, font, color: MUTED })
  })
}

/** The whole PDF. `sections` are the section pictures in reading order. */
export async function buildMeetingPdf(
  minutes: Minutes,
  sections: readonly SectionImage[],
  fontFiles: MeetingPdfFonts,
  cover: MeetingPdfCover,
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  pdf.setTitle(minutesTitle(minutes))
  pdf.setLanguage(minutes.lang)
  pdf.setCreator('gatherboard')
  pdf.setProducer('gatherboard')
  if (minutes.generatedAt) {
    pdf.setCreationDate(new Date(minutes.generatedAt))
    pdf.setModificationDate(new Date(minutes.generatedAt))
  }
  pdf.registerFontkit(fontkit)
  const fonts = {
    regular: await pdf.embedFont(fontFiles.regular, { subset: true }),
    bold: await pdf.embedFont(fontFiles.bold, { subset: true }),
  }
  writeCover(pdf, fonts, minutes, cover)
  for (const section of sections) await writeSectionPage(pdf, fonts, section)
  writeMinutes(pdf, fonts, toTextBlocks(minutes))
  numberPages(pdf, fonts.regular, minutes)
  return pdf.save()
}
