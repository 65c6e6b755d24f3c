import { lazy, StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import { I18nProvider } from './i18n/I18nProvider'
import { routeFromPath } from '../shared/routes'
import { NotFoundPage } from './app/NotFoundPage'
import { registerServiceWorker } from './app/service-worker'
import './app/app.css'

// Each page is its own chunk: the start page must not pay for the canvas.
const StartPage = lazy(() => import('./start/StartPage'))
const BoardPage = lazy(() => import('./board/BoardPage'))
// Production sends the phone page's own build (capture/main.tsx); this one serves the development
// server and an app shell the service worker cached before that build existed.
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

registerServiceWorker()
