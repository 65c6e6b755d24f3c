/**
 * Latency markers: every card move carries a short ASCII tag with the sender's
 * index in its room, a per-sender sequence number and the send time in
 * microseconds (performance.now() of this process, so all clocks agree).
 * Yjs writes strings verbatim into updates, so observers find the tags by a
 * byte search instead of decoding the update: cheap enough for hundreds of
 * thousands of deliveries per second in one process, and it survives servers
 * that merge several updates into one message.
 */

const OPEN = '~B'
const CLOSE = '~'
const openBytes = Buffer.from(OPEN, 'latin1')
const CLOSE_CODE = CLOSE.charCodeAt(0)
const DOT = '.'.charCodeAt(0)
const ZERO = '0'.charCodeAt(0)
const NINE = '9'.charCodeAt(0)

/** The marker text for an edit. */
export function formatMarker(sender: number, seq: number, sentAtMicros: number): string {
  return `${OPEN}${sender}.${seq}.${Math.round(sentAtMicros)}${CLOSE}`
}

/**
 * Calls `onMarker` for every well-formed marker in `bytes`. Anything that
 * merely looks like the opening tag (binary numbers can) is skipped.
 */
export function scanMarkers(bytes: Buffer, onMarker: (sender: number, seq: number, sentAtMicros: number) => void): void {
  let at = bytes.indexOf(openBytes)
  while (at !== -1) {
    const parsed = parseAt(bytes, at + openBytes.length)
    if (parsed !== null) onMarker(parsed[0], parsed[1], parsed[2])
    at = bytes.indexOf(openBytes, at + openBytes.length)
  }
}

const fields: [number, number, number] = [0, 0, 0]

function parseAt(bytes: Buffer, start: number): [number, number, number] | null {
  let field = 0
  let value = 0
  let digits = 0
  for (let i = start; i < bytes.length && i < start + 40; i++) {
    const c = bytes[i]!
    if (c >= ZERO && c <= NINE) {
      value = value * 10 + (c - ZERO)
      digits++
    } else if (c === DOT && digits > 0 && field < 2) {
      fields[field++] = value
      value = 0
      digits = 0
    } else if (c === CLOSE_CODE && digits > 0 && field === 2) {
      fields[2] = value
      return fields
    } else {
      return null
    }
  }
  return null
}
