import type { TLRecord } from 'tldraw'
import { RecordLog } from '../../shared/model/record-log'
import { sleep } from '../util/wait'
import type { PlacedCard } from './big-board'
import { epochNow } from './clock-offset'
import type { SyncPeer } from './sync-peer'

/** One card move as sent: where the card now is on the page, and when it left (epoch ms). */
export interface SentMove {
  id: string
  pageX: number
  pageY: number
  sentAt: number
}

/** Moves per card in one benchmark; each goes to a new place, so a rendered position names its move. */
const MAX_MOVES_PER_CARD = 40
const STEP = 6

/**
 * A headless person dragging cards: writes card moves into the record log of `peer`'s doc, as a
 * browser's binding writes a drag (field path `x` of each moved card, one transaction per frame).
 * Cards are taken round-robin. A card's k-th move puts it `STEP · (1 + k)` units right of its slot:
 * never back on the slot corner (so the slot repairs of the open pages leave it alone) and never
 * twice at one place, so a rendered position tells which move it shows.
 */
export class CardMover {
  private readonly log: RecordLog<TLRecord>
  private readonly moveCounts = new Map<string, number>()
  private next = 0

  constructor(
    peer: SyncPeer,
    private readonly cards: readonly PlacedCard[],
  ) {
    this.log = new RecordLog<TLRecord>(peer.doc)
  }

  /** Sends `movesPerSecond` moves in `ticksPerSecond` updates per second for `seconds`; returns them. */
  async run(movesPerSecond: number, ticksPerSecond: number, seconds: number): Promise<SentMove[]> {
    const sent: SentMove[] = []
    const tickMs = 1000 / ticksPerSecond
    const ticks = Math.round(seconds * ticksPerSecond)
    const start = epochNow()
    let owed = 0
    for (let tick = 0; tick < ticks; tick++) {
      await sleep(Math.max(0, start + tick * tickMs - epochNow()))
      // Fractional rates carry over, so the total over the run is exact.
      owed += movesPerSecond / ticksPerSecond
      const count = Math.floor(owed)
      owed -= count
      sent.push(...this.moveNext(count))
    }
    return sent
  }

  /** Moves the next `count` cards in one transaction. */
  private moveNext(count: number): SentMove[] {
    const records: TLRecord[] = []
    const moves: SentMove[] = []
    const changed = new Map<string, ['x']>()
    for (let i = 0; i < count; i++) {
      const card = this.cards[this.next]!
      this.next = (this.next + 1) % this.cards.length
      const current = this.log.get(card.id)
      if (current?.typeName !== 'shape') throw new Error(`card ${card.id} is not on the board`)
      const k = this.moveCounts.get(card.id) ?? 0
      if (k >= MAX_MOVES_PER_CARD) throw new Error(`card ${card.id} moved more than ${MAX_MOVES_PER_CARD} times`)
      this.moveCounts.set(card.id, k + 1)
      const x = card.x + STEP * (1 + k)
      records.push({ ...current, x })
      changed.set(card.id, ['x'])
      moves.push({ id: card.id, pageX: card.frameX + x, pageY: card.frameY + card.y, sentAt: 0 })
    }
    const sentAt = epochNow()
    this.log.put(records, changed)
    for (const move of moves) move.sentAt = sentAt
    return moves
  }

  dispose(): void {
    this.log.dispose()
  }
}
