import type { Editor, TLShapeId } from 'tldraw'
import type { Minutes } from '../../../shared/minutes/types'
import boldFontUrl from '../../assets/fonts/IBMPlexSans-Bold.woff?url'
import regularFontUrl from '../../assets/fonts/IBMPlexSans-Regular.woff?url'
import { exportImage } from './image-export'
import type { MeetingPdfFonts, SectionImage } from '../../../shared/minutes/meeting-pdf'

/** The PDF's fonts, from our own server (fetched only when someone makes a PDF). */
async function loadFonts(): Promise<MeetingPdfFonts> {
  const load = async (url: string) => {
    const response = await fetch(url)
    if (!response.ok) throw new Error(`could not load the PDF font ${url}: ${response.status}`)
    return new Uint8Array(await response.arrayBuffer())
  }
  const [regular, bold] = await Promise.all([load(regularFontUrl), load(boldFontUrl)])
  return { regular, bold }
}

/**
 * The meeting PDF of the open board: each section's picture from tldraw's export, then the PDF
 * (pdf-lib is loaded only now: most visits never make a PDF).
 */
export async function exportMeetingPdf(editor: Editor, minutes: Minutes, boardId: string): Promise<Blob> {
  const fonts = loadFonts()
  const pictures: SectionImage[] = []
  for (const section of minutes.sections) {
    if (section.id === null || !editor.getShape(section.id as TLShapeId)) continue
    const image = await exportImage(editor, { kind: 'section', id: section.id }, 'png')
    pictures.push({ id: section.id, title: section.title, png: new Uint8Array(await image.blob.arrayBuffer()), width: image.width, height: image.height })
  }
  const { buildMeetingPdf } = await import('../../../shared/minutes/meeting-pdf')
  const cover = { boardUrl: new URL(`/b/${boardId}`, location.origin).href }
  return new Blob([(await buildMeetingPdf(minutes, pictures, await fonts, cover)) as BlobPart], { type: 'application/pdf' })
}
