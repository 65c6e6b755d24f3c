/**
 * A section's picture drawn as vectors with pdf-lib, from its scene (section-scene.ts): the frame,
 * clusters with their labels, every card with its colour, its text (whole lines, an ellipsis when it
 * does not fit, as on the board) and its author line, the vote count of the revealed round, and
 * photos. No canvas: the server makes the PDF of the whole-board archive with it. The card's
 * measures are the board's own (shared/model/card-layout.ts), in the embedded IBM Plex Sans.
 */
import { clip, endPath, popGraphicsState, pushGraphicsState, rectangle, rgb, type PDFDocument, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib'
import {
  BYLINE_LINE_HEIGHT,
  BYLINE_PAGE_PX,
  CARD_CORNER_RADIUS,
  CARD_INK,
  CARD_PADDING,
  TEXT_LINE_HEIGHT,
  cardFontSize,
  cardLayout,
} from '../model/card-layout'
import { fitLine, wrap, type PdfFonts } from '../pdf/text-flow'
import { cardFootLines } from './phrases'
import { minutesStrings } from './strings'
import type { SceneCard, SceneFrame, ScenePhoto, SectionScene } from './section-scene'
import type { Minutes } from './types'

/** The uploaded files the scenes' photos show, by their address (`src`). */
export type ScenePhotoFiles = ReadonlyMap<string, Uint8Array>

/**
 * tldraw's frame in its light theme (the board shows frames without colours): white with a grey
 * border, its name in black.
 */
export const FRAME_LOOK = { fill: '#ffffff', stroke: '#717171', text: '#000000' } as const
/** A cluster's label, above its frame in the grid's row gap (page units). */
const CLUSTER_LABEL_PX = 16
/** The vote count's badge on a card's top right corner (facilitation.css `.gb-card-votes__count`). */
const VOTE_BADGE = { fill: '#1b5fc1', text: '#ffffff', size: 14, height: 22 } as const
/** Where a photo has no file this PDF can embed. */
const NO_PHOTO = { fill: '#e8e8e8', text: '#4a5468' } as const

/** A CSS `#rrggbb` colour as pdf-lib's. */
export function hexColour(hex: string) {
  const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255) as [number, number, number]
  return rgb(r, g, b)
}

/** An SVG path of a rounded rectangle at the origin (pdf-lib's drawSvgPath: y grows downwards). */
function roundedRectangle(w: number, h: number, r: number): string {
  return `M ${r} 0 H ${w - r} A ${r} ${r} 0 0 1 ${w} ${r} V ${h - r} A ${r} ${r} 0 0 1 ${w - r} ${h} H ${r} A ${r} ${r} 0 0 1 0 ${h - r} V ${r} A ${r} ${r} 0 0 1 ${r} 0 Z`
}

/** Where on the PDF page a point of the scene lands: scene units scaled, y turned upwards. */
interface Placement {
  /** The PDF point of the scene's top left corner. */
  left: number
  top: number
  scale: number
}

class SceneCanvas {
  private readonly images = new Map<string, PDFImage | null>()

  constructor(
    private readonly pdf: PDFDocument,
    private readonly page: PDFPage,
    private readonly fonts: PdfFonts,
    private readonly at: Placement,
    private readonly minutes: Minutes,
    private readonly photos: ScenePhotoFiles,
  ) {}

  private x(x: number): number {
    return this.at.left + x * this.at.scale
  }

  private y(y: number): number {
    return this.at.top - y * this.at.scale
  }

  private box(x: number, y: number, w: number, h: number, fill: string, border?: string): void {
    const s = this.at.scale
    this.page.drawRectangle({ x: this.x(x), y: this.y(y + h), width: w * s, height: h * s, color: hexColour(fill), ...(border ? { borderColor: hexColour(border), borderWidth: 0.75 } : {}) })
  }

  /** One line of text whose line box (`lineHeight` high) starts at scene `y`. */
  private line(text: string, x: number, y: number, font: PDFFont, size: number, lineHeight: number, colour: string): void {
    // The baseline sits where CSS puts it for this font: about a third of the size below the line box's middle.
    const baseline = y + lineHeight / 2 + size * 0.35
    this.page.drawText(text, { x: this.x(x), y: this.y(baseline), size: size * this.at.scale, font, color: hexColour(colour) })
  }

  frame(scene: SectionScene): void {
    this.box(0, 0, scene.w, scene.h, FRAME_LOOK.fill, FRAME_LOOK.stroke)
  }

  /** Everything after this is cut at the section's frame, as tldraw cuts a frame's children. */
  clipTo(scene: SectionScene): void {
    const s = this.at.scale
    this.page.pushOperators(pushGraphicsState(), rectangle(this.x(0), this.y(scene.h), scene.w * s, scene.h * s), clip(), endPath())
  }

  endClip(): void {
    this.page.pushOperators(popGraphicsState())
  }

  cluster(frame: SceneFrame): void {
    this.box(frame.x, frame.y, frame.w, frame.h, FRAME_LOOK.fill, FRAME_LOOK.stroke)
    const name = fitLine(this.fonts.bold, CLUSTER_LABEL_PX, frame.name, frame.w)
    if (name) this.line(name, frame.x, frame.y - CLUSTER_LABEL_PX * 1.5, this.fonts.bold, CLUSTER_LABEL_PX, CLUSTER_LABEL_PX * 1.25, FRAME_LOOK.text)
  }

