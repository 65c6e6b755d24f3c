/**
 * The minutes of a stored board as a file: the one code path behind
 * `GET /api/boards/:id/minutes.<format>`, `npm run export` and the minutes kept with an archive,
 * so all three give the same bytes for the same request.
 */
import type * as Y from 'yjs'
import { buildMinutes } from '../../../shared/minutes/build'
import { isTimeZone } from '../../../shared/minutes/dates'
import { MINUTES_CONTENT_TYPES, isMinutesFormat, minutesFileName, renderMinutes, type MinutesFormat } from '../../../shared/minutes/formats'
import { readMinutesInputs } from '../../../shared/minutes/inputs'
import { isMinutesLang, type Minutes, type MinutesLang } from '../../../shared/minutes/types'
import type { BoardDocs } from '../board-docs'

export interface MinutesRequest {
  format: MinutesFormat
  lang: MinutesLang
  /** false leaves people's names out (for publication). */
  names: boolean
  /** IANA time zone for the times in the text. */
  timeZone: string
}

export interface MinutesFile {
  body: string
  contentType: string
  fileName: string
}

/** A request that makes no sense (unknown format, language, time zone...); says what is wrong. */
export class MinutesRequestError extends Error {
  override name = 'MinutesRequestError'
}

/** The time zone of this machine: the default for times in the minutes. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/**
 * Reads a request from its textual parameters (query string or command line); absent values take
 * the defaults: English, with names, this machine's time zone.
 */
export function parseMinutesRequest(input: {
  format: string | null | undefined
  lang?: string | null
  names?: string | null
  tz?: string | null
}): MinutesRequest {
  if (!isMinutesFormat(input.format)) throw new MinutesRequestError(`format must be one of md, html, csv, json`)
  return { format: input.format, ...parseMinutesOptions(input) }
}

/** The language, names and time zone of minutes in any format (see `parseMinutesRequest`). */
export function parseMinutesOptions(input: { lang?: string | null; names?: string | null; tz?: string | null }): Omit<MinutesRequest, 'format'> {
  const lang = input.lang ?? 'en'
  if (!isMinutesLang(lang)) throw new MinutesRequestError(`lang must be en or de`)
  const names = input.names ?? '1'
  if (names !== '0' && names !== '1') throw new MinutesRequestError(`names must be 0 or 1`)
  const timeZone = input.tz ?? localTimeZone()
  if (!isTimeZone(timeZone)) throw new MinutesRequestError(`unknown time zone: ${timeZone}`)
  return { lang, names: names === '1', timeZone }
}

/** The minutes of the board in `doc`, in no format yet. */
export function boardMinutes(doc: Y.Doc, boardId: string, options: Omit<MinutesRequest, 'format'>): Minutes {
  return buildMinutes(doc, { ...readMinutesInputs(doc), lang: options.lang, names: options.names, timeZone: options.timeZone, boardId })
}

/** The minutes of the board in `doc`. */
export function renderBoardMinutes(doc: Y.Doc, boardId: string, request: MinutesRequest): MinutesFile {
  const minutes = boardMinutes(doc, boardId, request)
  return {
    body: renderMinutes(minutes, request.format),
    contentType: MINUTES_CONTENT_TYPES[request.format],
    fileName: minutesFileName(minutes, request.format),
  }
}

/** The minutes of a stored board, or null when there is no such board. */
export async function exportMinutes(docs: BoardDocs, boardId: string, request: MinutesRequest): Promise<MinutesFile | null> {
  if (!(await docs.exists(boardId))) return null
  return docs.read(boardId, (doc) => renderBoardMinutes(doc, boardId, request))
}
