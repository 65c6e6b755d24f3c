/**
 * The phone page's own entry, in place of the app's in index.html (as `pages/capture.html`),
 * built on its own with Preact in place of React (scripts/phone-build.ts), so a phone on mobile
 * data downloads a fraction of the code. The server sends this document only for the phone page's
 * paths; the service worker keeps it apart from the other pages' app shell (public/sw.js).
 */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { I18nProvider } from '../i18n/I18nProvider'
import { routeFromPath } from '../../shared/routes'
import { NotFoundPage } from '../app/NotFoundPage'
import { registerServiceWorker } from '../app/service-worker'
import CapturePage from './CapturePage'
import '../app/app.css'

const rootElement = document.getElementById('root')
if (!rootElement) throw new Error('the phone page has no #root element')

const route = routeFromPath(location.pathname)
createRoot(rootElement).render(
  <StrictMode>
    <I18nProvider>{route.page === 'capture' ? <CapturePage boardId={route.boardId} /> : <NotFoundPage />}</I18nProvider>
  </StrictMode>,
)

registerServiceWorker()
