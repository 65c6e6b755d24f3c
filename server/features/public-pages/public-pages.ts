/**
 * The public pages, as a feature (shared/public-pages.ts):
 *   GET /api/pages/:page?lang=de|en (default en) -> 200 PublicPageText; 404 for an unknown page,
 *       400 for another language, 500 when the operator's file cannot be read (logged)
 *   GET /imprint -> 302 to IMPRINT_URL, when the operator set one (their imprint lives on their
 *       main website); otherwise the client's page shows the operator's text or the template. The
 *       service worker answers navigations from its cached app shell, so the page's API answer
 *       carries the address too (`url`) and the page goes there itself
 * The client renders the pages; each page of the app links to them (client/public-pages).
 */
import { isPublicPage } from '../../../shared/public-pages'
import { HttpError, sendJson } from '../../http/respond'
import type { Router } from '../../http/router'
import { describeError, type Logger } from '../../log'
import type { ServerFeature } from '../feature'
import { pageText, type PageLanguage, type PublicPageSettings } from './page-texts'

export function publicPagesFeature(settings: PublicPageSettings, logger: Logger): ServerFeature {
  return { registerRoutes: (router) => registerPublicPages(router, settings, logger) }
}

function registerPublicPages(router: Router, settings: PublicPageSettings, logger: Logger): void {
  router.get('/api/pages/:page', async ({ res, url, params }) => {
    const page = params.page
    if (!isPublicPage(page)) throw new HttpError(404, 'no such page: there are accessibility, privacy and imprint')
    const lang = url.searchParams.get('lang') ?? 'en'
    if (lang !== 'de' && lang !== 'en') throw new HttpError(400, 'lang must be de or en')
    try {
      sendJson(res, 200, await pageText(page, lang as PageLanguage, settings))
    } catch (error) {
      logger.error('pages.text_unreadable', { page, lang, error: describeError(error) })
      throw new HttpError(500, 'the text of this page cannot be read; the operator sees why in the log')
    }
  })
  const imprintUrl = settings.imprintUrl
  if (imprintUrl !== null) {
    router.get('/imprint', ({ res }) => {
      res.writeHead(302, { Location: imprintUrl, 'Cache-Control': 'no-cache' })
      res.end()
    })
  }
}
