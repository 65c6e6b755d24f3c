/**
 * The learning note of a stored series as a file: the one code path behind
 * `GET /api/series/:id/learning-note.<format>` and `npm run export -- --series <id>`, so both give
 * the same bytes for the same request. Made from the meetings' minutes and the commitments with
 * the shared code (shared/series/learning-note/).
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { buildLearningNote } from '../../../shared/series/learning-note/build'
import { isNoteFormat, NOTE_CONTENT_TYPES, noteFileName, renderNoteText, type NoteFormat } from '../../../shared/series/learning-note/formats'
import { buildNotePdf, type NotePdfFonts } from '../../../shared/series/learning-note/pdf'
import { appRoot } from '../../app-root'
import { MinutesRequestError, parseMinutesRequest, type MinutesRequest } from '../minutes/minutes-export'
import type { SeriesService } from './series-service'

export interface NoteRequest extends Omit<MinutesRequest, 'format'> {
  format: NoteFormat
}

export interface NoteFile {
  body: Uint8Array
  contentType: string
  fileName: string
}

/** Reads a request from its textual parameters, with the minutes' defaults and checks (language, names, time zone). */
export function parseNoteRequest(input: { format: string | null | undefined; lang?: string | null; names?: string | null; tz?: string | null }): NoteRequest {
  if (!isNoteFormat(input.format)) throw new MinutesRequestError('format must be one of md, html, csv, json, pdf')
  const { lang, names, timeZone } = parseMinutesRequest({ ...input, format: 'md' })
  return { format: input.format, lang, names, timeZone }
}

let fonts: Promise<NotePdfFonts> | null = null

/** IBM Plex Sans, the fonts the meeting PDF embeds too (client/assets/fonts, OFL). */
function noteFonts(): Promise<NotePdfFonts> {
  const dir = path.join(appRoot(), 'client', 'assets', 'fonts')
  fonts ??= Promise.all([readFile(path.join(dir, 'IBMPlexSans-Regular.woff')), readFile(path.join(dir, 'IBMPlexSans-Bold.woff'))]).then(
    ([regular, bold]) => ({ regular, bold }),
  )
  return fonts
}

/** The learning note of the series, or null when there is no such series. */
export async function exportLearningNote(service: SeriesService, seriesId: string, request: NoteRequest): Promise<NoteFile | null> {
  const series = await service.options.storage.getSeries(seriesId)
  if (!series) return null
  const meetings = await service.meetings(series)
  const commitments = await service.commitments(series, { names: true, manageToken: null, origin: '' })
  const note = buildLearningNote(
    { series, meetings: meetings.map(({ minutes, carried }) => ({ minutes, carried })), commitments },
    { lang: request.lang, names: request.names, timeZone: request.timeZone },
  )
  const body = request.format === 'pdf' ? await buildNotePdf(note, await noteFonts()) : Buffer.from(renderNoteText(note, request.format), 'utf8')
  return { body, contentType: NOTE_CONTENT_TYPES[request.format], fileName: noteFileName(note, request.format) }
}
