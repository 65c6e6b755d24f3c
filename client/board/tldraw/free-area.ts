/**
 * The part of the canvas that no control covers, and cameras that fit content into it.
 *
 * Controls keep to reserved places: tldraw's top row (menu, our banner, the share panel) and its
 * bottom row (navigation, tools), and our own rails, each marked with `data-gb-reserve="<edge>"`
 * (the edge of the screen it hugs). What is left in the middle is the free area: the map opens
 * fitted into it, a section or card is shown in it, and the stage frames what the facilitator
 * sees there.
 */
import type { Editor } from 'tldraw'

/** Screen pixels the controls cover at each edge of the canvas. */
export interface Insets {
  top: number
  right: number
  bottom: number
  left: number
}

export interface PageBox {
  x: number
  y: number
  w: number
  h: number
}

export const NO_INSETS: Insets = { top: 0, right: 0, bottom: 0, left: 0 }

/** The closest a shown box is brought: a single card must not become a poster. */
const MAX_SHOW_ZOOM = 1

/** Room kept between the content and the controls around it. */
const MARGIN_PX = 12

/** tldraw's rows of controls: each child is a panel at that edge (the style panel is left out: it opens on demand). */
const TLDRAW_ZONES: { selector: string; edge: keyof Insets }[] = [
  { selector: '.tlui-layout__top__left > *', edge: 'top' },
  { selector: '.tlui-layout__top__center > *', edge: 'top' },
  { selector: '.tlui-layout__top__right > :first-child', edge: 'top' },
  { selector: '.tlui-layout__bottom__main > *', edge: 'bottom' },
]

/** Every element that reserves an edge: tldraw's panels and ours. */
export function reservingElements(root: ParentNode): { element: Element; edge: keyof Insets }[] {
  const ours = [...root.querySelectorAll('[data-gb-reserve]')].map((element) => ({
    element,
    edge: element.getAttribute('data-gb-reserve') as keyof Insets,
  }))
  const tldraw = TLDRAW_ZONES.flatMap(({ selector, edge }) => [...root.querySelectorAll(selector)].map((element) => ({ element, edge })))
  return [...tldraw, ...ours]
}

/** How far the controls reach into the canvas `canvas` (a DOMRect of the editor's container) from each edge. */
export function reservedInsets(root: ParentNode, canvas: DOMRect): Insets {
  const insets = { ...NO_INSETS }
  for (const { element, edge } of reservingElements(root)) {
    const box = element.getBoundingClientRect()
    if (box.width === 0 || box.height === 0) continue
    const reach = {
      top: box.bottom - canvas.top,
      bottom: canvas.bottom - box.top,
      left: box.right - canvas.left,
      right: canvas.right - box.left,
    }[edge]
    insets[edge] = Math.max(insets[edge], Math.min(reach, edge === 'top' || edge === 'bottom' ? canvas.height / 2 : canvas.width / 2))
  }
  return insets
}

/**
 * Screen pixels above a shown box for section titles: tldraw draws a frame's title above the
 * frame, outside its bounds, at the same size on screen whatever the zoom. The stage shows this
 * free area too, at about 1.3 times a laptop's size, with titles 60 px high (stage.css): with the
 * margin above, this leaves them room there as well.
 */
const TITLE_ROOM_PX = 36

/** Where shown content goes on `editor`'s canvas: the free area less margins and room for titles, in screen pixels relative to the canvas. */
export function freeScreenArea(editor: Editor, insets: Insets): PageBox {
  const screen = editor.getViewportScreenBounds()
  const top = insets.top + MARGIN_PX + TITLE_ROOM_PX
  return {
    x: insets.left + MARGIN_PX,
    y: top,
    w: Math.max(1, screen.w - insets.left - insets.right - 2 * MARGIN_PX),
    h: Math.max(1, screen.h - top - insets.bottom - MARGIN_PX),
  }
}

/** The page area `editor`'s camera shows in the free area left by `insets`. */
export function pageBoxInFreeArea(editor: Editor, insets: Insets): PageBox {
  const area = freeScreenArea(editor, insets)
  const { x, y, z } = editor.getCamera()
  return { x: area.x / z - x, y: area.y / z - y, w: area.w / z, h: area.h / z }
}

/** The camera that shows `box` (page units) whole and centred in the screen area `area`, no closer than `maxZoom`. */
export function cameraShowing(box: PageBox, area: PageBox, maxZoom = Infinity): { x: number; y: number; z: number } {
  const z = Math.min(area.w / box.w, area.h / box.h, maxZoom)
  return {
    x: (area.x + area.w / 2) / z - (box.x + box.w / 2),
    y: (area.y + area.h / 2) / z - (box.y + box.h / 2),
    z,
  }
}

