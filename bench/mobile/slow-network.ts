import type { Browser, CDPSession, Page } from 'playwright-core'

/**
 * Issue 12's slow mobile profile, as Chrome's developer tools emulate it: 400 ms round trip and
 * 400 kbit/s (50,000 bytes/s) each way. Chrome applies it per request (latency added to each,
 * throughput shared by the page's requests), not as a real link with TCP slow start.
 */
export const SLOW_MOBILE = { latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 } as const

/** One response the page received: where from and how many bytes crossed the (emulated) network. */
export interface LoggedRequest {
  path: string
  type: string
  /** Bytes on the wire, headers included; 0 when the service worker or the memory cache answered. */
  transferredBytes: number
  contentEncoding: string | null
  fromServiceWorker: boolean
  /** When the page asked for it and when the last byte arrived, ms after the page's first request. */
  startMs: number
  endMs: number
}

/** A page with the profile applied and every response it gets logged. */
export interface ThrottledPage {
  cdp: CDPSession
  requests(): LoggedRequest[]
}

/**
 * Applies `profile` (or no throttling for null) to the page's requests and starts logging its
 * responses. What its service worker fetches is the worker's own (throttleServiceWorkers); the
 * page sees those responses as coming from the worker, with nothing transferred.
 */
export async function throttle(page: Page, profile: typeof SLOW_MOBILE | null): Promise<ThrottledPage> {
  const cdp = await page.context().newCDPSession(page)
  const pending = new Map<string, Omit<LoggedRequest, 'transferredBytes' | 'endMs'>>()
  const started = new Map<string, number>()
  const done: LoggedRequest[] = []
  // The sync socket: Chrome's emulation adds the round trip to its handshake only (its frames get
  // the throughput but no latency), so it shows as one row, from the handshake to the last frame
  // received so far, with the bytes of those frames.
  const sockets = new Map<string, LoggedRequest>()
  /** Chrome's monotonic clock (seconds) at the first request of the current document. */
  let origin: number | null = null
  const since = (timestamp: number) => Math.round((timestamp - (origin ?? timestamp)) * 1000)
  cdp.on('Network.requestWillBeSent', (event) => {
    if (event.type === 'Document') origin = event.timestamp
    started.set(event.requestId, since(event.timestamp))
  })
  cdp.on('Network.responseReceived', (event) => {
    const url = new URL(event.response.url)
    if (url.protocol !== 'http:') return
    const headers = Object.fromEntries(Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), value]))
    pending.set(event.requestId, {
      path: url.pathname,
      type: event.type,
      contentEncoding: headers['content-encoding'] ?? null,
      fromServiceWorker: event.response.fromServiceWorker === true,
      startMs: started.get(event.requestId) ?? 0,
    })
  })
  cdp.on('Network.loadingFinished', (event) => {
    const response = pending.get(event.requestId)
    if (!response) return
    pending.delete(event.requestId)
    done.push({ ...response, transferredBytes: event.encodedDataLength, endMs: since(event.timestamp) })
  })
  cdp.on('Network.webSocketCreated', (event) => {
    // Logged at once and filled in as its frames arrive.
    const socket: LoggedRequest = { path: new URL(event.url).pathname, type: 'WebSocket', transferredBytes: 0, contentEncoding: null, fromServiceWorker: false, startMs: 0, endMs: 0 }
    sockets.set(event.requestId, socket)
    done.push(socket)
  })
  cdp.on('Network.webSocketWillSendHandshakeRequest', (event) => {
    const socket = sockets.get(event.requestId)
    if (socket) socket.startMs = socket.endMs = since(event.timestamp)
  })
  cdp.on('Network.webSocketFrameReceived', (event) => {
    const socket = sockets.get(event.requestId)
    if (!socket) return
    const { opcode, payloadData } = event.response
    // Binary frames come base64-encoded.
    socket.transferredBytes += opcode === 2 ? Buffer.from(payloadData, 'base64').length : Buffer.byteLength(payloadData)
    socket.endMs = since(event.timestamp)
  })
  await cdp.send('Network.enable')
  if (profile !== null) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile })
  return { cdp, requests: () => done.map((request) => ({ ...request })) }
}

/**
 * Applies `profile` to every service worker the browser starts from now on, as DevTools does
 * when it throttles: a worker is a target of its own, and what it fetches (the page's navigation
 * when the worker answers it from the network, the files it caches) would not be slowed by the
 * page's emulation. Resolves to a function that stops watching.
 */
export async function throttleServiceWorkers(browser: Browser, profile: typeof SLOW_MOBILE): Promise<() => Promise<void>> {
  const cdp = await browser.newBrowserCDPSession()
  let nextId = 1
  // Messages go through the browser session to the worker's own session (not flattened: this
  // session's `send` cannot name another session).
  const sendTo = (sessionId: string, method: string, params: object = {}) =>
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: nextId++, method, params }) })
  cdp.on('Target.targetCreated', ({ targetInfo }) => {
    if (targetInfo.type !== 'service_worker') return
    void cdp
      .send('Target.attachToTarget', { targetId: targetInfo.targetId, flatten: false })
      .then(async ({ sessionId }) => {
        await sendTo(sessionId, 'Network.enable')
        await sendTo(sessionId, 'Network.emulateNetworkConditions', { offline: false, ...profile })
      })
      // The worker may be gone already (its page closed).
      .catch(() => undefined)
  })
  await cdp.send('Target.setDiscoverTargets', { discover: true })
  return () => cdp.detach()
}
