import * as Y from 'yjs'

/** A small, seedable PRNG (mulberry32), so a failing random run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Peers that exchange Yjs updates through queues instead of a server: every update a doc makes is
 * queued for each other doc, and the test decides when, and in which order, queued updates
 * arrive. Yjs must cope with delays and reordering; this lets a test provoke both.
 */
export class DocNetwork {
  private readonly queues = new Map<Y.Doc, Uint8Array[]>()
  private readonly stops: (() => void)[] = []

  constructor(
    readonly docs: readonly Y.Doc[],
    private readonly random: () => number,
  ) {
    for (const doc of docs) this.queues.set(doc, [])
    for (const doc of docs) {
      const onUpdate = (update: Uint8Array, origin: unknown) => {
        if (origin === this) return
        for (const other of docs) if (other !== doc) this.queues.get(other)!.push(update)
      }
      doc.on('update', onUpdate)
      this.stops.push(() => doc.off('update', onUpdate))
    }
  }

  /** Delivers a random share of the queued updates, picked and applied in random order. */
  deliverSome(share = 0.5): void {
    for (const [doc, queue] of this.queues) {
      for (let count = Math.floor(queue.length * share * this.random()); count > 0; count--) {
        const [update] = queue.splice(Math.floor(this.random() * queue.length), 1)
        Y.applyUpdate(doc, update!, this)
      }
    }
  }

  /** Delivers everything still queued, in random order. */
  deliverAll(): void {
    for (const [doc, queue] of this.queues) {
      while (queue.length > 0) {
        const [update] = queue.splice(Math.floor(this.random() * queue.length), 1)
        Y.applyUpdate(doc, update!, this)
      }
    }
  }

  dispose(): void {
    for (const stop of this.stops) stop()
  }
}
