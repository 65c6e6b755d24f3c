import * as Y from 'yjs'
import { nowMicros } from '../metrics/clock'
import { type CardRecord, createCard, moveCard, MOVE_CHANGES } from './card'
import type { Framing } from './framing'
import type { RoomLedger } from './ledger'
import { formatMarker, scanMarkers } from './marker'
import { RawTransport } from './raw-transport'
import { RecordLogWriter } from './record-log-writer'
import type { Transport, TransportEvents } from './transport'
import { TrackedStateVector, type UpdateMetaCache } from './update-meta-cache'
import { awarenessFrame, AuthType, encodeAwarenessState, forEachAwarenessClient, readMessage, SyncStep, syncFrame } from './wire'
import { WsTransport } from './ws-transport'

/** What a client needs to know about the room it joins. */
export interface ClientRoom {
  /** ws:// URL of the room's socket. */
  url: string
  /** Document name (Hocuspocus frames carry it). */
  documentName: string
  framing: Framing
  ledger: RoomLedger
  metaCache: UpdateMetaCache
}

/** How long a client may take from opening its socket to being synced. */
const CONNECT_TIMEOUT_MS = 60_000

/** How a client takes part in its room. */
export interface ClientRole {
  /**
   * Passive members send like any other client but, once synced, do not look at what they
   * receive (see `RawTransport`): they are neither latency observers nor checked for what
   * they received, only for what they wrote.
   */
  passive?: boolean
  /** Also apply everything received to this full Y.Doc (the verifier does). */
  mirror?: Y.Doc
}

/**
 * A headless Yjs peer that is as cheap as possible per received message: it
 * speaks the y-websocket protocol (optionally in Hocuspocus framing), keeps a
 * Y.Doc of its own writes only, and on receipt just scans for latency markers
 * and tracks its state vector. A passive one stops reading messages once it is
 * synced (see `ClientRole`).
 */
export class BenchClient {
  readonly doc = new Y.Doc()
  readonly index: number
  readonly passive: boolean
  readonly received = new TrackedStateVector()
  /** Close code when the server closed the socket on us; null while fine. */
  unexpectedClose: number | null = null
  private readonly writer = new RecordLogWriter(this.doc)
  private readonly prefix: Uint8Array
  private readonly mirror: Y.Doc | null
  private transport: Transport | null = null
  /** The passive member's transport, the one that can stop delivering messages. */
  private raw: RawTransport | null = null
  private cards: CardRecord[] = []
  private cursorClock = 0
  private closing = false
  private synced = false
  /** Whether the server's sync step 1 has been answered (Hocuspocus sends it after its step 2). */
  private answeredStep1 = false
  private onSynced: (() => void) | null = null

  constructor(
    private readonly room: ClientRoom,
    role: ClientRole = {},
  ) {
    this.passive = role.passive ?? false
    this.mirror = role.mirror ?? null
    this.index = room.ledger.addMember({ observes: !this.passive })
    this.prefix = room.framing.prefix(room.documentName)
    this.doc.on('update', (update: Uint8Array) => this.send(syncFrame(this.prefix, SyncStep.update, update)))
  }

