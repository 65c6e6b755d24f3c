import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { byId, type ShapeRecord } from '../../shared/model/board-shapes'
import { planSlotRepairs, repairsToWrite } from '../../shared/model/slot-placement'
import { readShapes, writeShapes } from '../../shared/model/shape-log'

/** Awareness field of sessions that take part in resolving slot collisions (they can write). */
export const SLOT_REPAIR_AWARENESS_FIELD = 'slotRepair'

/** Wait after a change before looking for collisions, so a burst of arrivals is resolved in one pass. */
const SETTLE_MS = 250

/**
 * Plans the slot repairs of the board as it is in `doc` and writes the part that this session
 * (`doc.clientID`) is responsible for, given the sessions `present`. Returns how many shapes it wrote.
 */
export function writeSlotRepairs(doc: Y.Doc, present: readonly number[]): number {
  const sessions = present.includes(doc.clientID) ? present : [...present, doc.clientID]
  const shapes = readShapes(doc)
  const shapesById = byId(shapes)
  const writes: ShapeRecord[] = []
  for (const repair of repairsToWrite(planSlotRepairs(shapes), shapesById, sessions, doc.clientID)) {
    for (const move of repair.moves) {
      const card = shapesById.get(move.id)
      if (card) writes.push({ ...card, x: move.x, y: move.y })
    }
    const frame = shapesById.get(repair.frameId)
    if (frame && repair.frameHeight !== null) writes.push({ ...frame, props: { ...frame.props, h: repair.frameHeight } })
  }
  writeShapes(doc, writes)
  return writes.length
}

/**
 * Keeps this session's share of the slot-collision repairs written (shared/model/slot-placement.ts):
 * after the document changes and settles, it plans the repairs every peer plans alike and writes
 * those it is responsible for. Only while `canWrite()` (connected): an offline session would plan
 * from a stale view; its own new cards were placed in free cells of what it saw.
 */
export function startSlotRepairs(doc: Y.Doc, awareness: Awareness, canWrite: () => boolean): () => void {
  awareness.setLocalStateField(SLOT_REPAIR_AWARENESS_FIELD, true)
  let timer: ReturnType<typeof setTimeout> | undefined

  const pass = () => {
    timer = undefined
    if (!canWrite()) return
    const present = [...awareness.getStates()]
      .filter(([, state]) => state[SLOT_REPAIR_AWARENESS_FIELD] === true)
      .map(([clientId]) => clientId)
    writeSlotRepairs(doc, present)
  }
  const schedule = () => {
    if (timer === undefined) timer = setTimeout(pass, SETTLE_MS)
  }

  // A peer leaving can make this session responsible for repairs it left undone; cursor moves cannot.
  const onPeers = ({ added, removed }: { added: number[]; removed: number[] }) => {
    if (added.length || removed.length) schedule()
  }
  doc.on('update', schedule)
  awareness.on('change', onPeers)
  schedule()
  return () => {
    clearTimeout(timer)
    doc.off('update', schedule)
    awareness.off('change', onPeers)
    awareness.setLocalStateField(SLOT_REPAIR_AWARENESS_FIELD, null)
  }
}