/** The controls' insets on `editor`'s canvas now. */
export function currentInsets(editor: Editor): Insets {
  const container = editor.getContainer()
  const root = container.closest('.board') ?? container
  return reservedInsets(root, container.getBoundingClientRect())
}

type Camera = { x: number; y: number; z: number }

/** What each editor last showed in its free area, and the camera that showed it (see keep-map-fitted.ts). */
const lastShown = new WeakMap<Editor, { box: PageBox; camera: Camera }>()

/**
 * Moves the camera so that `box` fills the free area (not closer than 100 %); returns the camera it set.
 */
export function showInFreeArea(editor: Editor, box: PageBox, options: { animate?: boolean } = {}): Camera {
  const camera = cameraShowing(box, freeScreenArea(editor, currentInsets(editor)), MAX_SHOW_ZOOM)
  // Known before the camera moves: what watches the camera asks for it (stillShown).
  lastShown.set(editor, { box: { x: box.x, y: box.y, w: box.w, h: box.h }, camera })
  editor.setCamera(camera, options.animate ? { animation: { duration: 250 } } : { immediate: true, force: true })
  return camera
}

/** The box `editor` last showed in its free area and the camera it used, or null. */
export function lastShownBox(editor: Editor): { box: PageBox; camera: Camera } | null {
  return lastShown.get(editor) ?? null
}

/** How close (screen pixels) the camera must still be to where showInFreeArea put it to count as untouched. */
const UNTOUCHED_PX = 1

/** Whether `editor`'s camera is still `camera`: the person has not moved the view since. */
export function cameraUntouched(editor: Editor, camera: Camera): boolean {
  const now = editor.getCamera()
  return Math.abs(now.x - camera.x) * now.z < UNTOUCHED_PX && Math.abs(now.y - camera.y) * now.z < UNTOUCHED_PX && Math.abs(now.z - camera.z) < 1e-6
}

/** The box `editor` last showed in its free area while its camera still shows it (nobody moved the view since), or null. */
export function stillShown(editor: Editor): PageBox | null {
  const shown = lastShown.get(editor)
  return shown && cameraUntouched(editor, shown.camera) ? shown.box : null
}

const sameInsets = (a: Insets, b: Insets) => a.top === b.top && a.right === b.right && a.bottom === b.bottom && a.left === b.left

/** What changed the controls' insets: `opened` when a reserving element came or went (a panel opened or closed), not only a size. */
export interface InsetsChange {
  insets: Insets
  /** The insets before, or null on the first call. */
  before: Insets | null
  opened: boolean
}

/**
 * Calls `listener` with the controls' insets now and whenever they change (a banner that grows
 * with a longer purpose, a rail that gets a timer, a panel that opens beside the map, a resized
 * window); returns the function that stops.
 */
export function watchInsets(editor: Editor, listener: (change: InsetsChange) => void): () => void {
  const container = editor.getContainer()
  const root = container.closest('.board') ?? container
  let last: Insets | null = null
  let watched = new Set<Element>()
  const check = (opened = false) => {
    const insets = reservedInsets(root, container.getBoundingClientRect())
    const rounded = { top: Math.round(insets.top), right: Math.round(insets.right), bottom: Math.round(insets.bottom), left: Math.round(insets.left) }
    if (last && sameInsets(last, rounded)) return
    const before = last
    last = rounded
    listener({ insets: rounded, before, opened })
  }
  const sizes = new ResizeObserver(() => check())
  const watchReserving = () => {
    const now = new Set(reservingElements(root).map(({ element }) => element))
    for (const element of now) if (!watched.has(element)) sizes.observe(element)
    for (const element of watched) if (!now.has(element)) sizes.unobserve(element)
    const changed = now.size !== watched.size || [...now].some((element) => !watched.has(element))
    watched = now
    return changed
  }
  sizes.observe(container)
  // The rows themselves change size with their panels; our rails are always in the page, empty or not.
  for (const element of [...root.querySelectorAll('.tlui-layout__top, .tlui-layout__bottom')]) sizes.observe(element)
  watchReserving()
  // Panels that reserve an edge are children of the board's root while they are open (ui/Panel.tsx).
  const panels = new MutationObserver(() => {
    if (watchReserving()) check(true)
  })
  panels.observe(root, { childList: true })
  check()
  return () => {
    panels.disconnect()
    sizes.disconnect()
  }
}