  /** Opens the socket and resolves once the first sync step 2 has arrived. */
  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`client ${this.index}: not synced after ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS)
      const fail = (error: Error) => {
        clearTimeout(timer)
        this.onSynced = null
        reject(error)
      }
      this.onSynced = () => {
        clearTimeout(timer)
        resolve()
      }
      const events: TransportEvents = {
        open: () => {
          for (const greeting of this.room.framing.greeting(this.prefix)) this.send(greeting)
          this.send(syncFrame(this.prefix, SyncStep.step1, Y.encodeStateVector(this.doc)))
        },
        message: (data: Buffer) => this.receive(data),
        error: (error: Error) => {
          if (!this.synced) fail(error)
        },
        close: (code: number) => {
          if (this.closing) return
          this.unexpectedClose = code
          if (!this.synced) fail(new Error(`client ${this.index}: closed with ${code} before sync`))
        },
      }
      if (this.passive) this.raw = new RawTransport(this.room.url, events)
      this.transport = this.raw ?? new WsTransport(this.room.url, events)
    })
  }

  /** Puts `count` new cards on the board in one update (no latency marker). */
  addCards(count: number, text: string): void {
    const start = this.cards.length
    const created: CardRecord[] = []
    for (let i = 0; i < count; i++) {
      const n = start + i
      created.push(createCard(`shape:b${this.index}x${n}`, n, (n % 40) * 220, Math.floor(n / 40) * 220, text))
    }
    this.cards.push(...created)
    this.writer.createAll(created)
  }

  /** Moves one of this client's cards (round robin), tagged with a latency marker. */
  moveCard(): void {
    if (this.cards.length === 0) return
    const seq = this.room.ledger.nextSeq(this.index)
    const slot = seq % this.cards.length
    const card = this.cards[slot]!
    const moved = moveCard(card, card.x + ((seq % 7) - 3) * 4, card.y + ((seq % 5) - 2) * 4, formatMarker(this.index, seq, nowMicros()))
    this.cards[slot] = moved
    this.writer.write(moved.id, moved, MOVE_CHANGES)
  }

  /** The records this client last wrote, as plain JSON. */
  get ownCards(): readonly CardRecord[] {
    return this.cards
  }

  /** Sends this client's cursor as an awareness update, as a browser does on pointer move. */
  sendCursor(): void {
    const clock = ++this.cursorClock
    const state = JSON.stringify({
      user: { id: `bench-${this.index}`, name: `Bench ${this.index}`, color: '#e03131' },
      cursor: { x: (clock * 13) % 2000, y: (clock * 7) % 1200, type: 'default', rotation: 0 },
      selection: [],
    })
    this.send(awarenessFrame(this.prefix, encodeAwarenessState(this.doc.clientID, clock, state)))
  }

  /** Closes the socket (any later close is expected) and leaves the room's ledger. */
  close(): void {
    this.closing = true
    this.room.ledger.retire(this.index)
    this.transport?.close()
  }

  private send(frame: Uint8Array): void {
    this.transport?.send(frame)
  }

  /**
   * A passive member stops reading messages once the handshake is over: it has its step 2
   * and has answered the server's step 1, so the server gets the same replies from it as
   * from any client. What it receives afterwards is only counted.
   */
  private maybeTurnPassive(): void {
    if (this.raw === null || !this.synced || !this.answeredStep1) return
    // The ledger's measurement is swapped per ramp step, so it is looked up on every report.
    this.raw.discard((messages, bytes) => this.room.ledger.measurement.recordPassive(messages, bytes, nowMicros()))
  }

  private receive(data: Buffer): void {
    const now = nowMicros()
    const { ledger, metaCache, framing } = this.room
    ledger.measurement.recordFrame(data.length, now)
    const message = readMessage(data, framing.prefixed)
    switch (message.kind) {
      case 'sync':
        if (message.step === SyncStep.step1) {
          this.send(syncFrame(this.prefix, SyncStep.step2, Y.encodeStateAsUpdate(this.doc, message.data)))
          this.answeredStep1 = true
          this.maybeTurnPassive()
          return
        }
        this.received.add(metaCache.metaOf(message.data))
        scanMarkers(Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength), (sender, seq, sentAt) =>
          ledger.noteReceived(this.index, sender, seq, sentAt, now),
        )
        if (this.mirror !== null) Y.applyUpdate(this.mirror, message.data)
        if (message.step === SyncStep.step2 && !this.synced) {
          this.synced = true
          this.onSynced?.()
          this.maybeTurnPassive()
        }
        return
      case 'awareness': {
        let others = 0
        forEachAwarenessClient(message.data, (clientId) => {
          if (clientId !== this.doc.clientID) others++
        })
        ledger.measurement.recordAwareness(others, now)
        return
      }
      case 'auth':
        if (message.authType === AuthType.permissionDenied) this.transport?.close()
        return
      case 'other':
        return
    }
  }
}
