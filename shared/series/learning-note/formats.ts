/**
 * The learning note's file formats (json: the structure, which the series page shows): how the text ones are rendered, their media types and file
 * names, so the server, the command line and the series page name them alike. The PDF is made
 * from `noteToTextBlocks` (shared/pdf/text-document.ts).
 */
import { fileSlug } from '../../minutes/formats'
import { noteToCsv } from './csv'
import { noteToHtml } from './html'
import { noteToMarkdown } from './markdown'
import type { LearningNote } from './types'

export const NOTE_FORMATS = ['md', 'html', 'csv', 'json', 'pdf'] as const
export type NoteFormat = (typeof NOTE_FORMATS)[number]

export function isNoteFormat(value: unknown): value is NoteFormat {
  return typeof value === 'string' && (NOTE_FORMATS as readonly string[]).includes(value)
}

export const NOTE_CONTENT_TYPES: Record<NoteFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
  pdf: 'application/pdf',
}

const TEXT_RENDERERS: Record<Exclude<NoteFormat, 'pdf'>, (note: LearningNote) => string> = {
  md: noteToMarkdown,
  html: noteToHtml,
  csv: noteToCsv,
  // The note's structure itself, for the series page.
  json: (note) => `${JSON.stringify(note, null, 2)}\n`,
}

export function renderNoteText(note: LearningNote, format: Exclude<NoteFormat, 'pdf'>): string {
  return TEXT_RENDERERS[format](note)
}

/** `stadtlabor2go-learning-note-de.md` */
export function noteFileName(note: LearningNote, format: NoteFormat): string {
  const learning = note.lang === 'de' ? 'lernnotiz' : 'learning-note'
  return `${[fileSlug(note.series.title) || 'series', learning, note.lang].join('-')}.${format}`
}
