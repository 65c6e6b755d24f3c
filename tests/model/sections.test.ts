import { describe, expect, it } from 'vitest'
import { byId } from '../../shared/model/board-shapes'
import { sectionFromFrame, sectionKindOf, sectionOf } from '../../shared/model/sections'
import { CLUSTER_META_KEY } from '../../shared/model/cluster'
import { card, frame, shape } from './shape-fixtures'

describe('sections are frames with meta.section', () => {
  const questions = frame('shape:q', { x: 0, y: 0, w: 920, h: 668 }, { section: 'questions' }, 'page:page', 'Fragen')
  const plainFrame = frame('shape:plain', { x: 2000, y: 0, w: 400, h: 400 })
  const cluster = frame('shape:cluster', { x: 24, y: 24, w: 600, h: 228 }, { [CLUSTER_META_KEY]: true }, 'shape:q', 'Parking')
  const inSection = card('shape:c1', 'shape:q', 24, 272)
  const inCluster = card('shape:c2', 'shape:cluster', 24, 24)
  const inPlainFrame = card('shape:c3', 'shape:plain', 24, 24)
  const onPage = card('shape:c4', 'page:page', 5000, 0)
  const shapes = byId([questions, plainFrame, cluster, inSection, inCluster, inPlainFrame, onPage])

  it('knows the kind of a section frame and ignores other frames and shapes', () => {
    expect(sectionKindOf(questions)).toBe('questions')
    expect(sectionKindOf(plainFrame)).toBeNull()
    expect(sectionKindOf(shape({ id: 'shape:g', type: 'geo', meta: { section: 'questions' } }))).toBeNull()
    expect(sectionKindOf(frame('shape:x', { x: 0, y: 0, w: 1, h: 1 }, { section: 'nonsense' }))).toBeNull()
  })

  it('keeps the kind when the facilitator renames the frame', () => {
    const renamed = { ...questions, props: { ...questions.props, name: 'Our open questions' } }
    expect(sectionFromFrame(renamed)).toEqual({ id: 'shape:q', kind: 'questions', name: 'Our open questions' })
  })

  it('derives a card\'s section from its parent frame, through a cluster', () => {
    expect(sectionOf(inSection, shapes)?.kind).toBe('questions')
    expect(sectionOf(inCluster, shapes)).toEqual({ id: 'shape:q', kind: 'questions', name: 'Fragen' })
  })

  it('gives no section to cards outside every section', () => {
    expect(sectionOf(inPlainFrame, shapes)).toBeNull()
    expect(sectionOf(onPage, shapes)).toBeNull()
  })

  it('follows a card dragged into another section', () => {
    const ideas = frame('shape:i', { x: 0, y: 1000, w: 920, h: 668 }, { section: 'ideas' })
    const moved = { ...inSection, parentId: 'shape:i' }
    expect(sectionOf(moved, byId([questions, ideas, moved]))?.kind).toBe('ideas')
  })

  it('does not loop on a broken parent chain', () => {
    const a = frame('shape:a', { x: 0, y: 0, w: 1, h: 1 }, {}, 'shape:b')
    const b = frame('shape:b', { x: 0, y: 0, w: 1, h: 1 }, {}, 'shape:a')
    const c = card('shape:c', 'shape:a', 0, 0)
    expect(sectionOf(c, byId([a, b, c]))).toBeNull()
  })
})
