import { CARD_SHAPE_TYPE, CARD_SIZE } from './card'
import { FRAME_SHAPE_TYPE, boxOf, childrenOf, sizeOf, type Box, type ShapeRecord } from './board-shapes'
import { firstFreePlace, heightToHold, slotAt } from './slot-grid'

/**
 * Slot placement: a card added to a section goes into the first free cell of the section's grid.
 *
 * Several people adding cards at the same moment each see the same free cell and take it; their
 * writes merge into two cards on one cell. That is resolved after the merge, the same way on every
 * peer: of the cards sharing a cell the oldest (by `createdAt`, then id) keeps it, the others move,
 * in that same order, into the first cells that are free then. Every peer computes the same plan
 * from the same state; only one writes each move: the session that placed the card (its Yjs client
 * id is in `meta.placedBy`) while it is present and may write there, otherwise the present session
 * with the lowest client id among those that may write there (not viewers; in a locked section or
 * on a closed meeting's board only the facilitator's). Moves of one plan never collide with each other, so whoever writes which part of it,
 * the result is free of overlaps; a move that raced with yet another addition is simply planned
 * again in the next round, and since the oldest card of a cell never moves, the rounds end.
 *
 * Only cards sitting exactly on a cell corner ("slotted") take part: a card someone dragged to a
 * place of their choosing is never moved, and new cards keep clear of it and of everything else
 * in the frame.
 */

/** `meta` key of a card: the Yjs client id of the session that placed it. */
export const PLACED_BY_META_KEY = 'placedBy'

/** Where a new card goes, and how tall its frame must then be (null: tall enough already). */
export interface Placement {
  parentId: string
  x: number
  y: number
  frameHeight: number | null
}

/** The moves that resolve cards sharing a cell inside one frame. */
export interface SlotRepair {
  frameId: string
  moves: { id: string; x: number; y: number }[]
  /** New height of the frame so every slotted card is inside, or null when it fits already. */
  frameHeight: number | null
}

function frameWidth(frame: ShapeRecord): number {
  return typeof frame.props.w === 'number' ? frame.props.w : 0
}

function frameHeight(frame: ShapeRecord): number {
  return typeof frame.props.h === 'number' ? frame.props.h : 0
}

function isCard(shape: ShapeRecord): boolean {
  return shape.type === CARD_SHAPE_TYPE
}

/** The oldest card first; ties (clocks of different devices agree to the millisecond) by id. */
export function compareCardAge(a: ShapeRecord, b: ShapeRecord): number {
  const ageA = typeof a.props.createdAt === 'number' ? a.props.createdAt : 0
  const ageB = typeof b.props.createdAt === 'number' ? b.props.createdAt : 0
  return ageA - ageB || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** The first free cell of `frame` for a new card, given the frame's current children. */
export function placeNewCard(frame: ShapeRecord, children: readonly ShapeRecord[]): Placement {
  const occupied = children.map((child) => boxOf(child, CARD_SIZE))
  const place = firstFreePlace(frameWidth(frame), occupied, CARD_SIZE)
  const needed = heightToHold({ x: place.x, y: place.y, ...CARD_SIZE })
  return { parentId: frame.id, x: place.x, y: place.y, frameHeight: needed > frameHeight(frame) ? needed : null }
}

/** The plan that leaves no two slotted cards of `frame` on one cell. */
export function planSlotRepair(frame: ShapeRecord, children: readonly ShapeRecord[]): SlotRepair {
  const byCell = new Map<string, ShapeRecord[]>()
  for (const child of children) {
    if (!isCard(child)) continue
    const slot = slotAt(child.x, child.y)
    if (!slot) continue
    const key = `${slot.col}:${slot.row}`
    const cell = byCell.get(key)
    if (cell) cell.push(child)
    else byCell.set(key, [child])
  }
  const losers = new Set<ShapeRecord>()
  for (const cell of byCell.values()) {
    if (cell.length < 2) continue
    cell.sort(compareCardAge)
    for (const loser of cell.slice(1)) losers.add(loser)
  }

  const occupied: Box[] = children.filter((child) => !losers.has(child)).map((child) => boxOf(child, CARD_SIZE))
  const moves: SlotRepair['moves'] = []
  for (const loser of [...losers].sort(compareCardAge)) {
    const size = sizeOf(loser, CARD_SIZE)
    const place = firstFreePlace(frameWidth(frame), occupied, size)
    occupied.push({ x: place.x, y: place.y, w: size.w, h: size.h })
    moves.push({ id: loser.id, x: place.x, y: place.y })
  }

  // Slotted cards must be inside their frame: frames clip what sticks out.
  let needed = 0
  const moved = new Map(moves.map((move) => [move.id, move]))
  for (const child of children) {
    if (!isCard(child)) continue
    const at = moved.get(child.id) ?? child
    if (!moved.has(child.id) && !slotAt(child.x, child.y)) continue
    needed = Math.max(needed, heightToHold({ ...boxOf(child, CARD_SIZE), x: at.x, y: at.y }))
  }
  return { frameId: frame.id, moves, frameHeight: needed > frameHeight(frame) ? needed : null }
}

/** Repair plans for every frame on the board that needs one. */
export function planSlotRepairs(shapes: readonly ShapeRecord[]): SlotRepair[] {
  const plans: SlotRepair[] = []
  for (const frame of shapes) {
    if (frame.type !== FRAME_SHAPE_TYPE) continue
    const plan = planSlotRepair(frame, childrenOf(frame.id, shapes))
    if (plan.moves.length || plan.frameHeight !== null) plans.push(plan)
  }
  return plans
}

/**
 * Which session writes the repair of `card`: the one that placed it, or, when that one has gone
 * (closed, reloaded, lost its connection) or may not write there, the candidate with the lowest
 * client id. `candidates` holds the client ids of the present sessions that may write the card's
 * frame, including the asking session when it may.
 */
export function responsibleSession(card: ShapeRecord | undefined, candidates: readonly number[]): number | null {
  const placedBy = card?.meta[PLACED_BY_META_KEY]
  if (typeof placedBy === 'number' && candidates.includes(placedBy)) return placedBy
  return candidates.length ? Math.min(...candidates) : null
}

/**
 * The part of the plans that `self` writes: its moves, and a frame's new height when it writes any
 * move of that frame or, for a frame that only needs to grow, when it is the lowest candidate.
 * `candidatesOf(frameId)` gives the present sessions that may write in that frame: a session whose
 * writes the server refuses there (a viewer, a participant in a locked section) must not be given
 * a repair, or it would stay undone.
 */
export function repairsToWrite(
  plans: readonly SlotRepair[],
  shapes: Map<string, ShapeRecord>,
  candidatesOf: (frameId: string) => readonly number[],
  self: number,
): SlotRepair[] {
  const out: SlotRepair[] = []
  for (const plan of plans) {
    const candidates = candidatesOf(plan.frameId)
    const moves = plan.moves.filter((move) => responsibleSession(shapes.get(move.id), candidates) === self)
    const growsAlone = plan.moves.length === 0 && responsibleSession(undefined, candidates) === self
    const frameHeight = moves.length || growsAlone ? plan.frameHeight : null
    if (moves.length || frameHeight !== null) out.push({ frameId: plan.frameId, moves, frameHeight })
  }
  return out
}
