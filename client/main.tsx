import { lazy, StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import { I18nProvider } from './i18n/I18nProvider'
import { routeFromPath } from '../shared/routes'
import { NotFoundPage } from './app/NotFoundPage'
import { SESSION_KEYS } from './session/storage-keys'
import './app/app.css'

// Each page is its own chunk: the start page must not pay for the canvas.
const StartPage = lazy(() => import('./start/StartPage'))
const BoardPage = lazy(() => import('./board/BoardPage'))
const CapturePage = lazy(() => import('./capture/CapturePage'))
const StagePage = lazy(() => import('./stage/StagePage'))
const JoinPage = lazy(() => import('./join/JoinPage'))
const PublicPage = lazy(() => import('./public-pages/PublicPage'))
const MyMeetingsPage = lazy(() => import('./meetings/MyMeetingsPage'))
const SeriesPage = lazy(() => import('./series/SeriesPage'))
const CommitmentPage = lazy(() => import('./commitment/CommitmentPage'))

function App() {
  const route = routeFromPath(location.pathname)
  switch (route.page) {
    case 'start':
      return <StartPage />
    case 'board':
      return <BoardPage boardId={route.boardId} />
    case 'capture':
      return <CapturePage boardId={route.boardId} />
    case 'stage':
      return <StagePage boardId={route.boardId} />
    case 'join':
      return <JoinPage code={route.code} />
    case 'meetings':
      return <MyMeetingsPage />
    case 'public':
      return <PublicPage name={route.name} />
    case 'series':
      return <SeriesPage seriesId={route.seriesId} />
    case 'commitment':
      return <CommitmentPage commitmentId={route.commitmentId} />
    case 'not-found':
      return <NotFoundPage />
  }
}

const rootElement = document.getElementById('root')
if (!rootElement) throw new Error('index.html has no #root element')

createRoot(rootElement).render(
  <StrictMode>
    <I18nProvider>
      <Suspense fallback={null}>
        <App />
      </Suspense>
    </I18nProvider>
  </StrictMode>,
)

// The app shell stays available offline; production only, so development always sees fresh code.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const sendLoadedFiles = () =>
    navigator.serviceWorker.controller?.postMessage({
      type: 'cache-loaded',
      urls: performance.getEntriesByType('resource').map((entry) => entry.name),
    })
  navigator.serviceWorker.addEventListener('controllerchange', sendLoadedFiles)
  // The worker answers with the app shell it has and fetches the new one behind it (public/sw.js):
  // a shell from before an update may ask for a page's code the server no longer has. By then the
  // new shell is cached: load the page once more (once, should the code be gone for another reason).
  addEventListener('vite:preloadError', (event) => {
    if (sessionStorage.getItem(SESSION_KEYS.reloadedForCode) === location.href) return
    sessionStorage.setItem(SESSION_KEYS.reloadedForCode, location.href)
    event.preventDefault()
    location.reload()
  })
  void navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready).then(sendLoadedFiles)
}
