/**
 * The information pages a public website must have (README, "Pages a public website needs"): the accessibility
 * statement (BITV 2.0), the privacy notice and the imprint. Every page of the app links to them;
 * the server serves their texts (the operator's own or the shipped templates).
 */
export const PUBLIC_PAGES = ['accessibility', 'privacy', 'imprint'] as const
export type PublicPage = (typeof PUBLIC_PAGES)[number]

export function isPublicPage(value: unknown): value is PublicPage {
  return typeof value === 'string' && (PUBLIC_PAGES as readonly string[]).includes(value)
}

/** The page's address: `/accessibility`, `/privacy`, `/imprint`. */
export function publicPagePath(page: PublicPage): string {
  return `/${page}`
}

/** What `GET /api/pages/:page?lang=` answers. */
export interface PublicPageText {
  page: PublicPage
  lang: 'de' | 'en'
  /** The page in the small Markdown subset the client renders (client/public-pages/page-text.ts). */
  text: string
  /** Whether the operator wrote it or it is the shipped template. */
  source: 'operator' | 'template'
  /** The operator's own page elsewhere (IMPRINT_URL), where the client goes instead; else null. */
  url: string | null
}
