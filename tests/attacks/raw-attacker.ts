/**
 * An attacker's raw sync socket (a hand-written client, no provider): it sends whatever bytes it
 * is given as document updates, and keeps a mirror of the room's doc from what the server sends
 * (the sync step 2 answers and the broadcast updates), as a real attacker who receives the doc
 * would. Every "permission denied" it receives is kept with its code.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import { MessageType, SyncStep } from '../../server/sync/protocol'
import { refusalCodeOf } from '../../shared/model/refusals'
import { LINK_TOKEN_PARAM, VOTER_KEY_PARAM } from '../../shared/model/roles'
import { waitFor } from '../helpers/wait'
import { openRawSocket } from '../server/clients'

const { sync: SYNC, awareness: AWARENESS, auth: AUTH } = MessageType
const { step1: STEP1, step2: STEP2, update: UPDATE } = SyncStep

export class RawAttacker {
  /** The room's doc as far as the server has sent it. */
  readonly mirror = new Y.Doc()
  /** Codes of the refusals received, in order. */
  readonly refusals: string[] = []
  /** Sync step 1s received: the server asking for what it lacks. */
  step1s = 0
  private answers = 0
  private open = true

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => this.receive(new Uint8Array(data)))
    socket.on('close', () => {
      this.open = false
    })
  }

  /** Connects with a link token and voter key and waits for the whole doc. */
  static async connect(syncUrl: string, boardId: string, token: string, voterKey: string): Promise<RawAttacker> {
    const { socket } = await openRawSocket(syncUrl, boardId, { [LINK_TOKEN_PARAM]: token, [VOTER_KEY_PARAM]: voterKey })
    const attacker = new RawAttacker(socket)
    await attacker.syncRoundTrip()
    return attacker
  }

  get isOpen(): boolean {
    return this.open
  }

  sendUpdate(update: Uint8Array): void {
    this.send(SYNC, UPDATE, update)
  }

  sendAwareness(update: Uint8Array): void {
    this.send(AWARENESS, -1, update)
  }

  /**
   * Asks the server for what the mirror lacks (sync step 1) and waits for the answer, so the
   * mirror holds everything the room had when the server read the question.
   */
  async syncRoundTrip(): Promise<void> {
    const before = this.answers
    this.send(SYNC, STEP1, Y.encodeStateVector(this.mirror))
    await waitFor(() => this.answers > before || !this.open, { message: 'the sync step 2 answer' })
    if (!this.open) throw new Error('the server closed the connection')
  }

  close(): void {
    this.socket.close()
    this.mirror.destroy()
  }

  /** Sends `[type, step, payload]`; without a step (-1) for awareness. */
  private send(type: number, step: number, payload: Uint8Array): void {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, type)
    if (step >= 0) encoding.writeVarUint(encoder, step)
    encoding.writeVarUint8Array(encoder, payload)
    this.socket.send(encoding.toUint8Array(encoder))
  }

  private receive(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame)
    // The server sends several messages in one frame only when it batches a turn's output.
    while (decoding.hasContent(decoder)) {
      const type = decoding.readVarUint(decoder)
      if (type === SYNC) {
        const step = decoding.readVarUint(decoder)
        const payload = decoding.readVarUint8Array(decoder)
        if (step === STEP1) {
          this.step1s++ // the server asking for what we have: an attacker keeps quiet
          continue
        }
        Y.applyUpdate(this.mirror, payload)
        if (step === STEP2) this.answers++
      } else if (type === AUTH) {
        decoding.readVarUint(decoder)
        const reason = decoding.readVarString(decoder)
        this.refusals.push(refusalCodeOf(reason) ?? reason)
      } else {
        return // awareness and anything else: not ours to read
      }
    }
  }
}
