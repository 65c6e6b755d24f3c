import type { Awareness } from 'y-protocols/awareness'
import {
  InstancePresenceRecordType,
  createPresenceStateDerivation,
  react,
  type Signal,
  type TLInstancePresence,
  type TLStore,
  type TLUser,
} from 'tldraw'
import { AWARENESS_FIELDS } from '../../../shared/model/awareness'

/** Cursor and selection updates are sent at most this often; awareness has no batching of its own. */
const SEND_INTERVAL_MS = 50
/**
 * The server relays presence states of at most 8 KiB (server/sync/awareness.ts); a selection of
 * this many shapes is shown to the others, more would not fit.
 */
const MAX_SHARED_SELECTION = 100

/**
 * Presence through Yjs awareness, both ways:
 * - ours: tldraw's presence derivation (cursor, selection, camera, name, colour) is published as
 *   an awareness field, throttled;
 * - theirs: every other awareness client becomes an `instance_presence` record in the store, which
 *   is what tldraw draws cursors, selections and the people menu (with "follow") from.
 * Presence records never enter the Y.Doc: awareness forgets a peer when it disconnects.
 */
export function bindPresence(store: TLStore, awareness: Awareness, user: Signal<TLUser>): () => void {
  const ownClientId = awareness.clientID
  const presenceId = (clientId: number) => InstancePresenceRecordType.createId(String(clientId))
  const localPresence = createPresenceStateDerivation(user, { instanceId: presenceId(ownClientId) })(store)

  let lastSent = 0
  let pendingTimer: ReturnType<typeof setTimeout> | undefined
  const publish = () => {
    pendingTimer = undefined
    lastSent = Date.now()
    const presence = localPresence.get()
    awareness.setLocalStateField(
      AWARENESS_FIELDS.presence,
      presence && { ...presence, selectedShapeIds: presence.selectedShapeIds.slice(0, MAX_SHARED_SELECTION) },
    )
  }
  const stopPublishing = react('publish presence', () => {
    localPresence.get()
    if (pendingTimer) return
    const wait = SEND_INTERVAL_MS - (Date.now() - lastSent)
    if (wait <= 0) publish()
    else pendingTimer = setTimeout(publish, wait)
  })

  const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const toPut: TLInstancePresence[] = []
    const toRemove = removed.filter((id) => id !== ownClientId).map(presenceId)
    for (const clientId of [...added, ...updated]) {
      if (clientId === ownClientId) continue
      const presence = awareness.getStates().get(clientId)?.[AWARENESS_FIELDS.presence] as TLInstancePresence | null | undefined
      if (presence && typeof presence === 'object') {
        toPut.push(InstancePresenceRecordType.create({ ...presence, id: presenceId(clientId) }))
      } else {
        toRemove.push(presenceId(clientId))
      }
    }
    if (toPut.length === 0 && toRemove.length === 0) return
    store.mergeRemoteChanges(() => {
      if (toRemove.length) store.remove(toRemove.filter((id) => store.has(id)))
      if (toPut.length) store.put(toPut)
    })
  }
  awareness.on('change', onChange)
  // Peers already known before we bound (their states arrived with the first sync).
  onChange({ added: [...awareness.getStates().keys()], updated: [], removed: [] })

  return () => {
    stopPublishing()
    clearTimeout(pendingTimer)
    awareness.off('change', onChange)
    awareness.setLocalStateField(AWARENESS_FIELDS.presence, null)
    const ids = store.query.records('instance_presence').get().map((record) => record.id)
    store.mergeRemoteChanges(() => store.remove(ids))
  }
}
