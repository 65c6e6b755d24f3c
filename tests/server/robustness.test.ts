/**
 * Bad input closes only the offending socket, with a clear close code and a log line, while
 * other clients of the same room keep syncing and the process keeps serving.
 */
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeAwareness, encodeUpdate } from '../../server/sync/protocol'
import { startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { connectSynced, openRawSocket, textOf, type SyncClient } from './clients'

const MIB = 1024 * 1024

let server: TestServer
let boardId: string
let writer: SyncClient
let reader: SyncClient
let edits = 0

beforeAll(async () => {
  server = await startTestServer()
  boardId = await server.createBoard()
  writer = await connectSynced(server.syncUrl, boardId)
  reader = await connectSynced(server.syncUrl, boardId)
})

afterAll(async () => {
  writer.destroy()
  reader.destroy()
  await server.close()
})

/** Proves the room still works for the well-behaved clients. */
async function expectRoomStillSyncs(): Promise<void> {
  const marker = `edit-${++edits};`
  writer.doc.getText('t').insert(0, marker)
  await waitFor(() => textOf(reader).includes(marker), { message: 'the other client to keep syncing' })
  expect(writer.provider.wsconnected && reader.provider.wsconnected).toBe(true)
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
}

/** Sends `frames` on a fresh raw socket of the room; resolves with how the server closed it. */
async function sendBadFrames(...frames: (Uint8Array | string)[]): Promise<{ code: number; reason: string }> {
  const { socket, closed } = await openRawSocket(server.syncUrl, boardId)
  for (const frame of frames) socket.send(frame)
  return closed
}

function validUpdateFrame(): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, 'a perfectly fine update that will be cut short')
  return encodeUpdate(Y.encodeStateAsUpdate(doc))
}

describe('bad input', () => {
  it('a garbage frame closes the socket with 4400', async () => {
    const closed = await sendBadFrames(new Uint8Array([0xff, 0x13, 0x37, 0x00, 0x42]))
    expect(closed.code).toBe(4400)
    expect(server.logs.some((line) => line.includes('connection.closed') && line.includes('code=4400'))).toBe(true)
    await expectRoomStillSyncs()
  })

  it('a truncated frame closes the socket with 4400', async () => {
    const frame = validUpdateFrame()
    const closed = await sendBadFrames(frame.subarray(0, Math.floor(frame.length / 2)))
    expect(closed).toEqual({ code: 4400, reason: `truncated frame (${Math.floor(frame.length / 2)} bytes)` })
    await expectRoomStillSyncs()
  })

  it('a well-framed but corrupt Yjs update closes the socket with 4400 and changes nothing', async () => {
    const before = textOf(reader)
    const closed = await sendBadFrames(encodeUpdate(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 1, 2])))
    expect(closed).toEqual({ code: 4400, reason: 'invalid document update' })
    expect(textOf(reader)).toBe(before)
    await expectRoomStillSyncs()
  })

  it('a malformed awareness update, a text frame and an unknown sync step close with 4400', async () => {
    expect((await sendBadFrames(encodeAwareness(new Uint8Array([1, 7, 1, 3, 0x7b])))).code).toBe(4400)
    expect((await sendBadFrames(encodeAwareness(new Uint8Array([1, 7, 1, 3, 0x41, 0x42, 0x43])))).code).toBe(4400)
    expect((await sendBadFrames('hello'))).toMatchObject({ code: 4400 })
    expect((await sendBadFrames(new Uint8Array([0, 9, 0])))).toEqual({ code: 4400, reason: 'unknown sync step 9' })
    await expectRoomStillSyncs()
  })

  it('a 20 MiB frame is refused by ws with 1009 before it is read', async () => {
    const closed = await sendBadFrames(new Uint8Array(20 * MIB))
    expect(closed.code).toBe(1009)
    expect(server.logs.some((line) => line.includes('connection.error') && /payload/i.test(line))).toBe(true)
    await expectRoomStillSyncs()
  })

  it('a flood of messages closes the socket with 4429', async () => {
    const queryAwareness = new Uint8Array([3])
    const closed = await sendBadFrames(...Array.from({ length: 10_000 }, () => queryAwareness))
    expect(closed).toEqual({ code: 4429, reason: 'too many messages' })
    expect(server.logs.some((line) => line.includes('code=4429'))).toBe(true)
    await expectRoomStillSyncs()
  })

  it('a flood of bytes closes the socket with 4429', async () => {
    // A server with a small byte budget, so that the budget is exhausted long before its refill matters.
    const strict = await startTestServer({ maxPayload: MIB, limits: { bytesPerSecond: MIB, byteBurst: 2 * MIB } })
    try {
      const room = await strict.createBoard()
      const bystander = await connectSynced(strict.syncUrl, room)
      const { socket, closed } = await openRawSocket(strict.syncUrl, room)
      // Auth frames from clients are valid and ignored: only the byte budget can stop these.
      const frame = new Uint8Array(MIB / 2)
      frame[0] = 2
      for (let i = 0; i < 20; i++) socket.send(frame)
      expect((await closed).code).toBe(4429)
      expect(bystander.provider.wsconnected).toBe(true)
      bystander.destroy()
    } finally {
      await strict.close()
    }
  })

  it('a client that stops reading is dropped instead of buffering without limit', async () => {
    const strict = await startTestServer({ limits: { maxBufferedBytes: 256 * 1024 } })
    try {
      const room = await strict.createBoard()
      const active = await connectSynced(strict.syncUrl, room)
      const { socket: stalled, closed } = await openRawSocket(strict.syncUrl, room)
      await waitFor(() => strict.server.stats().connections === 2)
      stalled.pause()
      // Far more than the socket buffers of the kernel hold, sent as separate updates.
      for (let i = 0; i < 40; i++) {
        active.doc.getText('t').insert(0, 'x'.repeat(256 * 1024))
        await new Promise((resolve) => setImmediate(resolve))
      }
      await waitFor(() => strict.logs.some((line) => line.includes('connection.too_slow')), { timeout: 20_000 })
      await waitFor(() => strict.server.stats().connections === 1)
      stalled.resume()
      expect((await closed).code).toBe(1006)
      expect(active.provider.wsconnected).toBe(true)
      active.destroy()
    } finally {
      await strict.close()
    }
  })
})
