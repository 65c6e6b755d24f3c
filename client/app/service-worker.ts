import { SESSION_KEYS } from '../session/storage-keys'

/**
 * Keeps the app shell available offline (public/sw.js); production only, so development always
 * sees fresh code. The worker starts after the first visit loaded everything: the page tells it
 * what it loaded, for the worker to keep.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
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
