/**
 * Forwarding the board requests that change a room's state to the room's owner (docs/cluster.md).
 * The owner's room doc is the board's live state and only the owner writes to it: a change
 * written to storage by another server would never reach that doc, and the owner's next compaction
 * (which folds the log up to what it wrote itself) would drop it. And the owner holds every
 * connection of the board, forwarded ones included, so renewing a link or deleting the board
 * closes them all there.
 *
 * So a `POST`/`PUT`/`PATCH`/`DELETE` under `/api/boards/:id` whose room another live server owns is
 * passed to it as it came, with the client's address signed beside it (the owner's per-address
 * limits count the client, not the forwarding server), and its answer is passed back. Reads are
 * answered where they arrive: storage holds everything a room has sent (rooms store before they
 * broadcast). A request for a board nobody owns is handled here, under a claim of the lease
 * (features/board-docs.ts).
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { Logger } from '../log'
import { describeError } from '../log'
import { sendError } from '../http/respond'
import type { ClusterSigner } from './cluster-signer'
import { forwardingHeaders, readForwarding } from './forwarded-request'
import type { RoomLeases } from './lease'
import type { ServerRegistry } from './server-registry'

const BOARD_PATH = /^\/api\/boards\/([^/?#]+)(?:[/?#]|$)/
const READS = new Set(['GET', 'HEAD', 'OPTIONS'])
/** How long a server's own change waits for the owner's answer; after that the board is brought up to date when it loads next. */
const SEND_TIMEOUT_MS = 5_000
/** Hop-by-hop headers, which belong to one connection and are not passed on (RFC 9110 7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'])

export interface HttpForwardingOptions {
  signer: ClusterSigner
  leases: RoomLeases
  registry: ServerRegistry
  serverId: string
  logger: Logger
  /** The client's address as this server sees it (the key of per-address limits). */
  clientAddress(request: IncomingMessage): string
}

export class HttpForwarding {
  constructor(private readonly options: HttpForwardingOptions) {}

  /**
   * For a request that arrived forwarded: its client's address, after checking the signature.
   * undefined when it was not forwarded; null when its headers are not the cluster's.
   */
  forwardedAddress(request: IncomingMessage): string | null | undefined {
    const facts = this.facts(request)
    return facts ? facts.address : facts
  }

  /** Whether the request is another server's own (`sendToOwner`), signed as such: not a client's. */
  sentByServer(request: IncomingMessage): boolean {
    return typeof this.facts(request)?.server === 'string'
  }

  /**
   * Sends a change this server makes to a board (server code's, for a client's request elsewhere:
   * a commitment's status) to the owner of the board's room, as a signed `POST path` without a
   * body that names this server. Resolves 'here' when no other live server owns the room (the
   * change is made here, under a claim of its lease), 'done' when the owner answered with success,
   * 'unreachable' when it answered otherwise, not at all within `SEND_TIMEOUT_MS`, or its holder
   * is gone from the registry (it runs out within its ttl). `request` is the client's, whose
   * address the owner's limits count, as for a forwarded request.
   */
  async sendToOwner(boardId: string, path: string, request: IncomingMessage): Promise<'here' | 'done' | 'unreachable'> {
    const holder = await this.options.leases.holder(boardId)
    if (!holder || holder.owner === this.options.serverId) return 'here'
    const owner = await this.options.registry.addressOf(holder.owner)
    if (!owner) return 'unreachable'
    const address = this.options.clientAddress(request)
    const facts = { method: 'POST', url: path, address, server: this.options.serverId }
    const headers = { ...forwardingHeaders(this.options.signer, 'http', facts), 'x-forwarded-for': address }
    try {
      const answer = await fetch(`${owner}${path}`, { method: 'POST', headers, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) })
      await answer.body?.cancel()
      if (answer.ok) return 'done'
      this.options.logger.warn('cluster.owner_refused_change', { board: boardId, owner: holder.owner, status: answer.status })
    } catch (error) {
      this.options.logger.warn('cluster.owner_unreachable', { board: boardId, owner: holder.owner, error: describeError(error) })
    }
    return 'unreachable'
  }

  /** The signed facts of a forwarded request (undefined: not forwarded; null: not the cluster's, or not for this request). */
  private facts(request: IncomingMessage): { address: string; server: unknown } | null | undefined {
    const facts = readForwarding(this.options.signer, 'http', request)
    if (!facts) return facts
    const { method, url, address, server } = facts
    return method === request.method && url === request.url && typeof address === 'string' ? { address, server } : null
  }

  /**
   * Passes the request to the owner of its board's room when that is another live server, and
   * resolves true once the answer is passed back; false (nothing read of the request) to answer here.
   */
  async forward(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    if (READS.has(request.method ?? 'GET')) return false
    const match = BOARD_PATH.exec(request.url ?? '')
    if (!match) return false
    let boardId: string
    try {
      boardId = decodeURIComponent(match[1]!)
    } catch {
      return false
    }
    const holder = await this.options.leases.holder(boardId)
    if (!holder || holder.owner === this.options.serverId) return false
    const address = await this.options.registry.addressOf(holder.owner)
    if (!address) return false
    await this.pass(request, response, address, boardId)
    return true
  }

  private pass(request: IncomingMessage, response: ServerResponse, owner: string, boardId: string): Promise<void> {
    const headers: Record<string, string | string[]> = {}
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value
    }
    const address = this.options.clientAddress(request)
    const facts = { method: request.method, url: request.url, address }
    Object.assign(headers, forwardingHeaders(this.options.signer, 'http', facts))
    // A forwarded request is never the owner's own machine's (http/local-request.ts), even where
    // the servers share one: the hop is named like any proxy's.
    const forwardedFor = request.headers['x-forwarded-for']
    headers['x-forwarded-for'] = forwardedFor ? `${String(forwardedFor)}, ${address}` : address
    return new Promise((resolve) => {
      const send = owner.startsWith('https:') ? httpsRequest : httpRequest
      const upstream = send(`${owner}${request.url}`, { method: request.method, headers }, (answer) => {
        const answerHeaders: Record<string, string | string[]> = {}
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) answerHeaders[name] = value
        }
        response.writeHead(answer.statusCode ?? 502, answerHeaders)
        answer.pipe(response)
        answer.once('end', () => resolve())
        answer.once('error', () => {
          response.destroy()
          resolve()
        })
      })
      upstream.once('error', (error) => {
        this.options.logger.warn('cluster.http_forward_failed', { board: boardId, error: describeError(error) })
        if (response.headersSent) response.destroy()
        else sendError(response, 503, 'the board is moving to another server; try again', { 'Retry-After': '1' })
        resolve()
      })
      request.pipe(upstream)
    })
  }
}
