import { describe, expect, it } from 'vitest'
import { boxOf, byId, overlaps, type ShapeRecord } from '../../shared/model/board-shapes'
import { CARD_SIZE } from '../../shared/model/card'
import { columnsFor, firstFreePlace, frameSizeFor, slotAt, slotOrigin } from '../../shared/model/slot-grid'
import { placeNewCard, planSlotRepair, repairsToWrite, responsibleSession, PLACED_BY_META_KEY } from '../../shared/model/slot-placement'
import { card, frame, shape } from './shape-fixtures'

const size = frameSizeFor(3, 2)
const section = frame('shape:s', { x: 0, y: 0, ...size }, { section: 'questions' })

function assertNoOverlap(children: ShapeRecord[]) {
  for (const a of children) {
    for (const b of children) {
      if (a !== b) expect(overlaps(boxOf(a, CARD_SIZE), boxOf(b, CARD_SIZE)), `${a.id} overlaps ${b.id}`).toBe(false)
    }
  }
}

describe('the slot grid', () => {
  it('has as many columns as fit the frame', () => {
    expect(columnsFor(size.w)).toBe(3)
    expect(columnsFor(size.w - 1)).toBe(2)
    expect(columnsFor(10)).toBe(1)
  })

  it('finds a cell from its corner and nothing from elsewhere', () => {
    const origin = slotOrigin({ col: 2, row: 5 })
    expect(slotAt(origin.x, origin.y)).toEqual({ col: 2, row: 5 })
    expect(slotAt(origin.x + 3, origin.y)).toBeNull()
  })

  it('fills row by row, left to right, skipping anything in the way', () => {
    const blocker = shape({ id: 'shape:note', type: 'geo', parentId: 'shape:s', x: slotOrigin({ col: 1, row: 0 }).x + 40, y: 30, props: { w: 50, h: 50 } })
    const first = placeNewCard(section, [])
    expect([first.x, first.y]).toEqual([slotOrigin({ col: 0, row: 0 }).x, slotOrigin({ col: 0, row: 0 }).y])
    const c0 = card('shape:c0', 'shape:s', first.x, first.y)
    const second = placeNewCard(section, [c0, blocker])
    expect(slotAt(second.x, second.y)).toEqual({ col: 2, row: 0 })
  })

  it('grows the frame when the next free cell is below its bottom', () => {
    const children = Array.from({ length: 6 }, (_, i) => {
      const o = slotOrigin({ col: i % 3, row: Math.floor(i / 3) })
      return card(`shape:c${i}`, 'shape:s', o.x, o.y)
    })
    const next = placeNewCard(section, children)
    expect(slotAt(next.x, next.y)).toEqual({ col: 0, row: 2 })
    expect(next.frameHeight).toBe(next.y + CARD_SIZE.h + 24)
    expect(placeNewCard(section, children.slice(0, 5)).frameHeight).toBeNull()
  })

  it('starts blocks wider than the frame in the first column', () => {
    const place = firstFreePlace(100, [], { w: 2000, h: 100 })
    expect(slotAt(place.x, place.y)).toEqual({ col: 0, row: 0 })
  })
})

describe('repairing cards that landed on the same cell', () => {
  const o = slotOrigin({ col: 0, row: 0 })

  it('keeps the oldest card and moves the others to the next free cells, in age order', () => {
    const children = [
      card('shape:b', 'shape:s', o.x, o.y, { createdAt: 20 }),
      card('shape:a', 'shape:s', o.x, o.y, { createdAt: 10 }),
      card('shape:c', 'shape:s', o.x, o.y, { createdAt: 20 }),
    ]
    const plan = planSlotRepair(section, children)
    expect(plan.moves.map((m) => [m.id, slotAt(m.x, m.y)])).toEqual([
      ['shape:b', { col: 1, row: 0 }],
      ['shape:c', { col: 2, row: 0 }],
    ])
    expect(plan.frameHeight).toBeNull()
  })

  it('leaves cards someone placed by hand alone, and grows the frame for moved cards', () => {
    const full = Array.from({ length: 6 }, (_, i) => {
      const p = slotOrigin({ col: i % 3, row: Math.floor(i / 3) })
      return card(`shape:c${i}`, 'shape:s', p.x, p.y, { createdAt: i })
    })
    const late = card('shape:late', 'shape:s', o.x, o.y, { createdAt: 100 })
    const byHand = card('shape:hand', 'shape:s', o.x + 7, o.y + 7, { createdAt: 1000 })
    const plan = planSlotRepair(section, [...full, late, byHand])
    expect(plan.moves).toEqual([{ id: 'shape:late', ...slotOrigin({ col: 0, row: 2 }) }])
    expect(plan.frameHeight).toBe(slotOrigin({ col: 0, row: 2 }).y + CARD_SIZE.h + 24)
  })

  it('gives each repair to the placing session while present, else to the lowest present one', () => {
    const placed = card('shape:x', 'shape:s', o.x, o.y)
    placed.meta[PLACED_BY_META_KEY] = 42
    expect(responsibleSession(placed, [7, 42, 99])).toBe(42)
    expect(responsibleSession(placed, [99, 7])).toBe(7)
    expect(responsibleSession(placed, [])).toBeNull()

    const other = card('shape:y', 'shape:s', o.x, o.y, { createdAt: 5 })
    other.meta[PLACED_BY_META_KEY] = 99
    const shapes = byId([section, placed, other])
    const plans = [planSlotRepair(section, [placed, other])]
    // `placed` (createdAt 0) keeps the cell; `other` moves, written by session 99 only.
    const candidates = (ids: number[]) => () => ids
    expect(repairsToWrite(plans, shapes, candidates([7, 42, 99]), 99)[0]?.moves.map((m) => m.id)).toEqual(['shape:y'])
    expect(repairsToWrite(plans, shapes, candidates([7, 42, 99]), 7)).toEqual([])
    expect(repairsToWrite(plans, shapes, candidates([7, 42]), 7)[0]?.moves.map((m) => m.id)).toEqual(['shape:y'])
    // The placing session is present but may not write this frame: the lowest candidate does.
    expect(repairsToWrite(plans, shapes, candidates([42, 7]), 7)[0]?.moves.map((m) => m.id)).toEqual(['shape:y'])
    // Nobody present may write it: nobody is given it.
    expect(repairsToWrite(plans, shapes, candidates([]), 99)).toEqual([])
  })

  it('never plans a move onto another card', () => {
    const crowd = Array.from({ length: 20 }, (_, i) => card(`shape:k${String(i).padStart(2, '0')}`, 'shape:s', o.x, o.y, { createdAt: i % 4 }))
    const plan = planSlotRepair(section, crowd)
    const after = crowd.map((c) => {
      const move = plan.moves.find((m) => m.id === c.id)
      return move ? { ...c, x: move.x, y: move.y } : c
    })
    assertNoOverlap(after)
    expect(plan.moves).toHaveLength(19)
  })
})
