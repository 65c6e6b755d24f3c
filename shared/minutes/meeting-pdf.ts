/**
 * The meeting as a PDF (pdf-lib, no DOM): a cover page (title, purpose, date, place, cities, how
 * many took part on site and remotely), one page per section with its picture, then the minutes.
 * Texts come from shared/minutes, so the PDF says what the minutes files say.
 *
 * Names and cities come from all over Europe (Łódź, İzmir, Θεσσαλονίκη, Київ), so the text is set in
 * IBM Plex Sans (the board's own sans, SIL Open Font License, served from our files), embedded as a
 * subset of the characters used: a few dozen KiB. What even Plex lacks (emoji) is drawn as "?".
 * Every page is A4 and numbered. A section's picture is the canvas's PNG where the PDF is made on
 * the board page, and drawn from the board's records (section-drawing.ts) where the server makes it.
 */
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument } from 'pdf-lib'
import { meetingFacts, minutesTitle, participantCount } from './phrases'
import { minutesStrings } from './strings'
import { toTextBlocks } from './text'
import { A4, MARGIN, INK, MUTED, numberPages, TextFlow, wrap, writeTextBlocks, type PdfFonts } from '../pdf/text-flow'
import { FRAME_LOOK, drawSectionScene, hexColour, type ScenePhotoFiles } from './section-drawing'
import type { SectionScene } from './section-scene'
import type { Minutes } from './types'

/** A section's picture as PNG bytes with its size in pixels (the board page's, from the canvas). */
export interface SectionImage {
  /** The section frame's id. */
  id: string
  title: string
  png: Uint8Array
  width: number
  height: number
}

/** A section drawn from the board's records (the server's, without a canvas): its scene and the photos it shows. */
export interface SectionDrawing {
  scene: SectionScene
  photos: ScenePhotoFiles
}

/** What a section's page shows. */
export type SectionPicture = SectionImage | SectionDrawing

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

/** The page a person files: what the meeting was for, large, then when, where, who and the board. */
function writeCover(pdf: PDFDocument, fonts: PdfFonts, minutes: Minutes, cover: MeetingPdfCover): void {
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

/** A section's page: landscape for a wide section, its title, then its picture in the rest of the page. */
async function writeSectionPage(pdf: PDFDocument, fonts: PdfFonts, minutes: Minutes, section: SectionPicture): Promise<void> {
  const drawing = 'scene' in section
  const { id, title } = drawing ? section.scene : section
  const { width, height } = drawing ? { width: section.scene.w, height: section.scene.h } : section
  const landscape = width >= height
  const [w, h] = landscape ? [A4.h, A4.w] : [A4.w, A4.h]
  const page = pdf.addPage([w, h])
  const titleSize = 18
  const line = wrap(fonts.bold, titleSize, title, w - 2 * MARGIN)[0] ?? ''
  page.drawText(line, { x: MARGIN, y: h - MARGIN - titleSize, size: titleSize, font: fonts.bold, color: INK })
  const box = { w: w - 2 * MARGIN, h: h - 2 * MARGIN - titleSize - 16 }
  if (drawing) {
    await drawSectionScene(pdf, page, fonts, minutes, section.scene, section.photos, { left: MARGIN, top: MARGIN + box.h, width: box.w, height: box.h })
  } else {
    const image = await pdf.embedPng(section.png)
    const scale = Math.min(box.w / image.width, box.h / image.height, 1)
    const size = { w: image.width * scale, h: image.height * scale }
    const at = { x: (w - size.w) / 2, y: MARGIN + (box.h - size.h) / 2 }
    page.drawImage(image, { ...at, width: size.w, height: size.h })
    // The canvas's picture of a section is its inside only: the frame's border shows where it ends, as on the board.
    page.drawRectangle({ ...at, width: size.w, height: size.h, borderColor: hexColour(FRAME_LOOK.stroke), borderWidth: 0.75 })
  }
  // An empty section says so, rather than leaving a blank page.
  if ((minutes.sections.find((candidate) => candidate.id === id)?.cards.length ?? 0) === 0) {
    const note = minutesStrings(minutes.lang).noCards
    const size = 14
    const noteWidth = fonts.regular.widthOfTextAtSize(note, size)
    page.drawText(note, { x: (w - noteWidth) / 2, y: MARGIN + box.h / 2, size, font: fonts.regular, color: MUTED })
  }
}

/** The whole PDF. `sections` are the section pictures in reading order. */
export async function buildMeetingPdf(
  minutes: Minutes,
  sections: readonly SectionPicture[],
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
  for (const section of sections) await writeSectionPage(pdf, fonts, minutes, section)
  writeTextBlocks(pdf, fonts, toTextBlocks(minutes))
  numberPages(pdf, fonts.regular, minutesStrings(minutes.lang).pageOf)
  return pdf.save()
}
