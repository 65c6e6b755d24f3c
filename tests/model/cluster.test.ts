import { describe, expect, it } from 'vitest'
import { boxOf, overlaps } from '../../shared/model/board-shapes'
import { CARD_SIZE } from '../../shared/model/card'
import { clusterOf, isCluster, planCluster, CLUSTER_META_KEY } from '../../shared/model/cluster'
import { frameSizeFor, slotAt, slotOrigin } from '../../shared/model/slot-grid'
import { card, frame } from './shape-fixtures'

describe('clusters', () => {
  const section = frame('shape:s', { x: 0, y: 0, ...frameSizeFor(3, 3) }, { section: 'ideas' })
  const cards = Array.from({ length: 6 }, (_, i) => {
    const o = slotOrigin({ col: i % 3, row: Math.floor(i / 3) })
    return card(`shape:c${i}`, 'shape:s', o.x, o.y)
  })

  it('are frames marked in meta', () => {
    const cluster = frame('shape:cl', { x: 0, y: 0, w: 10, h: 10 }, { [CLUSTER_META_KEY]: true }, 'shape:s')
    expect(isCluster(cluster)).toBe(true)
    expect(isCluster(section)).toBe(false)
    const inside = card('shape:in', 'shape:cl', 0, 0)
    expect(clusterOf(inside, new Map([[cluster.id, cluster]]))?.id).toBe('shape:cl')
  })

  it('lay out the chosen cards in a frame that fits the section, placed clear of the other cards', () => {
    const chosen = [cards[1]!, cards[4]!, cards[5]!]
    const plan = planCluster(section, cards, chosen)
    // Two columns fit into a three-column section; three cards make two rows.
    expect([plan.frame.w, plan.frame.h]).toEqual([frameSizeFor(2, 2).w, frameSizeFor(2, 2).h])
    expect(plan.cards.map((c) => slotAt(c.x, c.y))).toEqual([
      { col: 0, row: 0 },
      { col: 1, row: 0 },
      { col: 0, row: 1 },
    ])
    const stay = cards.filter((c) => !chosen.includes(c))
    for (const other of stay) expect(overlaps(boxOf(other, CARD_SIZE), plan.frame)).toBe(false)
    expect(plan.frame.parentId).toBe('shape:s')
    expect(plan.containerHeight).toBe(plan.frame.y + plan.frame.h + 24)
  })
})
