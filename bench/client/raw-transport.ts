import { createHash, randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'
import type { Transport, TransportEvents } from './transport'
import { clientFrame, FrameReader, Opcode } from './ws-frames'

/** Appended to the client's key to form the accept value the server must answer with (RFC 6455, 4.2.2). */
const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'
/** Size of the buffer every read lands in (more than a read tick brings at 96 moves/s); reused for the socket's whole life. */
const READ_BUFFER_BYTES = 128 * 1024
/** A response head longer than this is not a WebSocket handshake. */
const MAX_RESPONSE_HEAD = 16 * 1024
/** How long to wait for the server's side of the closing handshake before dropping the socket. */
const CLOSE_TIMEOUT_MS = 10_000
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1')

/**
 * How often a discarding transport reads its socket. Reading on every readable event meant one
 * read system call (and an ACK) per frame the server flushed, ~30,000 a second for 90 members,
 * whatever the rate; reading every 10 ms takes the same bytes in a fraction of the calls (95
 * sockets at 3 MB/s each: 37 % of a core read on every event or every 5 ms, 26 % every 10 ms).
 * The kernel buffers what arrives meanwhile (~30 KB at 64 moves/s, ~45 KB at 96, inside the
 * 64 KB initial receive window), so the server's writes do not wait on it. Longer intervals
 * would be cheaper still but could fill the window and slow the server down.
 */
const DISCARD_READ_INTERVAL_MS = 10

/** Discarding transports paused until the next read tick. */
const waiting = new Set<Socket>()
let readTicker: NodeJS.Timeout | null = null

function readLater(socket: Socket): void {
  waiting.add(socket)
  readTicker ??= setInterval(() => {
    for (const paused of waiting) paused.resume()
    waiting.clear()
  }, DISCARD_READ_INTERVAL_MS).unref()
}

/** Counts of data messages and their payload bytes read since the last report. */
export type TrafficReport = (messages: number, bytes: number) => void

/**
 * A WebSocket client transport written directly on `net.Socket`: it does the
 * HTTP Upgrade handshake itself, sends masked binary frames as `ws` does (no
 * compression offered, Nagle off), and reads the stream into one reused buffer.
 * Until `discard` is called it hands over every message like `WsTransport`;
 * afterwards it only steps over data frames, still answering pings and
 * noticing the server's close, so that a member of a big room can keep up with
 * everything the server sends for a fraction of the cost of parsing it. The
 * server cannot tell the difference: bytes are read off the socket as fast as
 * they arrive either way.
 */
export class RawTransport implements Transport {
  private readonly socket: Socket
  private readonly reader: FrameReader
  private readonly key = randomBytes(16).toString('base64')
  /** The response head read so far; null once the handshake is done. */
  private responseHead: Buffer | null = Buffer.alloc(0)
  private closeSent = false
  private closeReported = false
  private traffic: TrafficReport | null = null

  constructor(url: string, private readonly events: TransportEvents) {
    const target = new URL(url)
    this.reader = new FrameReader({
      message: (payload) => events.message(payload),
      ping: (payload) => this.write(clientFrame(Opcode.pong, payload)),
      close: (code) => this.closedByServer(code),
      violation: (reason) => this.fail(new Error(reason)),
    })
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES)
    this.socket = connect({
      host: target.hostname,
      port: Number(target.port),
      onread: { buffer, callback: (length: number) => this.onBytes(buffer, length) },
    })
    this.socket.setNoDelay(true)
    this.socket.on('connect', () => this.socket.write(this.upgradeRequest(target)))
    this.socket.on('error', (error) => events.error(error))
    this.socket.on('close', () => {
      waiting.delete(this.socket)
      this.reportClose(1006)
    })
  }

  /** From now on data messages are skipped, not delivered; `report` hears how many arrived, per read. */
  discard(report: TrafficReport): void {
    this.reader.collecting = false
    this.traffic = report
  }

  send(frame: Uint8Array): void {
    if (this.responseHead === null && !this.closeSent) this.write(clientFrame(Opcode.binary, frame))
  }

  close(): void {
    if (this.responseHead !== null) {
      this.socket.destroy()
      return
    }
    if (this.closeSent) return
    this.closeSent = true
    this.write(clientFrame(Opcode.close, closePayload(1000)))
    setTimeout(() => this.socket.destroy(), CLOSE_TIMEOUT_MS).unref()
  }

  private upgradeRequest(target: URL): string {
    return [
      `GET ${target.pathname}${target.search} HTTP/1.1`,
      `Host: ${target.host}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${this.key}`,
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n')
  }

  private onBytes(chunk: Buffer, length: number): boolean {
    if (this.responseHead !== null) {
      this.readHandshake(chunk.subarray(0, length))
      return true
    }
    const { messages, bytes } = this.reader
    this.reader.read(chunk, length)
    if (this.traffic === null) return true
    if (this.reader.messages > messages) this.traffic(this.reader.messages - messages, this.reader.bytes - bytes)
    // Returning false pauses the socket until the next read tick.
    readLater(this.socket)
    return false
  }

  /** Collects the response head; on a valid 101 opens and feeds whatever followed it to the frame reader. */
  private readHandshake(bytes: Buffer): void {
    const head = Buffer.concat([this.responseHead!, bytes])
    const end = head.indexOf(HEAD_END)
    if (end === -1) {
      if (head.length > MAX_RESPONSE_HEAD) this.fail(new Error('no WebSocket handshake response'))
      else this.responseHead = head
      return
    }
    const [status = '', ...fields] = head.toString('latin1', 0, end).split('\r\n')
    const accept = fields.find((field) => field.toLowerCase().startsWith('sec-websocket-accept:'))?.slice(21).trim()
    const expected = createHash('sha1').update(this.key + HANDSHAKE_GUID).digest('base64')
    if (!/^HTTP\/1\.1 101\b/.test(status)) return this.fail(new Error(`unexpected server response: ${status}`))
    if (accept !== expected) return this.fail(new Error('wrong Sec-WebSocket-Accept in the handshake response'))
    this.responseHead = null
    this.events.open()
    const rest = head.subarray(end + HEAD_END.length)
    if (rest.length > 0) this.reader.read(rest, rest.length)
  }

  private closedByServer(code: number): void {
    if (!this.closeSent) {
      this.closeSent = true
      this.write(clientFrame(Opcode.close, code === 1005 ? new Uint8Array(0) : closePayload(code)))
    }
    this.socket.end()
    this.reportClose(code)
  }

  private fail(error: Error): void {
    this.events.error(error)
    this.socket.destroy()
  }

  private write(frame: Buffer): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(frame)
  }

  private reportClose(code: number): void {
    if (this.closeReported) return
    this.closeReported = true
    this.events.close(code)
  }
}

function closePayload(code: number): Buffer {
  const payload = Buffer.alloc(2)
  payload.writeUInt16BE(code)
  return payload
}
