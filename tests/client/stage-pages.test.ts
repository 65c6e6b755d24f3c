import { describe, expect, it } from 'vitest'
import { planStagePages, STAGE_MIN_ZOOM, type SectionBoxes, type StagePage } from '../../client/stage/stage-pages'
import type { PageBox } from '../../client/board/tldraw/free-area'

/** A 1920×1080 stage's canvas beside its panel (screen pixels), and what of it shows a framed page: below the titles' room, inside the margins. */
const SCREEN = { w: 1344, h: 1080 }
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

/** The boxes of pages the stage frames itself (every one of them must be). */
function framedBoxes(pages: StagePage[]): PageBox[] {
  expect(pages.every((page) => page.framed)).toBe(true)
  return pages.map((page) => page.box)
}

describe('the pages of the stage', () => {
  it('shows the whole map a section at a time, in reading order, each legible', () => {
    const pages = framedBoxes(planStagePages({ box: WHOLE_MAP, shown: false }, MAP, SCREEN))
    expect(pages).toEqual([MAP[0]!.box, MAP[1]!.box, MAP[2]!.box, MAP[3]!.box, MAP[4]!.box])
    for (const page of pages) expect(zoomFor(page)).toBeGreaterThanOrEqual(STAGE_MIN_ZOOM)
  })

  it('shows the one section mostly in a view too small to read, without what is around it', () => {
    const framed = { x: 520, y: -420, w: 1880, h: 1500 }
    expect(planStagePages({ box: framed, shown: false }, MAP, SCREEN)).toEqual([{ box: MAP[1]!.box, framed: true }])
  })

  it('shows sections that are legible together on one page', () => {
    const small = [
      { box: { x: 0, y: 0, w: 600, h: 500 }, children: [] },
      { box: { x: 650, y: 0, w: 600, h: 500 }, children: [] },
    ]
    expect(planStagePages({ box: { x: -10, y: -10, w: 2600, h: 1200 }, shown: false }, small, SCREEN)).toEqual([{ box: { x: 0, y: 0, w: 1250, h: 500 }, framed: true }])
  })

  it('shows the view as it is where it is legible so: the stage follows the facilitator', () => {
    const closeUp = { x: 10, y: 10, w: 640, h: 400 }
    expect(planStagePages({ box: closeUp, shown: false }, MAP, SCREEN)).toEqual([{ box: closeUp, framed: false }])
    const sectionAndMore = { x: -100, y: -100, w: 1500, h: 1200 }
    expect(planStagePages({ box: sectionAndMore, shown: false }, MAP, SCREEN)).toEqual([{ box: sectionAndMore, framed: false }])
  })

  it('frames what the facilitator showed on purpose, below room for its title, or its sections when too small', () => {
    expect(planStagePages({ box: MAP[1]!.box, shown: true }, MAP, SCREEN)).toEqual([{ box: MAP[1]!.box, framed: true }])
    expect(framedBoxes(planStagePages({ box: WHOLE_MAP, shown: true }, MAP, SCREEN))).toEqual(MAP.map((section) => section.box))
  })

  it('shows a view with no section in it as it is, however small', () => {
    const empty = { x: 5000, y: 5000, w: 4000, h: 3000 }
    expect(planStagePages({ box: empty, shown: false }, MAP, SCREEN)).toEqual([{ box: empty, framed: false }])
  })

  it('pages a section too tall for one page by bands of whole rows', () => {
    const tall = section(0, 0, 9)
    const pages = framedBoxes(planStagePages({ box: { x: -20, y: -20, w: 960, h: tall.box.h + 40 }, shown: false }, [tall], SCREEN))
    expect(pages.length).toBeGreaterThan(1)
    for (const page of pages) expect(zoomFor(page)).toBeGreaterThanOrEqual(STAGE_MIN_ZOOM)
    // Every card is whole on exactly one page, and the pages go down the section.
    const within = (card: PageBox, page: PageBox) => card.y >= page.y && card.y + card.h <= page.y + page.h
    for (const card of tall.children) expect(pages.filter((page) => within(card, page))).toHaveLength(1)
    expect(pages.map((page) => page.y)).toEqual([...pages.map((page) => page.y)].sort((a, b) => a - b))
  })
})