  card(item: SceneCard): void {
    const { x, y, w, h, card } = item
    const s = this.at.scale
    const outline = roundedRectangle(w * s, h * s, CARD_CORNER_RADIUS * s)
    // The board's soft shadow, one unit below the card.
    this.page.drawSvgPath(outline, { x: this.x(x), y: this.y(y + 1), color: rgb(0, 0, 0), opacity: 0.18 })
    this.page.drawSvgPath(outline, { x: this.x(x), y: this.y(y), color: hexColour(item.tint) })

    const foot = cardFootLines(this.minutes, card, item.commitment)
    const text = card.text.trim()
    const size = cardFontSize(card.text)
    const layout = cardLayout(h, size, BYLINE_PAGE_PX, foot.commitment === null ? 1 : 2)
    const width = w - 2 * CARD_PADDING.x
    const left = x + CARD_PADDING.x
    const lineHeight = size * TEXT_LINE_HEIGHT
    if (text) {
      const lines = wrap(this.fonts.bold, size, text, width)
      const shown = lines.slice(0, layout.textLines)
      if (lines.length > shown.length) shown[shown.length - 1] = fitLine(this.fonts.bold, size, shown.at(-1)!, width, true)
      shown.forEach((line, i) => this.line(line, left, y + CARD_PADDING.top + i * lineHeight, this.fonts.bold, size, lineHeight, CARD_INK.text))
    } else {
      const empty = minutesStrings(this.minutes.lang).card.empty
      this.line(fitLine(this.fonts.regular, size, empty, width), left, y + CARD_PADDING.top, this.fonts.regular, size, lineHeight, CARD_INK.empty)
    }

    // The author line sits at the card's foot; a commitment's line above it gives way first.
    const bylineHeight = BYLINE_PAGE_PX * BYLINE_LINE_HEIGHT
    const bottom = y + h - CARD_PADDING.bottom
    if (layout.bylineLines >= 1) {
      this.line(fitLine(this.fonts.regular, BYLINE_PAGE_PX, foot.author, width), left, bottom - bylineHeight, this.fonts.regular, BYLINE_PAGE_PX, bylineHeight, CARD_INK.byline)
    }
    if (layout.bylineLines >= 2 && foot.commitment !== null) {
      const line = fitLine(this.fonts.bold, BYLINE_PAGE_PX, foot.commitment, width)
      this.line(line, left, bottom - 2 * bylineHeight, this.fonts.bold, BYLINE_PAGE_PX, bylineHeight, CARD_INK.byline)
    }
    if (card.votes !== null) this.voteBadge(item, card.votes)
  }

  /** The count on the card's top right corner, wholly above it, as the board shows a revealed round. */
  private voteBadge(item: SceneCard, votes: number): void {
    const { size, height } = VOTE_BADGE
    const label = String(votes)
    const width = Math.max(height, this.fonts.bold.widthOfTextAtSize(label, size) + 12)
    const s = this.at.scale
    const left = item.x + item.w - width
    const top = item.y - height - 2
    this.page.drawSvgPath(roundedRectangle(width * s, height * s, (height / 2) * s), { x: this.x(left), y: this.y(top), color: hexColour(VOTE_BADGE.fill) })
    const textWidth = this.fonts.bold.widthOfTextAtSize(label, size)
    this.line(label, left + (width - textWidth) / 2, top, this.fonts.bold, size, height, VOTE_BADGE.text)
  }

  async photo(item: ScenePhoto): Promise<void> {
    const image = await this.embed(item)
    if (!image) {
      this.box(item.x, item.y, item.w, item.h, NO_PHOTO.fill)
      const alt = fitLine(this.fonts.regular, BYLINE_PAGE_PX, item.altText, item.w - 2 * CARD_PADDING.x)
      if (alt) this.line(alt, item.x + CARD_PADDING.x, item.y + CARD_PADDING.top, this.fonts.regular, BYLINE_PAGE_PX, BYLINE_PAGE_PX * BYLINE_LINE_HEIGHT, NO_PHOTO.text)
      return
    }
    const s = this.at.scale
    this.page.drawImage(image, { x: this.x(item.x), y: this.y(item.y + item.h), width: item.w * s, height: item.h * s })
  }

  /** The photo's file as a PDF image: PNG and JPEG, the two a PDF takes; null for others or a damaged file. */
  private async embed(item: ScenePhoto): Promise<PDFImage | null> {
    if (!item.src) return null
    if (this.images.has(item.src)) return this.images.get(item.src)!
    const bytes = this.photos.get(item.src)
    let image: PDFImage | null = null
    try {
      if (bytes && item.mimeType === 'image/png') image = await this.pdf.embedPng(bytes)
      else if (bytes && item.mimeType === 'image/jpeg') image = await this.pdf.embedJpg(bytes)
    } catch {
      // A file that is not what its type says shows as a grey box with the alt text, like any other.
      image = null
    }
    this.images.set(item.src, image)
    return image
  }
}

/**
 * Draws `scene` into the area of `page` whose top left corner is (`left`, `top`) in PDF points,
 * `width` × `height`: scaled to fit (never enlarged), centred.
 */
export async function drawSectionScene(
  pdf: PDFDocument,
  page: PDFPage,
  fonts: PdfFonts,
  minutes: Minutes,
  scene: SectionScene,
  photos: ScenePhotoFiles,
  area: { left: number; top: number; width: number; height: number },
): Promise<void> {
  const scale = Math.min(area.width / scene.w, area.height / scene.h, 1)
  const at = { left: area.left + (area.width - scene.w * scale) / 2, top: area.top - (area.height - scene.h * scale) / 2, scale }
  const canvas = new SceneCanvas(pdf, page, fonts, at, minutes, photos)
  canvas.frame(scene)
  canvas.clipTo(scene)
  for (const item of scene.items) {
    if (item.kind === 'card') canvas.card(item)
    else if (item.kind === 'frame') canvas.cluster(item)
    else await canvas.photo(item)
  }
  canvas.endClip()
}
