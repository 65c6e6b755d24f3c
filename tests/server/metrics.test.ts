/**
 * `GET /metrics` of a real server with real providers: the counters move by what the clients did
 * (updates applied and refused, storage calls), the gauges show the rooms and connections, no
 * board id is in it, and only the machine, private networks or the token holder may read it.
 */
import { describe, expect, it } from 'vitest'
import { parseExposition, sample, scrape } from '../helpers/exposition'
import { serversPerTest } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { textOf } from './clients'
import { connectAs, newBoard, nextRefusal } from './roles-fixtures'

const startServer = serversPerTest()

const APPLIED = 'gatherboard_updates_applied_total'
const READ_ONLY_REFUSED = 'gatherboard_updates_refused_total{reason="read-only"}'
const APPENDS = 'gatherboard_storage_seconds_count{operation="append"}'
const LOADS = 'gatherboard_storage_seconds_count{operation="load"}'
const ROOMS = 'gatherboard_rooms_open'
const CONNECTIONS = 'gatherboard_connections_open'

describe('GET /metrics', () => {
  it('counts the updates a client wrote, the refused ones, the storage calls, the rooms and connections', async () => {
    const server = await startServer()
    const board = await newBoard(server)
    const before = await scrape(server.url)
    expect(sample(before, ROOMS)).toBe(0)
    expect(sample(before, CONNECTIONS)).toBe(0)

    const facilitator = await connectAs(board, 'facilitator')
    const viewer = await connectAs(board, 'viewer')
    const writes = 5
    for (let i = 0; i < writes; i++) {
      facilitator.doc.getText('t').insert(0, `${i}`)
      // Each write in a turn of its own: the viewer sees it only once it is stored.
      await waitFor(() => textOf(viewer).length === i + 1)
    }
    const refusedBefore = viewer.refusals.length
    viewer.doc.getText('t').insert(0, 'graffiti ')
    expect(await nextRefusal(viewer, refusedBefore)).toMatch(/^read-only:/)

    const after = await scrape(server.url)
    expect(sample(after, APPLIED) - sample(before, APPLIED)).toBe(writes)
    expect(sample(after, READ_ONLY_REFUSED) - sample(before, READ_ONLY_REFUSED)).toBe(1)
    // The board loaded once; every write was appended (in a turn of its own, others may add theirs).
    expect(sample(after, LOADS) - sample(before, LOADS)).toBe(1)
    expect(sample(after, APPENDS) - sample(before, APPENDS)).toBeGreaterThanOrEqual(writes)
    expect(sample(after, 'gatherboard_storage_failures_total{operation="append"}')).toBe(0)
    expect(sample(after, ROOMS)).toBe(1)
    expect(sample(after, CONNECTIONS)).toBe(2)

    facilitator.destroy()
    viewer.destroy()
    await waitFor(async () => sample(await scrape(server.url), CONNECTIONS) === 0)
    await waitFor(async () => sample(await scrape(server.url), ROOMS) === 0)
  })

  it('names no board, and is a Prometheus text exposition', async () => {
    const server = await startServer()
    const board = await newBoard(server)
    const client = await connectAs(board, 'facilitator')
    client.doc.getText('t').insert(0, 'hello')
    await waitFor(async () => sample(await scrape(server.url), APPLIED) === 1)
    const response = await fetch(`${server.url}/metrics`)
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await response.text()
    expect(text).not.toContain(board.id)
    expect(text).toContain('# TYPE gatherboard_storage_seconds histogram')
    // Node's own process metrics come along.
    expect(parseExposition(text).has('process_cpu_seconds_total')).toBe(true)
    client.destroy()
  })

  it('is only for private networks behind a trusted proxy, whatever the client writes into the header', async () => {
    const server = await startServer({ trustProxy: true })
    const from = (forwardedFor: string) => fetch(`${server.url}/metrics`, { headers: { 'X-Forwarded-For': forwardedFor } })
    // The proxy connects from 127.0.0.1, but the public client it forwards is what counts.
    expect((await from('203.0.113.9')).status).toBe(403)
    expect((await from('10.1.2.3, 203.0.113.9')).status).toBe(403)
    expect((await from('2001:db8::1')).status).toBe(403)
    expect((await from('203.0.113.9, 10.1.2.3')).status).toBe(200)
    expect((await from('192.168.4.20')).status).toBe(200)
    expect((await from('fd12:3456::1')).status).toBe(200)
    expect((await from('not an address')).status).toBe(403)
  })

  it('needs the token when METRICS_TOKEN is set, even from the machine itself', async () => {
    const token = 'scrape-me-0123456789'
    const server = await startServer({ metricsToken: token })
    const withAuthorization = (value?: string) =>
      fetch(`${server.url}/metrics`, value === undefined ? {} : { headers: { Authorization: value } })
    const missing = await withAuthorization()
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect((await withAuthorization(`Bearer ${token}x`)).status).toBe(401)
    expect((await withAuthorization('Bearer ')).status).toBe(401)
    const right = await withAuthorization(`Bearer ${token}`)
    expect(right.status).toBe(200)
    expect(parseExposition(await right.text()).has(ROOMS)).toBe(true)
  })
})
