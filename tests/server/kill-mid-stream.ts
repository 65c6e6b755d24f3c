/**
 * A server killed while a client keeps writing: what another client saw before the server died is
 * what the next server must still have (stored before broadcast).
 */
import { waitFor } from '../helpers/wait'
import type { SyncClient } from './clients'

/**
 * Has `writer` push numbers to its doc's `list` every millisecond, and calls `kill` once `witness`
 * has seen `atLeast` of them; resolves with everything the witness saw by the time it was cut off.
 */
export async function seenUntilKilled(
  writer: SyncClient,
  witness: SyncClient,
  atLeast: number,
  kill: () => Promise<unknown>,
): Promise<number[]> {
  const list = writer.doc.getArray<number>('list')
  let next = 0
  const writing = setInterval(() => {
    for (let i = 0; i < 5; i++) list.push([next++])
  }, 1)
  try {
    await waitFor(() => witness.doc.getArray('list').length >= atLeast, { timeout: 20_000 })
    await kill()
  } finally {
    clearInterval(writing)
  }
  writer.provider.disconnect()
  // Frames already in flight may still arrive: the witness's view is final once it is cut off.
  await waitFor(() => !witness.provider.wsconnected)
  witness.provider.disconnect()
  return witness.doc.getArray<number>('list').toArray()
}

/** The values of `seen` that `client`'s list lacks. */
export function missingFrom(client: SyncClient, seen: readonly number[]): number[] {
  const has = new Set(client.doc.getArray<number>('list').toArray())
  return seen.filter((value) => !has.has(value))
}
