import { LatencyRecorder } from './latency'

/**
 * What observers saw during one measurement window. Latency is kept for edits
 * *sent* inside the window (so the slow tail of an overloaded server still
 * counts after the window closes); deliveries count what *arrived* inside it.
 */
export class Measurement {
  readonly latency = new LatencyRecorder()
  editDeliveries = 0
  awarenessDeliveries = 0
  frames = 0
  bytes = 0
  /** Messages and payload bytes passive members received (counted, not read). */
  passiveFrames = 0
  passiveBytes = 0
  private startMicros = Number.POSITIVE_INFINITY
  private endMicros = Number.POSITIVE_INFINITY

  /** Starts the window at `at` (µs). */
  open(at: number): void {
    this.startMicros = at
    this.endMicros = Number.POSITIVE_INFINITY
  }

  /** Ends the window at `at` (µs). */
  close(at: number): void {
    this.endMicros = at
  }

  /** Length of the closed window in seconds. */
  get seconds(): number {
    return (this.endMicros - this.startMicros) / 1e6
  }

  private inWindow(at: number): boolean {
    return at >= this.startMicros && at < this.endMicros
  }

  recordEdit(sentAt: number, receivedAt: number): void {
    if (this.inWindow(sentAt)) this.latency.add((receivedAt - sentAt) / 1000)
    if (this.inWindow(receivedAt)) this.editDeliveries++
  }

  recordAwareness(clients: number, receivedAt: number): void {
    if (this.inWindow(receivedAt)) this.awarenessDeliveries += clients
  }

  recordFrame(length: number, receivedAt: number): void {
    if (!this.inWindow(receivedAt)) return
    this.frames++
    this.bytes += length
  }

  recordPassive(frames: number, bytes: number, receivedAt: number): void {
    if (!this.inWindow(receivedAt)) return
    this.passiveFrames += frames
    this.passiveBytes += bytes
  }
}
