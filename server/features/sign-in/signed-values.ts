/**
 * Values the server hands to a browser in a cookie and takes back only unchanged: the value, a
 * dot and its HMAC-SHA256 under a key the server keeps (AccountStorage `key`, so cookies survive
 * a restart). The value is base64url, so it cannot contain the dot.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export class SignedValues {
  constructor(private readonly key: Buffer) {}

  /** `payload` (any JSON) as a signed cookie value. */
  sign(payload: unknown): string {
    const value = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')
    return `${value}.${this.mac(value)}`
  }

  /** The payload of a value `sign` made with this key, or null for anything else. */
  verify(signed: string | null): unknown {
    if (signed === null) return null
    const dot = signed.indexOf('.')
    if (dot <= 0) return null
    const value = signed.slice(0, dot)
    const given = Buffer.from(signed.slice(dot + 1), 'base64url')
    const expected = Buffer.from(this.mac(value), 'base64url')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
    try {
      return JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown
    } catch {
      return null
    }
  }

  private mac(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('base64url')
  }
}
