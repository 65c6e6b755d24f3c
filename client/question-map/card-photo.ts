/**
 * A photo that belongs to a card: the board shows it as tldraw's own image shape beside the card
 * (in the next free slot of the section), with an image asset pointing at the board's upload, and
 * the card names that image shape in `meta.photo`. So the canvas, the section pictures of the
 * exports and the minutes need nothing new to show the photo, the server's asset rule (every
 * asset's address is one of this board's uploads, shared/model/asset-paths.ts) already covers its
 * address, and the card's props (and their migrations) stay as they are.
 */
import type { ShapeRecord } from '../../shared/model/board-shapes'
import { CARD_SIZE } from '../../shared/model/card'

/** `meta` key of a card: the id of the image shape with its photo. */
export const CARD_PHOTO_META_KEY = 'photo'

/** A photo as the server stored it (POST /api/boards/:id/assets), with its size in pixels. */
export interface UploadedPhoto {
  /** The board's upload path, `/api/boards/<id>/assets/<name>`. */
  url: string
  width: number
  height: number
  mimeType: string
  bytes: number
}

/** The asset record of an uploaded photo, as tldraw stores an image asset. */
export function photoAssetRecord(assetId: string, photo: UploadedPhoto) {
  return {
    id: assetId,
    typeName: 'asset' as const,
    type: 'image',
    props: {
      name: 'photo.jpg',
      src: photo.url,
      w: photo.width,
      h: photo.height,
      mimeType: photo.mimeType,
      isAnimated: false,
      fileSize: photo.bytes,
    },
    meta: {},
  }
}

/** The photo's size on the board: its shape fitted into one card slot. */
export function photoSizeInSlot(photo: Pick<UploadedPhoto, 'width' | 'height'>): { w: number; h: number } {
  const scale = Math.min(CARD_SIZE.w / photo.width, CARD_SIZE.h / photo.height)
  return { w: Math.max(1, Math.round(photo.width * scale)), h: Math.max(1, Math.round(photo.height * scale)) }
}

/** The props of tldraw's image shape showing `assetId`. */
export function photoShapeProps(assetId: string, photo: Pick<UploadedPhoto, 'width' | 'height'>, altText: string) {
  return { ...photoSizeInSlot(photo), playing: true, url: '', assetId, crop: null, flipX: false, flipY: false, altText }
}

/** The address of a card's photo on this board, or null when it has none. */
export function cardPhotoUrl(card: Pick<ShapeRecord, 'meta'>, records: ReadonlyMap<string, unknown>): string | null {
  const shapeId = card.meta[CARD_PHOTO_META_KEY]
  if (typeof shapeId !== 'string') return null
  const shape = records.get(shapeId) as ShapeRecord | undefined
  const assetId = shape?.type === 'image' ? shape.props.assetId : null
  const asset = typeof assetId === 'string' ? (records.get(assetId) as { props?: { src?: unknown } } | undefined) : undefined
  return typeof asset?.props?.src === 'string' ? asset.props.src : null
}
