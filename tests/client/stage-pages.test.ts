import { describe, expect, it } from 'vitest'
import { planStagePages, STAGE_MIN_ZOOM, type SectionBoxes } from '../../client/stage/stage-pages'
import type { PageBox } from '../../client/board/tldraw/free-area'

/** The content area of a 1920×1080 stage's canvas beside its panel (screen pixels). */
const AREA: PageBox = { x: 16, y: 80, w: 1312, h: 984 }
const CARD = { w: 280, h: 180 }

/** A section at (x, y) with `rows` rows of three cards. */
function section(x: number, y: number, rows: number): SectionBoxes {
  const children = Array.from({ length: rows * 3 }, (_, i) => ({ x: x + 20 + (i % 3) * 300, y: y + 20 + Math.floor(i / 3) * 200, ...CARD }))
  return { box: { x, y, w: 920, h: Math.max(660, rows * 200 + 40) }, children }
}

/** The question map's layout: three sections above, two below. */
const MAP = [section(0, 0, 2), section(1000, 0, 1), section(2000, 0, 2), section(500, 1000, 1), section(1500, 1000, 3)]
const WHOLE_MAP: PageBox = { x: -50, y: -80, w: 3020, h: 1800 }

const zoomFor = (page: PageBox) => Math.min(AREA.w / page.w, AREA.h / page.h)

describe('the pages of the stage', () => {
  it('shows the whole map a section at a time, in reading order, each legible', () => {
    const pages = planStagePages(WHOLE_MAP, MAP, AREA)
    expect(pages).toEqual([MAP[0]!.box, MAP[1]!.box, MAP[2]!.box, MAP[3]!.box, MAP[4]!.box])
    for (const page of pages) expect(zoomFor(page)).toBeGreaterThanOrEqual(STAGE_MIN_ZOOM)
  })

  it('shows the one section the facilitator frames, without what is around it', () => {
    const framed = { x: MAP[1]!.box.x - 200, y: MAP[1]!.box.y - 100, w: 1320, h: 900 }
    expect(planStagePages(framed, MAP, AREA)).toEqual([MAP[1]!.box])
  })

  it('shows sections that are legible together on one page', () => {
    const small = [
      { box: { x: 0, y: 0, w: 600, h: 500 }, children: [] },
      { box: { x: 650, y: 0, w: 600, h: 500 }, children: [] },
    ]
    expect(planStagePages({ x: -10, y: -10, w: 1300, h: 600 }, small, AREA)).toEqual([{ x: 0, y: 0, w: 1250, h: 500 }])
  })

  it('shows a close look at a few cards as it is', () => {
    const closeUp = { x: 10, y: 10, w: 640, h: 400 }
    expect(planStagePages(closeUp, MAP, AREA)).toEqual([closeUp])
  })

  it('pages a section too tall for one page by bands of whole rows', () => {
    const tall = section(0, 0, 9)
    const pages = planStagePages({ x: -20, y: -20, w: 960, h: tall.box.h + 40 }, [tall], AREA)
    expect(pages.length).toBeGreaterThan(1)
    for (const page of pages) expect(zoomFor(page)).toBeGreaterThanOrEqual(STAGE_MIN_ZOOM)
    // Every card is whole on exactly one page, and the pages go down the section.
    const within = (card: PageBox, page: PageBox) => card.y >= page.y && card.y + card.h <= page.y + page.h
    for (const card of tall.children) expect(pages.filter((page) => within(card, page))).toHaveLength(1)
    expect(pages.map((page) => page.y)).toEqual([...pages.map((page) => page.y)].sort((a, b) => a - b))
  })
})
