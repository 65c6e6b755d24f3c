// gatherboard's service worker: keeps the app itself available without a network, so a board page
// reloaded in a park with no Wi-Fi still opens (the board's content comes from IndexedDB).
// - hashed build files and tldraw's fonts/icons/translations never change: cache first;
// - pages: network first, the cached app shell when the network is gone;
// - the API and the sync socket are never cached.
const CACHE = 'gatherboard-app-v1'

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add('/index.html')).then(() => self.skipWaiting()))
})
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()))

// The first visit loads the app before this worker exists; the page then sends us the list of
// what it loaded (same-origin build files and tldraw assets) so those are available offline too.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'cache-loaded' || !Array.isArray(event.data.urls)) return
  const urls = event.data.urls
    .map((href) => new URL(href, self.location.origin))
    .filter((url) => url.origin === self.location.origin && isImmutable(url))
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(urls.map((url) => cache.match(url).then((hit) => hit || cache.add(url).catch(() => undefined)))),
    ),
  )
})

function isImmutable(url) {
  return url.pathname.startsWith('/assets/') || url.pathname.startsWith('/tldraw-assets/')
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE)
  const hit = await cache.match(request)
  if (hit) return hit
  const response = await fetch(request)
  if (response.ok) cache.put(request, response.clone())
  return response
}

async function networkFirst(request, fallbackKey) {
  const cache = await caches.open(CACHE)
  try {
    const response = await fetch(request)
    if (response.ok) cache.put(fallbackKey ?? request, response.clone())
    return response
  } catch (error) {
    const hit = await cache.match(fallbackKey ?? request)
    if (hit) return hit
    throw error
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== self.location.origin) return
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/sync/')) return
  if (isImmutable(url)) {
    event.respondWith(cacheFirst(request))
  } else if (request.mode === 'navigate') {
    // Every page is the same single-page app shell.
    event.respondWith(networkFirst(request, '/index.html'))
  }
})
