/**
 * What a section's picture shows, read from the board's records (no canvas, no DOM): the frame,
 * every card in its place with its colour, the clusters inside it and the photos (tldraw's image
 * shapes), in the frame's own coordinates (page units) and in the order the canvas paints them.
 * The server draws this into the meeting PDF (section-drawing.ts); what a card says comes from the
 * minutes, so the picture and the minutes agree (names left out in both, the same vote counts).
 */
import { boxOf, byId, shapesOf, FRAME_SHAPE_TYPE, type Box, type ShapeRecord } from '../model/board-shapes'
import { CARD_SHAPE_TYPE, CARD_SIZE } from '../model/card'
import { isCommitment } from '../model/card-layout'
import { sectionFromFrame, type SectionKind } from '../model/sections'
import { CARD_TINTS } from '../model/section-style'
import type { Minutes, MinutesCard } from './types'

export interface SceneCard extends Box {
  kind: 'card'
  /** The card's background, its section's tint. */
  tint: string
  card: MinutesCard
  /** Whether it shows the commitment's line (who, by when) above its author. */
  commitment: boolean
}

/** A frame inside the section: a cluster of cards, with its label above it. */
export interface SceneFrame extends Box {
  kind: 'frame'
  name: string
}

export interface ScenePhoto extends Box {
  kind: 'photo'
  /** The image asset's address (the board's upload path), or null when the shape has no asset. */
  src: string | null
  mimeType: string | null
  altText: string
}

export type SceneItem = SceneCard | SceneFrame | ScenePhoto

export interface SectionScene {
  id: string
  title: string
  w: number
  h: number
  /** Back to front. */
  items: SceneItem[]
}

const isFinite = (value: number) => Number.isFinite(value)

/** z-order among siblings: tldraw's fractional indices sort as plain strings. */
const byIndex = (a: ShapeRecord, b: ShapeRecord) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0)

/** One scene per section of the minutes whose frame is on the board, in the minutes' order. */
export function sectionScenes(records: ReadonlyMap<string, unknown>, minutes: Minutes): SectionScene[] {
  const shapes = shapesOf(records.values())
  const shapesById = byId(shapes)
  const children = new Map<string, ShapeRecord[]>()
  for (const shape of shapes) {
    const siblings = children.get(shape.parentId)
    if (siblings) siblings.push(shape)
    else children.set(shape.parentId, [shape])
  }
  const scenes: SectionScene[] = []
  for (const section of minutes.sections) {
    const frame = section.id === null ? undefined : shapesById.get(section.id)
    const kind = frame ? sectionFromFrame(frame)?.kind : undefined
    if (!frame || !kind) continue
    const cards = new Map(section.cards.map((card) => [card.id, card]))
    const { w, h } = boxOf(frame, CARD_SIZE)
    // A board's numbers are whatever a client wrote: a section nobody can draw gets no picture.
    if (!isFinite(w) || !isFinite(h)) continue
    const items: SceneItem[] = []
    collect(frame.id, { x: 0, y: 0 }, new Set([frame.id]))
    scenes.push({ id: frame.id, title: section.title, w, h, items })

    function collect(parentId: string, offset: { x: number; y: number }, seen: Set<string>): void {
      for (const shape of (children.get(parentId) ?? []).sort(byIndex)) {
        if (seen.has(shape.id)) continue
        seen.add(shape.id)
        const box = { ...boxOf(shape, CARD_SIZE), x: offset.x + shape.x, y: offset.y + shape.y }
        if (![box.x, box.y, box.w, box.h].every(isFinite)) continue
        const item = sceneItem(shape, box, kind!, cards, records)
        if (item) items.push(item)
        if (shape.type === FRAME_SHAPE_TYPE) collect(shape.id, box, seen)
      }
    }
  }
  return scenes
}

function sceneItem(shape: ShapeRecord, box: Box, section: SectionKind, cards: ReadonlyMap<string, MinutesCard>, records: ReadonlyMap<string, unknown>): SceneItem | null {
  if (shape.type === CARD_SHAPE_TYPE) {
    const card = cards.get(shape.id)
    return card ? { kind: 'card', ...box, tint: CARD_TINTS[section], card, commitment: isCommitment(card, section) } : null
  }
  if (shape.type === FRAME_SHAPE_TYPE) return { kind: 'frame', ...box, name: typeof shape.props.name === 'string' ? shape.props.name : '' }
  if (shape.type === 'image') {
    const assetId = shape.props.assetId
    const asset = typeof assetId === 'string' ? (records.get(assetId) as { props?: { src?: unknown; mimeType?: unknown } } | undefined) : undefined
    const src = asset?.props?.src
    const mimeType = asset?.props?.mimeType
    const altText = shape.props.altText
    return {
      kind: 'photo',
      ...box,
      src: typeof src === 'string' ? src : null,
      mimeType: typeof mimeType === 'string' ? mimeType : null,
      altText: typeof altText === 'string' ? altText : '',
    }
  }
  return null
}
