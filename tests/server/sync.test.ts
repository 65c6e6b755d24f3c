import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AWARENESS_INTERVAL_MS } from '../../server/sync/room'
import { refusalReason } from '../../shared/model/refusals'
import { startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { connectClient, connectSynced, openRawSocket, textOf, type SyncClient } from './clients'

let server: TestServer
const clients: SyncClient[] = []

beforeEach(async () => {
  server = await startTestServer()
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  await server.close()
})

async function client(boardId: string): Promise<SyncClient> {
  const synced = await connectSynced(server.syncUrl, boardId)
  clients.push(synced)
  return synced
}

describe('sync', () => {
  it('two clients converge', async () => {
    const boardId = await server.createBoard()
    const a = await client(boardId)
    const b = await client(boardId)
    a.doc.getText('t').insert(0, 'hello')
    await waitFor(() => textOf(b) === 'hello')
    b.doc.getText('t').insert(5, ' world')
    a.doc.getMap('m').set('k', 1)
    await waitFor(() => textOf(a) === 'hello world' && b.doc.getMap('m').get('k') === 1)
  })

  it('a late joiner receives the whole document, and concurrent edits converge', async () => {
    const boardId = await server.createBoard()
    const writers = await Promise.all([client(boardId), client(boardId), client(boardId)])
    for (let round = 0; round < 50; round++) {
      writers.forEach((writer, i) => writer.doc.getArray<string>('list').push([`${i}:${round}`]))
    }
    const late = await client(boardId)
    const everyone = [...writers, late]
    await waitFor(() => everyone.every((c) => c.doc.getArray('list').length === 150))
    const expected = JSON.stringify(writers[0]!.doc.getArray('list').toJSON())
    expect(everyone.map((c) => JSON.stringify(c.doc.getArray('list').toJSON()))).toEqual(Array(4).fill(expected))
  })

  it('each fresh client gets the current document, also after changes between joins', async () => {
    const boardId = await server.createBoard()
    const a = await client(boardId)
    for (const word of ['one', 'two', 'three']) {
      a.doc.getText('t').insert(0, word)
      const joiner = await client(boardId)
      await waitFor(() => textOf(joiner) === textOf(a))
    }
  })

  it('broadcasts of every WebSocket length class (7-bit, 16-bit, 64-bit) arrive intact', async () => {
    const boardId = await server.createBoard()
    const a = await client(boardId)
    const b = await client(boardId)
    const text = a.doc.getText('t')
    for (const size of [10, 125, 126, 65_535, 65_536, 200_000]) {
      text.delete(0, text.length)
      text.insert(0, 'x'.repeat(size - 1) + 'y')
      await waitFor(() => textOf(b).length === size && textOf(b).endsWith('y'), { message: `${size} characters` })
    }
  })

  it('awareness arrives and is removed when its client disconnects', async () => {
    const boardId = await server.createBoard()
    const a = await client(boardId)
    const b = await client(boardId)
    a.provider.awareness.setLocalStateField('user', { name: 'Ada', color: '#f00' })
    const aId = a.doc.clientID
    await waitFor(() => (b.provider.awareness.getStates().get(aId) as { user?: { name: string } } | undefined)?.user?.name === 'Ada')

    // A client joining later is told about everyone present.
    const c = await client(boardId)
    await waitFor(() => c.provider.awareness.getStates().has(aId))

    // `disconnect()` sends no goodbye: the server must announce the removal itself.
    a.provider.disconnect()
    await waitFor(() => !b.provider.awareness.getStates().has(aId) && !c.provider.awareness.getStates().has(aId))
  })

  /**
   * A mover sends 200 cursor moves, one a millisecond, each after `alongside(x)` (what else the
   * tick does); resolves with how many awareness messages about the mover the observer got and
   * how long it took until the last cursor (and what `arrived` waits for) had arrived.
   */
  async function moveCursor(
    alongside: (mover: SyncClient, x: number) => void,
    arrived: (observer: SyncClient) => boolean = () => true,
  ): Promise<{ messages: number; elapsed: number }> {
    const boardId = await server.createBoard()
    const mover = await client(boardId)
    const observer = await client(boardId)
    const moverId = mover.doc.clientID
    let messages = 0
    observer.provider.awareness.on('update', ({ added, updated }: { added: number[]; updated: number[] }) => {
      if (added.includes(moverId) || updated.includes(moverId)) messages++
    })
    const started = performance.now()
    let x = 0
    await new Promise<void>((resolve) => {
      const moving = setInterval(() => {
        alongside(mover, ++x)
        mover.provider.awareness.setLocalStateField('cursor', { x })
        if (x === 200) {
          clearInterval(moving)
          resolve()
        }
      }, 1)
    })
    const lastCursor = () => (observer.provider.awareness.getStates().get(moverId) as { cursor?: { x: number } } | undefined)?.cursor?.x
    await waitFor(() => lastCursor() === 200 && arrived(observer))
    return { messages, elapsed: performance.now() - started }
  }

  it('awareness alone is sent at most every AWARENESS_INTERVAL_MS per room, ending with the latest state', async () => {
    const { messages, elapsed } = await moveCursor(() => {})
    // However fast or slow this machine is, the batching allows no more than one message per interval.
    expect(messages).toBeLessThanOrEqual(Math.floor(elapsed / AWARENESS_INTERVAL_MS) + 2)
    expect(messages).toBeGreaterThan(0)
  })

  it('with document updates flowing, awareness still goes out at most every AWARENESS_INTERVAL_MS, ending with the latest state', async () => {
    // Each tick drags a shape: a document update and a cursor move, as a browser sends them.
    const { messages, elapsed } = await moveCursor(
      (mover, x) => mover.doc.getMap('m').set('x', x),
      (observer) => observer.doc.getMap('m').get('x') === 200,
    )
    // Riding on the updates, it would otherwise come with nearly every one of the 200.
    expect(messages).toBeLessThanOrEqual(Math.floor(elapsed / AWARENESS_INTERVAL_MS) + 2)
    expect(messages).toBeGreaterThan(0)
  })

  it('unknown and malformed board ids are closed with 4404', async () => {
    const { closed } = await openRawSocket(server.syncUrl, 'AAAAAAAAAAAAAAAAAAAAAA')
    expect((await closed).code).toBe(4404)
    const malformed = await openRawSocket(server.syncUrl, 'not-a-board')
    expect((await malformed.closed).code).toBe(4404)

    // The standard provider treats 44xx as final and stops reconnecting.
    const provider = connectClient(server.syncUrl, 'AAAAAAAAAAAAAAAAAAAAAA')
    clients.push(provider)
    const closedEvent = await new Promise<{ code: number }>((resolve) => provider.provider.once('closed', resolve))
    expect(closedEvent.code).toBe(4404)
    expect(provider.provider.shouldConnect).toBe(false)
  })

  it('answers a plain HTTP request to the sync endpoint with 426 and other upgrade paths with 404', async () => {
    const response = await fetch(`${server.url}/sync/whatever`)
    expect(response.status).toBe(426)
    await expect(openRawSocket(server.url.replace('http', 'ws'), 'elsewhere')).rejects.toThrow()
  })
})

describe('hooks', () => {
  it('onAuthenticate can refuse a connection (4403) and sets connection.identity', async () => {
    const roles: string[] = []
    const hooked = await startTestServer({
      hooks: {
        onAuthenticate: ({ request }) =>
          request.url?.includes('token=ok') ? { role: 'viewer', userId: 'u1' } : { refuse: 'no token' },
        beforeApplyUpdate: ({ connection }) => {
          roles.push(connection.identity.role)
          return true
        },
      },
    })
    try {
      const boardId = await hooked.createBoard()
      const refused = await openRawSocket(hooked.syncUrl, boardId)
      expect(await refused.closed).toEqual({ code: 4403, reason: 'no token' })

      const withToken = connectClient(hooked.syncUrl, boardId, { params: { token: 'ok' } })
      clients.push(withToken)
      await withToken.synced()
      withToken.doc.getText('t').insert(0, 'x')
      await waitFor(() => roles.length > 0)
      expect(roles.every((role) => role === 'viewer')).toBe(true)
    } finally {
      await hooked.close()
    }
  })

  it('beforeApplyUpdate can refuse an update: not applied, not broadcast, connection stays open', async () => {
    const hooked = await startTestServer({
      hooks: {
        onAuthenticate: ({ request }) => ({ role: request.url?.includes('role=viewer') ? 'viewer' : 'editor' }),
        beforeApplyUpdate: ({ connection }) => (connection.identity.role === 'viewer' ? { refuse: refusalReason('read-only') } : true),
      },
    })
    try {
      const boardId = await hooked.createBoard()
      const editor = connectClient(hooked.syncUrl, boardId)
      const viewer = connectClient(hooked.syncUrl, boardId, { params: { role: 'viewer' } })
      clients.push(editor, viewer)
      await Promise.all([editor.synced(), viewer.synced()])
      // Connecting with nothing to send is not an edit.
      expect(hooked.logs.filter((line) => line.includes('room.update_refused'))).toEqual([])

      viewer.doc.getText('t').insert(0, 'vandalism')
      editor.doc.getText('t').insert(0, 'ok')
      // The viewer still receives the editor's change, so its connection is alive...
      await waitFor(() => textOf(viewer).includes('ok'))
      // ...and the refusal was logged, while the editor never saw the viewer's text.
      await waitFor(() => hooked.logs.some((line) => line.includes('room.update_refused')))
      expect(textOf(editor)).toBe('ok')
      expect(viewer.provider.wsconnected).toBe(true)
    } finally {
      await hooked.close()
    }
  })

  it('onLoadDocument can seed the document (stored and sent to clients); onStoreDocument sees each compaction', async () => {
    const stored: string[] = []
    const hooked = await startTestServer({
      hooks: {
        onLoadDocument: ({ doc }) => {
          if (doc.getText('t').length === 0) doc.getText('t').insert(0, 'welcome')
        },
        onStoreDocument: ({ doc, reason }) => {
          stored.push(`${reason}:${doc.getText('t').toString()}`)
        },
      },
    })
    try {
      const boardId = await hooked.createBoard()
      const first = connectClient(hooked.syncUrl, boardId)
      await first.synced()
      await waitFor(() => textOf(first) === 'welcome')
      first.destroy()
      await waitFor(() => hooked.server.stats().rooms === 0)
      expect(stored).toEqual(['unload:welcome'])

      // Loaded again from storage: the seed is there once, not twice.
      const second = connectClient(hooked.syncUrl, boardId)
      clients.push(second)
      await second.synced()
      expect(textOf(second)).toBe('welcome')
    } finally {
      await hooked.close()
    }
  })
})
