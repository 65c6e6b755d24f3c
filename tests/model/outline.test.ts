import { describe, expect, it } from 'vitest'
import { buildOutline, readingOrder } from '../../shared/model/outline'
import { CLUSTER_META_KEY } from '../../shared/model/cluster'
import { slotOrigin } from '../../shared/model/slot-grid'
import { questionMapLayout } from '../../shared/model/template'
import { card, frame } from './shape-fixtures'

const layout = questionMapLayout()
const sectionFrames = layout.sections.map((s) => frame(s.id, s, { section: s.kind }, 'page:page', s.kind))
const sectionId = (kind: string) => layout.sections.find((s) => s.kind === kind)!.id
const at = (col: number, row: number) => slotOrigin({ col, row })

describe('the outline reads the map like text', () => {
  it('orders boxes in rows, each row left to right', () => {
    const boxes = [
      { n: 'b', x: 300, y: 5, w: 100, h: 100 },
      { n: 'd', x: 300, y: 300, w: 100, h: 100 },
      { n: 'a', x: 0, y: 10, w: 100, h: 100 },
      { n: 'c', x: 0, y: 290, w: 100, h: 100 },
    ]
    expect(readingOrder(boxes, (b) => b).map((b) => b.n).join('')).toBe('abcd')
  })

  it('lists the template sections top row first, then the bottom row', () => {
    const outline = buildOutline([...sectionFrames].reverse())
    expect(outline.sections.map((s) => s.kind)).toEqual(['questions', 'worked', 'notWorked', 'ideas', 'commitments'])
  })

  it('follows the sections where the facilitator moved them', () => {
    const moved = sectionFrames.map((f) => (f.meta.section === 'commitments' ? { ...f, x: -2000, y: -1000 } : f))
    expect(buildOutline(moved).sections[0]?.kind).toBe('commitments')
  })

  it('lists cards of a section in reading order, clusters as blocks, strays at the end', () => {
    const q = sectionId('questions')
    const cards = [
      card('shape:third', q, at(0, 1).x, at(0, 1).y, { text: 'third', authorName: 'Ana', authorCity: 'Leipzig' }),
      card('shape:first', q, at(0, 0).x, at(0, 0).y, { text: 'first' }),
      card('shape:second', q, at(1, 0).x, at(1, 0).y, { text: 'second', anonymous: true }),
    ]
    const cluster = frame('shape:cl', { ...at(0, 2), w: 600, h: 228 }, { [CLUSTER_META_KEY]: true }, q, 'Money')
    const clustered = [
      card('shape:m2', 'shape:cl', at(1, 0).x, at(1, 0).y, { text: 'm2' }),
      card('shape:m1', 'shape:cl', at(0, 0).x, at(0, 0).y, { text: 'm1' }),
    ]
    const stray = card('shape:stray', 'page:page', 9000, 9000, { text: 'stray' })
    const outline = buildOutline([...sectionFrames, ...cards, cluster, ...clustered, stray])

    const questions = outline.sections[0]!
    expect(questions.cardCount).toBe(5)
    expect(questions.items.map((item) => (item.type === 'card' ? item.card.text : `[${item.cluster.label}]`))).toEqual([
      'first',
      'second',
      'third',
      '[Money]',
    ])
    const money = questions.items[3]!
    expect(money.type === 'cluster' && money.cluster.cards.map((c) => c.text)).toEqual(['m1', 'm2'])
    const third = questions.items[2]!
    expect(third.type === 'card' && [third.card.authorName, third.card.authorCity]).toEqual(['Ana', 'Leipzig'])
    expect(outline.elsewhere.map((item) => item.type === 'card' && item.card.text)).toEqual(['stray'])
    expect(outline.sections.slice(1).every((s) => s.items.length === 0)).toBe(true)
  })

  it('reads cards written by an older version with defaults', () => {
    const q = sectionId('questions')
    const old = { ...card('shape:old', q, 24, 24), props: { text: 'only text' } }
    const item = buildOutline([...sectionFrames, old]).sections[0]!.items[0]!
    expect(item.type === 'card' && item.card).toMatchObject({ text: 'only text', kind: 'note', authorName: '', anonymous: false })
  })
})
