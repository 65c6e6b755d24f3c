import type { Measurement } from '../metrics/measurement'

/**
 * Who sent which edit in a room and what each observer has received, so that
 * after a run we can say whether every observer got every update.
 *
 * Senders number their edits 1, 2, 3…; an observer remembers the highest
 * number it saw from each sender. A server that merges a sender's moves into
 * one message may legitimately drop an overwritten intermediate record from
 * it, so a jump is counted as "skipped", not lost; an edit is *missing* when an
 * observer never saw the sender's last one.
 */
export class RoomLedger {
  private readonly sent: number[] = []
  /** Per member, the highest sequence number seen from each sender; null for members that do not observe or left. */
  private readonly received: (number[] | null)[] = []
  skipped = 0

  /** Where deliveries are recorded; a ramp swaps in a fresh one per step. */
  constructor(public measurement: Measurement) {}

  /**
   * Registers a new member; as an observer it owes only the edits sent after it joined. A
   * member that does not observe (a passive one) only sends: nobody checks what it received.
   */
  addMember({ observes }: { observes: boolean }): number {
    const index = this.sent.length
    this.sent.push(0)
    for (const row of this.received) row?.push(0)
    this.received.push(observes ? [...this.sent] : null)
    return index
  }

  /** Stops expecting deliveries to a member that left. */
  retire(observer: number): void {
    this.received[observer] = null
  }

  /** Counts an edit by `sender` and returns its sequence number. */
  nextSeq(sender: number): number {
    return ++this.sent[sender]!
  }

  /** Records that `observer` received edit `seq` of `sender`. */
  noteReceived(observer: number, sender: number, seq: number, sentAtMicros: number, nowMicros: number): void {
    if (sender === observer) return
    const row = this.received[observer]
    if (!row) return
    const last = row[sender]
    if (last === undefined || seq <= last) return
    this.skipped += seq - last - 1
    row[sender] = seq
    this.measurement.recordEdit(sentAtMicros, nowMicros)
  }

  /** How many (observer, sender) pairs still lack the sender's latest edit. */
  outstanding(): number {
    let missing = 0
    for (let observer = 0; observer < this.received.length; observer++) {
      const row = this.received[observer]
      if (row === null || row === undefined) continue
      for (let sender = 0; sender < this.sent.length; sender++) {
        if (sender !== observer && row[sender]! < this.sent[sender]!) missing++
      }
    }
    return missing
  }

  /** Total edits sent. */
  get totalSent(): number {
    return this.sent.reduce((sum, n) => sum + n, 0)
  }
}
