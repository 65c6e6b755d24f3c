/**
 * A commitment's status on meeting boards that other servers own (docs/cluster.md, "A
 * commitment's status"): three real servers behind nginx on PostgreSQL and Redis; the status is
 * reported through a server that owns none of the boards, each board's owner writes it into its
 * carried card, the report is stored once however often it is sent, and a board whose owner was
 * killed shows it once it is served again.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { readCommitmentStatusMeta, CARRIED_FROM_META_KEY, COMMITMENT_ID_META_KEY, COMMITMENT_STATUS_META_KEY } from '../../shared/series/carried-card'
import type { CommitmentView, StatusReportView } from '../../shared/series/series-view'
import { LINK_TOKEN_PARAM, type LinkRole } from '../../shared/model/roles'
import { clusterUnavailable, startCluster, type ClusterServer, type TestCluster } from '../helpers/cluster'
import type { CreatedBoard } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { connectClient, type SyncClient } from '../server/clients'
import { PAGE_ID, putRecords, recordOf, sectionRecord } from '../server/roles-fixtures'
import { card } from '../series/series-fixtures'

const unavailable = await clusterUnavailable()
if (unavailable) console.warn(`skipping the cluster tests: ${unavailable}`)

const COMMITMENT_CARD = {
  text: 'Send the permit template',
  kind: 'commitment' as const,
  authorName: 'Ada',
  authorCity: 'Berlin',
  anonymous: false,
  createdAt: Date.UTC(2026, 5, 12, 12),
  owner: 'Bea',
  ownerCity: 'Wiesbaden',
}

/** Long enough that a report right after a kill finds the dead owner still holding its lease. */
const LEASE_TTL_MS = 4_000

