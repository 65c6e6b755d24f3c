/**
 * The file formats of the minutes: how each is rendered, its media type and its file name, so the
 * server, the command line and the browser name and label them alike.
 */
import { toCsv } from './csv'
import { toHtml } from './html'
import { toJson } from './json'
import { toMarkdown } from './markdown'
import type { Minutes } from './types'

export const MINUTES_FORMATS = ['md', 'html', 'csv', 'json'] as const
export type MinutesFormat = (typeof MINUTES_FORMATS)[number]

export function isMinutesFormat(value: unknown): value is MinutesFormat {
  return typeof value === 'string' && (MINUTES_FORMATS as readonly string[]).includes(value)
}

const RENDERERS: Record<MinutesFormat, (minutes: Minutes) => string> = {
  md: toMarkdown,
  html: toHtml,
  csv: toCsv,
  json: toJson,
}

export const MINUTES_CONTENT_TYPES: Record<MinutesFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
}

export function renderMinutes(minutes: Minutes, format: MinutesFormat): string {
  return RENDERERS[format](minutes)
}

/**
 * Letters spelled out in ASCII: the German ones as Germans write them without umlauts, and the
 * Latin letters that Unicode does not decompose into a base letter and marks (Ł of Łódź, Ø, Æ).
 */
const SPELLED_OUT: Readonly<Record<string, string>> = {
  ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss',
  Ł: 'L', ł: 'l', Ø: 'O', ø: 'o', Æ: 'Ae', æ: 'ae', Œ: 'Oe', œ: 'oe', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Þ: 'Th', þ: 'th',
}
const SPELLED_OUT_LETTERS = new RegExp(`[${Object.keys(SPELLED_OUT).join('')}]`, 'g')

/** Text as a short lower-case ASCII slug for file names (German letters spelled out, accents dropped); "" when nothing is left. */
export function fileSlug(text: string): string {
  return text
    .replace(SPELLED_OUT_LETTERS, (letter) => SPELLED_OUT[letter]!)
    .normalize('NFKD')
    // The marks decomposition split off (ó is o and an acute): dropped, not turned into dashes.
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60)
    .replace(/-+$/, '')
}

/**
 * A file name for the minutes (or the PDF made from them): the meeting's title as a slug, its date
 * and the language, e.g. `street-lab-2026-06-12-minutes-en.md`.
 */
export function minutesFileName(minutes: Minutes, extension: MinutesFormat | 'pdf'): string {
  const date = /^\d{4}-\d{2}-\d{2}/.exec(minutes.meeting.startsAt)?.[0]
  const base = [fileSlug(minutes.meeting.title) || 'meeting', date, 'minutes', minutes.lang].filter(Boolean).join('-')
  return `${base}.${extension}`
}
