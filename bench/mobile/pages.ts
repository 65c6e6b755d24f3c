import type { SeededBoard } from '../browser/seed'

/** The pages a person on a phone waits for, and when each counts as usable. */
export type MobilePageId = 'phone' | 'start' | 'board'

export interface MobilePage {
  id: MobilePageId
  title: string
  /** The address to open, from the server's origin and the board made for the run. */
  path(board: SeededBoard): string
  viewport: { width: number; height: number }
  /**
   * Run in the page (so it may use nothing but its argument, the purpose shape's tldraw type, and
   * must not define named functions, which tsx would wrap in a helper the page lacks): the time
   * since navigation start once a person can use the page, false until then.
   */
  usable(purposeType: string): number | false
}

const PHONE = { width: 360, height: 740 }

/** Path and fragment (the link's token) of one of the board's links. */
const local = (link: string) => {
  const url = new URL(link)
  return url.pathname + url.hash
}

/** Every page on a phone's screen: the one the join QR code opens, the start page, the canvas. */
export const MOBILE_PAGES: readonly MobilePage[] = [
  {
    id: 'phone',
    title: 'phone page (/b/<id>/capture)',
    path: (board) => local(board.links.participant).replace(/^(\/b\/[^/#]+)/, '$1/capture'),
    viewport: PHONE,
    // The card's text field is there and the board's sections have arrived to pick one from.
    usable: () => {
      const text = document.querySelector<HTMLTextAreaElement>('.composer textarea')
      const section = document.querySelector<HTMLSelectElement>('.composer select')
      return text !== null && !text.disabled && section !== null && section.options.length > 1 && performance.now()
    },
  },
  {
    id: 'start',
    title: 'start page (/)',
    path: () => '/',
    viewport: PHONE,
    // The form that creates a board can be sent.
    usable: () => document.querySelector('form button[type="submit"]:not([disabled])') !== null && performance.now(),
  },
  {
    id: 'board',
    title: 'board (/b/<id>)',
    path: (board) => local(board.links.participant),
    viewport: PHONE,
    // The canvas shows the meeting's purpose.
    usable: (purposeType) => {
      const box = document.querySelector(`.tl-shape[data-shape-type="${purposeType}"]`)?.getBoundingClientRect()
      return box !== undefined && box.width > 0 && box.height > 0 && performance.now()
    },
  },
]
