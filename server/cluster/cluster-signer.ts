/**
 * Signatures between the servers of a cluster (`CLUSTER_SECRET`, docs/cluster.md). A server that
 * forwards a client's connection or request to the room's owner says who the client is (its role,
 * its address); the owner believes that only with a valid signature, so a client that reaches a
 * server directly cannot claim a role or an address it does not have.
 *
 * A signature is `<ms since epoch>.<HMAC-SHA256 of the time and the payload>` and holds for
 * `MAX_AGE_MS`: a captured one cannot be replayed later than that.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** How long a signature is accepted: enough for clock skew between servers and a slow hop. */
const MAX_AGE_MS = 30_000

export class ClusterSigner {
  constructor(
    private readonly secret: string,
    private readonly clock: () => number = Date.now,
  ) {
    if (secret.length < 16) throw new Error('the cluster secret has at least 16 characters')
  }

  /** The signature of `payload` as of now. */
  sign(payload: string): string {
    const at = String(this.clock())
    return `${at}.${this.mac(at, payload)}`
  }

  /** Whether `signature` is this cluster's signature of `payload`, made at most `MAX_AGE_MS` ago. */
  verify(payload: string, signature: string | undefined): boolean {
    if (typeof signature !== 'string') return false
    const [at, mac] = signature.split('.')
    if (!at || !mac || !/^\d{1,15}$/.test(at) || Math.abs(this.clock() - Number(at)) > MAX_AGE_MS) return false
    const expected = Buffer.from(this.mac(at, payload), 'base64url')
    const given = Buffer.from(mac, 'base64url')
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  private mac(at: string, payload: string): string {
    return createHmac('sha256', this.secret).update(`${at}\n${payload}`).digest('base64url')
  }
}
