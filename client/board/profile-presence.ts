import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import {
  PROFILE_AWARENESS_FIELD,
  recordParticipant,
  type AwarenessProfile,
  type ParticipantProfile,
  type Role,
} from '../../shared/model/participant'
import { readWriteRules } from '../../shared/rules/doc-rules'
import { documentBlock } from '../../shared/rules/write-rules'

/** The part of y-websocket's provider this needs: its connection status and sync events. */
interface ProviderEvents {
  readonly synced: boolean
  on(event: 'status', listener: (event: { status: string }) => void): void
  on(event: 'sync', listener: (synced: boolean) => void): void
  off(event: 'status', listener: (event: { status: string }) => void): void
  off(event: 'sync', listener: (synced: boolean) => void): void
}

/**
 * Makes this session count as present with `profile` (awareness) and records the person in the
 * board's participants map for the minutes. The record waits for the server's state, which says
 * whether the server would refuse it (a viewer's link, a closed meeting): a write it refuses would
 * cost this device its local copy. Returns the function that withdraws the presence.
 *
 * After a lost connection the others have marked this session gone at its last awareness clock,
 * and a state re-sent with that same clock is ignored; so on every reconnect the profile is
 * published anew, which moves the clock on and makes the person present again at once.
 */
export function publishProfile(
  awareness: Awareness,
  doc: Y.Doc,
  provider: ProviderEvents,
  userId: string,
  profile: ParticipantProfile,
  role: Role,
): () => void {
  const published: AwarenessProfile = { ...profile, userId }
  const publish = () => awareness.setLocalStateField(PROFILE_AWARENESS_FIELD, { ...published })
  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') publish()
  }
  const record = () => {
    if (documentBlock(readWriteRules(doc), role) === null) recordParticipant(doc, userId, profile, role)
  }
  const onSync = (synced: boolean) => {
    if (!synced) return
    provider.off('sync', onSync)
    record()
  }
  publish()
  provider.on('status', onStatus)
  if (provider.synced) record()
  else provider.on('sync', onSync)
  return () => {
    provider.off('status', onStatus)
    provider.off('sync', onSync)
    awareness.setLocalStateField(PROFILE_AWARENESS_FIELD, null)
  }
}
