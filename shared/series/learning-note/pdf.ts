/**
 * The learning note as a PDF: its text blocks set on numbered A4 pages in IBM Plex Sans, as the
 * meeting PDF sets the minutes. Made the same way wherever it is made, and without any date or
 * random name of its own, so the same note gives the same bytes over HTTP and on the command line.
 */
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument } from 'pdf-lib'
import { numberPages, writeTextBlocks } from '../../pdf/text-flow'
import { noteTitle } from './phrases'
import { noteStrings } from './strings'
import { noteToTextBlocks } from './text'
import type { LearningNote } from './types'

/** The font files (TrueType, OpenType or WOFF) the PDF embeds. */
export interface NotePdfFonts {
  regular: Uint8Array
  bold: Uint8Array
}

export async function buildNotePdf(note: LearningNote, fontFiles: NotePdfFonts): Promise<Uint8Array> {
  // No creation or modification date: they would make every copy differ.
  const pdf = await PDFDocument.create({ updateMetadata: false })
  pdf.setTitle(noteTitle(note))
  pdf.setLanguage(note.lang)
  pdf.setCreator('gatherboard')
  pdf.setProducer('gatherboard')
  pdf.registerFontkit(fontkit)
  const fonts = {
    regular: await pdf.embedFont(fontFiles.regular, { subset: true }),
    bold: await pdf.embedFont(fontFiles.bold, { subset: true }),
  }
  writeTextBlocks(pdf, fonts, noteToTextBlocks(note))
  numberPages(pdf, fonts.regular, noteStrings(note.lang).pageOf)
  return pdf.save()
}
