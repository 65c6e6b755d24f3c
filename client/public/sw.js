// gatherboard's service worker: keeps the app itself available without a network, so a board page
// reloaded in a park with no Wi-Fi still opens (the board's content comes from IndexedDB).
// - hashed build files and tldraw's fonts/icons/translations never change: cache first;
// - pages: the cached app shell at once, fetched again behind it for the next visit (a phone on
//   mobile data waited a round trip for a shell it already had); from the network while none is cached;
// - the API, the sync socket and the sign-in (/auth/) are never cached.
const CACHE = 'gatherboard-app-v1'
// The phone page has an app shell of its own, built with Preact for phones on mobile data
// (scripts/phone-build.ts), which opens nothing else; every other page is the same single-page app.
const PHONE_PAGE = /^\/b\/[^/]+\/capture\/?$/
const PHONE_SHELL = '/pages/capture.html'

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(['/index.html', PHONE_SHELL])).then(() => self.skipWaiting()))
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

function shellOf(url) {
  return PHONE_PAGE.test(url.pathname) ? PHONE_SHELL : '/index.html'
}

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

/** The cached copy under `key` if there is one, while the network's answer replaces it for next time; else the network's. */
async function cachedThenRevalidate(event, key) {
  const cache = await caches.open(CACHE)
  const fresh = fetch(event.request).then((response) => {
    if (response.ok) return cache.put(key, response.clone()).then(() => response)
    return response
  })
  const hit = await cache.match(key)
  if (hit) {
    event.waitUntil(fresh.catch(() => undefined))
    return hit
  }
  return fresh
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== self.location.origin) return
  // The API, the sync socket and the sign-in (/auth/: redirects to and from the identity provider) are the server's own.
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/sync/') || url.pathname.startsWith('/auth/')) return
  if (isImmutable(url)) {
    event.respondWith(cacheFirst(request))
  } else if (request.mode === 'navigate') {
    event.respondWith(cachedThenRevalidate(event, shellOf(url)))
  }
})
