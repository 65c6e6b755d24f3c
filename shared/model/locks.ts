/**
 * Locks: the facilitator freezes a section or the whole board. `doc.getMap('locks')` holds one
 * key per lock: `board` for the whole board, or a section frame's id; the value says who locked
 * it and when. What a lock forbids, and to whom, is decided in shared/rules/write-rules.ts.
 */
import type * as Y from 'yjs'

export const LOCKS_MAP = 'locks'

/** The key of the whole-board lock. */
export const BOARD_LOCK = 'board'

export interface Lock {
  /** Display name of whoever locked it. */
  by: string
  /** When (ms since epoch). */
  at: number
}

export interface Locks {
  board: Lock | null
  /** Locked section frame ids. */
  sections: ReadonlyMap<string, Lock>
}

function locksMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(LOCKS_MAP)
}

function isLock(value: unknown): value is Lock {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Lock).by === 'string' &&
    typeof (value as Lock).at === 'number'
  )
}

export function readLocks(doc: Y.Doc): Locks {
  let board: Lock | null = null
  const sections = new Map<string, Lock>()
  locksMap(doc).forEach((value, key) => {
    if (!isLock(value)) return
    if (key === BOARD_LOCK) board = value
    else sections.set(key, value)
  })
  return { board, sections }
}

/** Locks (`lock` given) or unlocks (null) the board (`BOARD_LOCK`) or one section. */
export function setLock(doc: Y.Doc, target: string, lock: Lock | null, origin?: unknown): void {
  doc.transact(() => {
    if (lock) locksMap(doc).set(target, lock)
    else locksMap(doc).delete(target)
  }, origin)
}
