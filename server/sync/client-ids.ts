/**
 * Which device each Yjs client id of a board belongs to.
 *
 * A Yjs client id is only a namespace for clocks: whoever sends a struct with an id writes "as"
 * that id, and Yjs integrates it without asking. So an id belongs to the device that first wrote
 * or announced presence with it, and from then on only connections of that device may use it,
 * in the document and in awareness. The binding is stored with the board, so a device that sends
 * its offline edits after a reload (same ids, new connection) still gets them through.
 *
 * Two owners are reserved: the server itself (one id per board, used for every change the server
 * makes to the document, see `serverClientId`) and `LEGACY_DEVICE` for ids found in a document
 * written before ids were bound, which nobody may use any more.
 */
import * as Y from 'yjs'

/** The owner of the id the server writes the board's document with. */
export const SERVER_DEVICE = 'server'
/** The owner of ids that were in a board's document before client ids were bound. */
export const LEGACY_DEVICE = 'legacy'

/** Called for every new binding, to store it (with the next write of the board's updates). */
export type BindClientId = (clientId: number, device: string) => void

export class ClientIds {
  /**
   * @param owners the board's stored bindings (taken over, not copied)
   * @param bind records each new binding
   */
  constructor(
    private readonly owners: Map<number, string>,
    private readonly bind: BindClientId,
  ) {}

  ownerOf(clientId: number): string | undefined {
    return this.owners.get(clientId)
  }

  /** Whether `device` may use `clientId`: it owns it, or nobody does yet. */
  mayUse(clientId: number, device: string): boolean {
    const owner = this.owners.get(clientId)
    return owner === undefined || owner === device
  }

  /** Binds `clientId` to `device` unless it has an owner already; returns whether `device` owns it now. */
  claim(clientId: number, device: string): boolean {
    const owner = this.owners.get(clientId)
    if (owner !== undefined) return owner === device
    this.owners.set(clientId, device)
    this.bind(clientId, device)
    return true
  }

  /**
   * Prepares a freshly loaded document: every id in it without an owner (written before ids were
   * bound) becomes unusable, and the doc gets the board's server id, bound on first use.
   */
  adopt(doc: Y.Doc): void {
    for (const clientId of doc.store.clients.keys()) {
      if (!this.owners.has(clientId)) this.claim(clientId, LEGACY_DEVICE)
    }
    doc.clientID = this.serverClientId(doc)
  }

  /** The id the server writes this board with; chosen (unused by anyone) and bound the first time. */
  serverClientId(doc: Y.Doc): number {
    for (const [clientId, owner] of this.owners) if (owner === SERVER_DEVICE) return clientId
    let clientId: number
    do clientId = randomClientId()
    while (this.owners.has(clientId) || Y.getState(doc.store, clientId) > 0)
    this.claim(clientId, SERVER_DEVICE)
    return clientId
  }
}

/** A random id as Yjs makes them (an unsigned 32-bit number). */
function randomClientId(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!
}
