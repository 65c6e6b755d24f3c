import type { Editor, TLShapeId } from 'tldraw'
import type { Minutes } from '../../../shared/minutes/types'
import { exportImage } from './image-export'
import type { SectionImage } from './meeting-pdf'

/**
 * The meeting PDF of the open board: each section's picture from tldraw's export, then the PDF
 * (pdf-lib is loaded only now: most visits never make a PDF).
 */
export async function exportMeetingPdf(editor: Editor, minutes: Minutes): Promise<Blob> {
  const pictures: SectionImage[] = []
  for (const section of minutes.sections) {
    if (section.id === null || !editor.getShape(section.id as TLShapeId)) continue
    const image = await exportImage(editor, { kind: 'section', id: section.id }, 'png')
    pictures.push({ title: section.title, png: new Uint8Array(await image.blob.arrayBuffer()), width: image.width, height: image.height })
  }
  const { buildMeetingPdf } = await import('./meeting-pdf')
  return new Blob([(await buildMeetingPdf(minutes, pictures)) as BlobPart], { type: 'application/pdf' })
}
