import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { byId, type ShapeRecord } from '../../shared/model/board-shapes'
import type { Role } from '../../shared/model/participant'
import { isRole } from '../../shared/model/roles'
import { sectionAt } from '../../shared/model/sections'
import { planSlotRepairs, repairsToWrite } from '../../shared/model/slot-placement'
import { readShapes, writeShapes } from '../../shared/model/shape-log'
import { readWriteRules } from '../../shared/rules/doc-rules'
import { writeBlock, writesDocument } from '../../shared/rules/write-rules'
import { AWARENESS_FIELDS } from '../../shared/model/awareness'

/** A present session taking part in the repairs. */
export interface RepairSession {
  clientId: number
  role: Role
}

/** Wait after a change before looking for collisions, so a burst of arrivals is resolved in one pass. */
const SETTLE_MS = 250

/**
 * Plans the slot repairs of the board as it is in `doc` and writes the part that this session
 * (`doc.clientID`) is responsible for, given the present `sessions` (this one among them when it
 * takes part). Only sessions that may write in a frame's section are given its repair: that
 * excludes viewers, and participants while the board is closed or the board or section is locked.
 * Returns how many shapes it wrote.
 */
export function writeSlotRepairs(doc: Y.Doc, sessions: readonly RepairSession[]): number {
  const shapes = readShapes(doc)
  const shapesById = byId(shapes)
  const rules = readWriteRules(doc)
  const candidatesOf = (frameId: string) => {
    const frame = shapesById.get(frameId)
    const sectionId = frame ? (sectionAt(frame, shapesById)?.id ?? null) : null
    return sessions.filter((session) => writeBlock(rules, session.role, sectionId) === null).map((session) => session.clientId)
  }
  const writes: ShapeRecord[] = []
  for (const repair of repairsToWrite(planSlotRepairs(shapes), shapesById, candidatesOf, doc.clientID)) {
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

/** The sessions in awareness that take part in the repairs, with the role they announced. */
export function repairSessions(awareness: Awareness): RepairSession[] {
  const sessions: RepairSession[] = []
  for (const [clientId, state] of awareness.getStates()) {
    const role: unknown = state[AWARENESS_FIELDS.slotRepair]
    if (isRole(role) && writesDocument(role)) sessions.push({ clientId, role })
  }
  return sessions
}

/**
 * Keeps this session's share of the slot-collision repairs written (shared/model/slot-placement.ts):
 * after the document changes and settles, it plans the repairs every peer plans alike and writes
 * those it is responsible for. Only while `canWrite()` (connected): an offline session would plan
 * from a stale view; its own new cards were placed in free cells of what it saw. A viewer does
 * nothing: the server refuses its writes, so it must not be counted on for any repair.
 */
export function startSlotRepairs(doc: Y.Doc, awareness: Awareness, role: Role, canWrite: () => boolean): () => void {
  if (!writesDocument(role)) return () => {}
  awareness.setLocalStateField(AWARENESS_FIELDS.slotRepair, role)
  let timer: ReturnType<typeof setTimeout> | undefined

  const pass = () => {
    timer = undefined
    if (canWrite()) writeSlotRepairs(doc, repairSessions(awareness))
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
    awareness.setLocalStateField(AWARENESS_FIELDS.slotRepair, null)
  }
}
