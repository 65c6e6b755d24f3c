/** RoomAwareness keeps states as text but must behave like y-protocols' Awareness for clients. */
import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { AWARENESS_TIMEOUT_MS, RoomAwareness } from '../../server/sync/awareness'
import { ProtocolError } from '../../server/sync/protocol'

/** A client-side Awareness with a state set (a fresh one has clock 0, which peers ignore). */
function peer(): Awareness {
  const awareness = new Awareness(new Y.Doc())
  awareness.setLocalStateField('name', 'someone')
  return awareness
}

function updateOf(awareness: Awareness): Uint8Array {
  return encodeAwarenessUpdate(awareness, [awareness.clientID])
}

/** Feeds a server frame (`[1, update]`) to a client-side Awareness. */
function deliver(frame: Uint8Array | null, to: Awareness): void {
  expect(frame).not.toBeNull()
  const decoder = decoding.createDecoder(frame!)
  expect(decoding.readVarUint(decoder)).toBe(1)
  applyAwarenessUpdate(to, decoding.readVarUint8Array(decoder), 'server')
}

describe('RoomAwareness', () => {
  it('forwards each client’s latest state once per turn', () => {
    const room = new RoomAwareness()
    const alice = peer()
    const owned = new Set<number>()
    for (let i = 0; i < 5; i++) {
      alice.setLocalStateField('cursor', { x: i })
      room.apply(updateOf(alice), owned, 0, () => true)
    }
    const observer = peer()
    const frame = room.takeChanges()
    deliver(frame, observer)
    expect(observer.getStates().get(alice.clientID)).toEqual({ name: 'someone', cursor: { x: 4 } })
    expect(owned).toEqual(new Set([alice.clientID]))
    expect(room.takeChanges()).toBeNull()
    alice.destroy()
    observer.destroy()
  })

  it('ignores stale messages and announces removal of a disconnected client', () => {
    const room = new RoomAwareness()
    const alice = peer()
    const owned = new Set<number>()
    alice.setLocalStateField('name', 'new')
    const stale = updateOf(alice)
    alice.setLocalStateField('name', 'newer')
    room.apply(updateOf(alice), owned, 0, () => true)
    expect(room.apply(stale, owned, 0, () => true).changed).toBe(true) // the earlier change is still pending
    const observer = peer()
    deliver(room.takeChanges(), observer)
    expect(observer.getStates().get(alice.clientID)).toEqual({ name: 'newer' })

    expect(room.remove(owned, 1)).toBe(true)
    deliver(room.takeChanges(), observer)
    expect(observer.getStates().has(alice.clientID)).toBe(false)
    expect(room.encodePresent()).toBeNull()
    alice.destroy()
    observer.destroy()
  })

  it('applies a goodbye (null state) sent by the client itself', () => {
    const room = new RoomAwareness()
    const alice = peer()
    const owned = new Set<number>()
    room.apply(updateOf(alice), owned, 0, () => true)
    removeAwarenessStates(alice, [alice.clientID], 'bye')
    room.apply(updateOf(alice), owned, 0, () => true)
    expect(owned.size).toBe(0)
    expect(room.encodePresent()).toBeNull()
    alice.destroy()
  })

  it('expires states that were not renewed', () => {
    const room = new RoomAwareness()
    const alice = peer()
    room.apply(updateOf(alice), new Set(), 0, () => true)
    room.takeChanges()
    expect(room.expire(AWARENESS_TIMEOUT_MS - 1)).toBe(false)
    expect(room.expire(AWARENESS_TIMEOUT_MS)).toBe(true)
    expect(room.encodePresent()).toBeNull()
    alice.destroy()
  })

  it('rejects malformed updates without applying any part of them', () => {
    const room = new RoomAwareness()
    const owned = new Set<number>()
    // Two entries: a valid one, then one whose state is not a JSON object.
    const bad = new Uint8Array([2, 5, 1, 2, 0x7b, 0x7d, 6, 1, 3, 0x61, 0x62, 0x63])
    expect(() => room.apply(bad, owned, 0, () => true)).toThrow(ProtocolError)
    expect(() => room.apply(new Uint8Array([1, 5, 1, 9, 0x7b]), owned, 0, () => true)).toThrow(ProtocolError)
    expect(room.encodePresent()).toBeNull()
    expect(owned.size).toBe(0)
  })
})
