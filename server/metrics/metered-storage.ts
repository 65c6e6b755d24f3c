/**
 * A storage whose document calls (append, load, compact) are timed into the server's metrics;
 * every other call goes to the storage unchanged. The server runs on this view of its storage, so
 * the latency covers every room's turns, loads and compactions whichever backend it is.
 */
import type { BoardStorage } from '../storage/board-storage'
import type { ServerMetrics, StorageOperation } from './server-metrics'

/** The timed calls and the operation each is recorded as. */
const TIMED: Partial<Record<keyof BoardStorage, StorageOperation>> = {
  appendUpdates: 'append',
  loadDocument: 'load',
  compact: 'compact',
}

export function meteredStorage(storage: BoardStorage, metrics: ServerMetrics): BoardStorage {
  return new Proxy(storage, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key)
      if (typeof value !== 'function') return value
      const operation = typeof key === 'string' ? TIMED[key as keyof BoardStorage] : undefined
      // Called on the storage itself: its methods keep their own `this` (private fields included).
      const call = value as (...args: unknown[]) => unknown
      if (operation === undefined) return call.bind(target)
      return (...args: unknown[]) => metrics.timeStorage(operation, () => call.apply(target, args) as Promise<unknown>)
    },
  })
}
