/**
 * The texts of the public pages (shared/public-pages.ts): the operator's own file when there is
 * one, else the template shipped beside this module, with the operator's settings filled in.
 *
 * The operator's files live in `PAGES_DIR` (default `DATA_DIR/pages`) as `<page>.<lang>.md`, or
 * `<page>.md` for both languages. They are read on every request, so a corrected text shows
 * without a restart. Templates and files alike may use the placeholders below.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { PublicPage, PublicPageText } from '../../../shared/public-pages'
import { appRoot } from '../../app-root'

export type PageLanguage = PublicPageText['lang']

/** What the operator configures about the pages (README, "Pages a public website needs"). */
export interface PublicPageSettings {
  /** Where the operator's own texts are (a missing folder is fine: then the templates). */
  dir: string
  /** The operator's imprint elsewhere (their main website); `/imprint` then leads there. */
  imprintUrl: string | null
  /** Who runs this server, as the texts name them ("Stadt Leipzig, Amt für …"). */
  operatorName: string | null
  /** How to report a barrier (an e-mail address, a postal address, a form's URL). */
  accessibilityContact: string | null
  /** The data controller: name and address, and the data protection officer. */
  privacyContact: string | null
  /** Days closed boards are kept (RETENTION_DAYS); null: until the facilitator deletes them. */
  retentionDays: number | null
  /** Whether facilitators sign in (OIDC): the privacy notice then says what that stores. */
  signIn: boolean
}

/** A text file larger than this is not a page text; refused rather than sent. */
const MAX_TEXT_BYTES = 256 * 1024

/** The shipped templates; found from the app's root, as the compiled server runs from dist/server. */
const TEMPLATE_DIR = path.join(appRoot(import.meta.url), 'server/features/public-pages/templates')

/** The placeholders' values when the operator has not set them, and the sentences that depend on settings. */
const WORDING: Record<PageLanguage, {
  operator: string
  noContact: (variable: string) => string
  retention: (days: number | null) => string
  signIn: string
  cookieNote: string
}> = {
  de: {
    operator: 'die betreibende Stelle',
    noContact: (variable) => `(Die betreibende Stelle hat hier noch keinen Kontakt angegeben: ${variable}.)`,
    retention: (days) =>
      days === null
        ? 'Ein Board bleibt gespeichert, bis die Moderation es löscht; eine automatische Löschfrist ist auf diesem Server nicht eingestellt.'
        : `Ist eine Besprechung geschlossen, löscht der Server ihr Board ${days} Tage danach automatisch mit allem, was dazu gehört; das Datum steht vorher auf dem Board. Boards offener Besprechungen bleiben, bis die Moderation sie löscht.`,
    signIn:
      '- **Anmeldung der Moderation:** Wer sich über die Anmeldung der Organisation anmeldet, von dem speichert der Server die Kennung beim Anmeldedienst, Name, E-Mail-Adresse (und ob der Anmeldedienst sie geprüft hat), Benutzername und Organisation, wie der Anmeldedienst sie übermittelt, welche Boards und Treffenreihen diese Person angelegt hat oder mit ihr geteilt wurden, und die Sitzung (mit der Sitzungskennung des Anmeldedienstes) bis zur Abmeldung hier oder beim Anmeldedienst oder bis zu ihrem Ablauf.\n',
    cookieNote: '; nur wer sich zur Moderation anmeldet, erhält ein Sitzungs-Cookie, das bei der Abmeldung gelöscht wird',
  },
  en: {
    operator: 'the operator',
    noContact: (variable) => `(The operator has not entered a contact here yet: ${variable}.)`,
    retention: (days) =>
      days === null
        ? 'A board is kept until the facilitator deletes it; this server has no automatic deletion period set.'
        : `Once a meeting is closed, the server deletes its board with everything of it automatically ${days} days later; the board shows the date beforehand. Boards of open meetings are kept until the facilitator deletes them.`,
    signIn:
      "- **Facilitators' sign-in:** for whoever signs in through the organisation's sign-in, the server stores the id at the sign-in service, the name, e-mail address (and whether that service checked it), user name and organisation as that service sends them, which boards and meeting series the person created or had shared with them, and the session (with the sign-in service's session id) until sign-out here or at the sign-in service, or its expiry.\n",
    cookieNote: '; only facilitators who sign in get a session cookie, removed when they sign out',
  },
}

/** The page's text in `lang`, from the operator's files or the template. */
export async function pageText(page: PublicPage, lang: PageLanguage, settings: PublicPageSettings): Promise<PublicPageText> {
  const own = await firstFile([`${page}.${lang}.md`, `${page}.md`].map((name) => path.join(settings.dir, name)))
  const raw = own ?? (await readFile(path.join(TEMPLATE_DIR, `${page}.${lang}.md`), 'utf8'))
  const url = page === 'imprint' ? settings.imprintUrl : null
  return { page, lang, text: fillPlaceholders(raw, lang, settings), source: own === null ? 'template' : 'operator', url }
}

async function firstFile(paths: readonly string[]): Promise<string | null> {
  for (const file of paths) {
    let bytes: Buffer
    try {
      bytes = await readFile(file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw error
    }
    if (bytes.length > MAX_TEXT_BYTES) throw new Error(`${file} is larger than ${MAX_TEXT_BYTES} bytes`)
    return bytes.toString('utf8')
  }
  return null
}

/**
 * `{{name}}` replaced by the setting; unknown names stay as they are, so a typo shows. The
 * operator's fallback name ("die betreibende Stelle") starts with a capital where it opens a line.
 */
function fillPlaceholders(text: string, lang: PageLanguage, settings: PublicPageSettings): string {
  const wording = WORDING[lang]
  const values: Record<string, string> = {
    operator: settings.operatorName ?? wording.operator,
    accessibilityContact: settings.accessibilityContact ?? wording.noContact('ACCESSIBILITY_CONTACT'),
    privacyContact: settings.privacyContact ?? wording.noContact('PRIVACY_CONTACT'),
    retention: wording.retention(settings.retentionDays),
    signIn: settings.signIn ? wording.signIn : '',
    cookieNote: settings.signIn ? wording.cookieNote : '',
  }
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string, offset: number) => {
    const value = values[name]
    if (value === undefined) return whole
    const opensLine = offset === 0 || text[offset - 1] === '\n'
    return name === 'operator' && settings.operatorName === null && opensLine ? value.charAt(0).toUpperCase() + value.slice(1) : value
  })
}
