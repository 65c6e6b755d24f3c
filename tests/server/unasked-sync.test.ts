/**
 * A client that says it holds no copy (shared/protocol/sync-handshake.ts) is sent the whole
 * document right after the server's sync step 1, before it asks; its own step 1, sent before that
 * arrived, is then answered with only what changed since. Checked on raw sockets, which show what
 * the server sends unasked: every message before the answer to our own step 1 came without one.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { MessageType, SyncStep } from '../../server/sync/protocol'
import { LINK_TOKEN_PARAM } from '../../shared/model/roles'
import { NO_COPY_PARAM } from '../../shared/protocol/sync-handshake'
import { startTestServer, tokenOf, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { connectClient, connectSynced, textOf, type SyncClient } from './clients'

let server: TestServer
const clients: SyncClient[] = []
const sockets: WebSocket[] = []

beforeEach(async () => {
  server = await startTestServer()
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  for (const socket of sockets.splice(0)) socket.close()
  await server.close()
})

/** A sync message from the server: its step and payload (a state vector or an update). */
interface SyncMessage {
  step: number
  payload: Uint8Array
}

/** A raw socket that keeps the server's sync messages in order of arrival. */
async function rawClient(boardId: string, noCopy: boolean) {
  const params: Record<string, string> = { [LINK_TOKEN_PARAM]: tokenOf(boardId)! }
  if (noCopy) params[NO_COPY_PARAM] = '1'
  // Listening from the start: the server's first messages can come with the upgrade's answer.
  const socket = new WebSocket(`${server.syncUrl}/${boardId}?${new URLSearchParams(params).toString()}`)
  sockets.push(socket)
  const received: SyncMessage[] = []
  socket.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data))
    if (decoding.readVarUint(decoder) !== MessageType.sync) return
    received.push({ step: decoding.readVarUint(decoder), payload: decoding.readVarUint8Array(decoder) })
  })
  await new Promise((resolve, reject) => {
    socket.once('open', resolve)
    socket.once('error', reject)
  })
  /** Sends our sync step 1 for `doc` and resolves with what came before its answer, and the answer. */
  const ask = async (doc: Y.Doc): Promise<{ before: SyncMessage[]; answer: SyncMessage }> => {
    await waitFor(() => received.some((message) => message.step === SyncStep.step1), { message: 'the server’s sync step 1' })
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.sync)
    encoding.writeVarUint(encoder, SyncStep.step1)
    encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc))
    const sentAfter = received.length
    socket.send(encoding.toUint8Array(encoder))
    // The server answers a step 1 with a step 2; any step 2 before ours was sent unasked.
    const answered = () => received.findIndex((message, i) => i >= sentAfter && message.step === SyncStep.step2)
    await waitFor(() => answered() >= 0, { message: 'the answer to our sync step 1' })
    return { before: received.slice(0, answered()), answer: received[answered()]! }
  }
  return { received, ask }
}

/** A doc holding `update`. */
function docOf(...updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}

async function boardWithText(text: string): Promise<{ boardId: string; writer: SyncClient }> {
  const boardId = await server.createBoard()
  const writer = await connectSynced(server.syncUrl, boardId)
  clients.push(writer)
  writer.doc.getText('t').insert(0, text)
  // Stored once a fresh client gets it.
  const check = await connectSynced(server.syncUrl, boardId)
  clients.push(check)
  await waitFor(() => textOf(check) === text)
  return { boardId, writer }
}

describe('a client without a copy gets the document unasked', () => {
  it('is sent the whole document with its first messages, and its own empty step 1 gets only what changed since', async () => {
    const { boardId, writer } = await boardWithText('agenda')
    const raw = await rawClient(boardId, true)
    await waitFor(() => raw.received.some((message) => message.step === SyncStep.step2), { message: 'the unasked step 2' })
    writer.doc.getText('t').insert(0, 'new ')
    await waitFor(() => raw.received.some((message) => message.step === SyncStep.update), { message: 'the broadcast of the change' })

    const { before, answer } = await raw.ask(new Y.Doc())
    const unasked = before.filter((message) => message.step === SyncStep.step2)
    expect(before[0]!.step).toBe(SyncStep.step1)
    expect(docOf(unasked[0]!.payload).getText('t').toString()).toBe('agenda')
    // The answer is only the change since the unasked document, not the whole document again.
    // (the bytes of an update carry its inserted text as it is)
    expect(Buffer.from(answer.payload).includes('new ')).toBe(true)
    expect(Buffer.from(answer.payload).includes('agenda')).toBe(false)
    expect(docOf(unasked[0]!.payload, answer.payload).getText('t').toString()).toBe('new agenda')
  })

  it('a client that did not say so is sent no document before it asks, and then all of it', async () => {
    const { boardId } = await boardWithText('agenda')
    const raw = await rawClient(boardId, false)
    const { before, answer } = await raw.ask(new Y.Doc())
    expect(before.map((message) => message.step)).toEqual([SyncStep.step1])
    expect(docOf(answer.payload).getText('t').toString()).toBe('agenda')
  })

  it('a client that said so but sends a state vector gets what it lacks, as anyone does', async () => {
    const { boardId, writer } = await boardWithText('agenda')
    const partial = docOf(Y.encodeStateAsUpdate(writer.doc))
    writer.doc.getText('t').insert(6, ' items')
    await waitFor(() => clients.every((client) => textOf(client) === 'agenda items'))
    const raw = await rawClient(boardId, true)
    const { answer } = await raw.ask(partial)
    Y.applyUpdate(partial, answer.payload)
    expect(partial.getText('t').toString()).toBe('agenda items')
  })

  it('an unmodified WebsocketProvider that says so syncs, writes and converges', async () => {
    const { boardId, writer } = await boardWithText('agenda')
    const fresh = connectClient(server.syncUrl, boardId, { params: { [LINK_TOKEN_PARAM]: tokenOf(boardId)!, [NO_COPY_PARAM]: '1' } })
    clients.push(fresh)
    await fresh.synced()
    expect(textOf(fresh)).toBe('agenda')
    fresh.doc.getText('t').insert(6, '!')
    await waitFor(() => textOf(writer) === 'agenda!')
  })
})