describe.skipIf(unavailable !== null)('a commitment’s status on meeting boards owned by other servers', () => {
  let cluster: TestCluster
  const clients: SyncClient[] = []

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await cluster?.close()
  })

  function connect(server: { syncUrl: string }, board: CreatedBoard, role: LinkRole = 'facilitator'): SyncClient {
    const client = connectClient(server.syncUrl, board.id, { params: { [LINK_TOKEN_PARAM]: board.tokens[role] } })
    clients.push(client)
    return client
  }

  /** A JSON request to `server` with the Bearer `token`. */
  function call(server: { url: string }, token: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  }

  /** What the commitment's carried card shows on `client`'s copy of its board. */
  const shownBy = (client: SyncClient, cardId: string) => readCommitmentStatusMeta((recordOf(client.doc, cardId)?.meta ?? {}) as Record<string, unknown>)

  it('is written by each board’s owner, stored once however often it is sent, and reaches a killed owner’s board once it is served again', async () => {
    cluster = await startCluster({ leaseTtlMs: LEASE_TTL_MS })
    const [s1, s2, s3] = cluster.servers as [ClusterServer, ClusterServer, ClusterServer]
    const created = await fetch(`${cluster.url}/api/series`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${cluster.creationSecret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Stadtlabor2Go', purpose: 'Learn from each other', cities: ['Berlin', 'Wiesbaden'] }),
    })
    expect(created.status).toBe(201)
    const series = (await created.json()) as { id: string; tokens: { manage: string } }
    const manage = series.tokens.manage
    // The commitment's own meeting, and two later meetings that carry it: A served by s1, B by s2.
    const [origin, boardA, boardB] = [await cluster.createBoard(), await cluster.createBoard(), await cluster.createBoard()]
    for (const board of [origin, boardA, boardB]) {
      expect((await call(s3, manage, `/api/series/${series.id}/meetings`, { boardId: board.id, boardToken: board.tokens.facilitator })).status).toBe(201)
    }
    const writer = connect(s3, origin)
    await writer.synced()
    putRecords(writer.doc, [
      { id: PAGE_ID, typeName: 'page', name: 'Page 1', index: 'a1', meta: {} } as { id: string },
      sectionRecord('shape:commitments', 'commitments', 0),
      card('shape:c-report', 'shape:commitments', 24, COMMITMENT_CARD),
    ])
    const commitment = await waitFor(
      async () => ((await (await call(s3, manage, `/api/series/${series.id}/commitments`)).json()) as CommitmentView[])[0],
      { message: 'the commitment to be read from its board' },
    )
    const carriedId = 'shape:since-c-report'
    const carried = (parentId: string) => ({
      ...card(carriedId, parentId, 24, COMMITMENT_CARD),
      meta: {
        [CARRIED_FROM_META_KEY]: { boardId: origin.id, cardId: 'shape:c-report', meeting: '', startsAt: '', city: 'Wiesbaden' },
        [COMMITMENT_ID_META_KEY]: commitment.id,
        [COMMITMENT_STATUS_META_KEY]: { status: 'open', note: '', at: null },
      },
    })
    const onA = connect(s1, boardA)
    const onB = connect(s2, boardB)
    await Promise.all([onA.synced(), onB.synced()])
    for (const client of [onA, onB]) {
      putRecords(client.doc, [{ id: PAGE_ID, typeName: 'page', name: 'Page 1', index: 'a1', meta: {} } as { id: string }, sectionRecord('shape:since', 'questions', 0), carried('shape:since')])
    }
    expect([await cluster.ownerOf(boardA.id), await cluster.ownerOf(boardB.id)]).toEqual(['s1', 's2'])
    // Stored (read through s3, from the database): the owners have the cards before the report.
    for (const board of [boardA, boardB]) {
      await waitFor(async () => (await (await call(s3, board.tokens.facilitator, `/api/boards/${board.id}/minutes.md`)).text()).includes('Send the permit template'), {
        message: 'the carried card to be stored',
      })
    }

    // The owners' internal route is for the servers of the cluster only: a client calling it
    // itself, with the board's facilitator link or the series' token, directly or through nginx, is refused.
    for (const [target, token] of [[s1, boardA.tokens.facilitator], [{ url: cluster.url }, manage]] as const) {
      expect((await call(target, token, `/api/boards/${boardA.id}/commitment-statuses`, {})).status).toBe(403)
    }

    // Reported through s3, which owns none of the boards: each owner writes its own board's card.
    const report = (server: ClusterServer, body: unknown, key: string) =>
      call(server, manage, `/api/commitments/${commitment.id}/status`, body, { 'Idempotency-Key': key })
    const done = await report(s3, { status: 'done', note: 'Sent to both cities' }, 'report-1')
    expect(done.status).toBe(200)
    expect(((await done.json()) as StatusReportView).boards).toEqual({ shown: 3, pending: 0 })
    await waitFor(() => shownBy(onA, carriedId)?.status === 'done' && shownBy(onB, carriedId)?.status === 'done', {
      message: 'both boards’ clients to see the status',
    })
    expect(shownBy(onB, carriedId)!.note).toBe('Sent to both cities')
    // Nobody took the rooms from their owners to write them.
    expect([await cluster.ownerOf(boardA.id), await cluster.ownerOf(boardB.id)]).toEqual(['s1', 's2'])
    const takenByS3 = s3.output().split('\n').filter((line) => line.includes('cluster.lease_acquired') && (line.includes(boardA.id) || line.includes(boardB.id)))
    expect(takenByS3).toEqual([])

    // The phone did not get the answer and sends the report again, through another server: stored once.
    const retried = await report(s1, { status: 'done', note: 'Sent to both cities' }, 'report-1')
    expect(retried.status).toBe(200)
    const history = ((await retried.json()) as StatusReportView).history
    expect(history.map((event) => [event.status, event.note])).toEqual([['done', 'Sent to both cities']])

    // B's owner dies. A report meanwhile is stored, and answers that one board shows it later.
    await s2.kill('SIGKILL')
    const later = await report(s3, { status: 'inProgress', note: 'One city still missing' }, 'report-2')
    expect(later.status).toBe(200)
    const laterView = (await later.json()) as StatusReportView
    expect(laterView.boards).toEqual({ shown: 2, pending: 1 })
    expect(laterView.history.map((event) => event.status)).toEqual(['done', 'inProgress'])
    await waitFor(() => shownBy(onA, carriedId)?.status === 'inProgress', { message: 'A to show the later status' })

    // B is served again (by whichever server its next client reaches, once s2's lease ran out): it shows it.
    const backOnB = connect(cluster, boardB)
    await backOnB.synced()
    await waitFor(() => shownBy(backOnB, carriedId)?.status === 'inProgress', { message: 'B to show the later status once served again' })
    expect(shownBy(backOnB, carriedId)!.note).toBe('One city still missing')
    const newOwner = await cluster.ownerOf(boardB.id)
    expect(newOwner === 's1' || newOwner === 's3').toBe(true)
    const events = ((await (await call(s1, manage, `/api/series/${series.id}/commitments`)).json()) as CommitmentView[])[0]!.history
    expect(events).toHaveLength(2)
  }, 120_000)
})
