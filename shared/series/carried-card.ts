/**
 * Carried cards on the next meeting's board: ordinary cards (shared/model/card.ts) whose `meta`
 * says where they come from and, for a commitment, which commitment of the series they show and
 * its status (kept up to date by the server when the owner reports). Also where the carry-over
 * puts them: the picked questions and ideas into the template's sections, the commitments into a
 * "Since last time" section left of the questions.
 */
import { CARD_SHAPE_TYPE, EMPTY_CARD_PROPS, type CardProps } from '../model/card'
import { frameSizeFor, heightToHold, slotOrigin, columnsFor } from '../model/slot-grid'
import { SECTION_SIZE, templateSectionId } from '../model/template'
import { isCommitmentStatus, type CommitmentStatus } from './commitment-status'
import type { CarriedCard, CarriedFrom, CarryOverPlan } from './carry-over'

export const CARRIED_FROM_META_KEY = 'carriedFrom'
export const COMMITMENT_ID_META_KEY = 'commitmentId'
export const COMMITMENT_STATUS_META_KEY = 'commitmentStatus'

/** The "Since last time" section's fixed id: laying the carry-over out twice writes the same frame. */
export const SINCE_LAST_TIME_SECTION_ID = 'shape:gb-section-since-last-time'

/** What a carried commitment card shows of its commitment, as the server last wrote it. */
export interface CommitmentStatusMeta {
  status: CommitmentStatus
  note: string
  /** When it was reported (ms since epoch), or null for a commitment nobody reported on. */
  at: number | null
}

export function readCarriedFrom(meta: Readonly<Record<string, unknown>>): CarriedFrom | null {
  const value = meta[CARRIED_FROM_META_KEY] as Record<string, unknown> | undefined
  if (!value || typeof value !== 'object') return null
  const text = (key: string) => (typeof value[key] === 'string' ? (value[key] as string) : '')
  if (text('boardId') === '' || text('cardId') === '') return null
  return { boardId: text('boardId'), cardId: text('cardId'), meeting: text('meeting'), startsAt: text('startsAt'), city: text('city') }
}

export function readCommitmentStatusMeta(meta: Readonly<Record<string, unknown>>): CommitmentStatusMeta | null {
  const value = meta[COMMITMENT_STATUS_META_KEY] as Record<string, unknown> | undefined
  if (!value || typeof value !== 'object' || !isCommitmentStatus(value.status)) return null
  return { status: value.status, note: typeof value.note === 'string' ? value.note : '', at: typeof value.at === 'number' ? value.at : null }
}

/** The commitment of the series a card stands for when it was carried, or null. */
export function carriedCommitmentId(meta: Readonly<Record<string, unknown>>): string | null {
  const id = meta[COMMITMENT_ID_META_KEY]
  return typeof id === 'string' && id !== '' ? id : null
}

/** A card of the carry-over with its place (in its frame's coordinates). */
export interface CarriedShape {
  id: string
  type: typeof CARD_SHAPE_TYPE
  parentId: string
  x: number
  y: number
  props: CardProps
  meta: Record<string, unknown>
}

export interface CarryOverLayout {
  /** The "Since last time" frame (null when no commitment carries over). */
  sinceLastTime: { id: string; x: number; y: number; w: number; h: number } | null
  /** Heights the template's sections need to hold their carried cards, by frame id. */
  heights: Record<string, number>
  cards: CarriedShape[]
}

/** Room left between the "Since last time" section and the questions, as between the template's sections. */
const SPACING = 80

function placeIn(frameId: string, frameWidth: number, cards: readonly CarriedCard[], idPrefix: string): { shapes: CarriedShape[]; height: number } {
  const columns = columnsFor(frameWidth)
  const shapes = cards.map((card, i): CarriedShape => {
    const { x, y } = slotOrigin({ col: i % columns, row: Math.floor(i / columns) })
    const meta: Record<string, unknown> = { [CARRIED_FROM_META_KEY]: { ...card.from } }
    if (card.commitment) {
      meta[COMMITMENT_ID_META_KEY] = card.commitment.id
      meta[COMMITMENT_STATUS_META_KEY] = { status: card.commitment.status, note: card.commitment.note, at: null }
    }
    return {
      id: `shape:${idPrefix}-${card.from.cardId.replace(/^shape:/, '')}`,
      type: CARD_SHAPE_TYPE,
      parentId: frameId,
      x,
      y,
      props: { ...EMPTY_CARD_PROPS, ...card.props },
      meta,
    }
  })
  const last = shapes[shapes.length - 1]
  const height = last ? heightToHold({ x: last.x, y: last.y, w: EMPTY_CARD_PROPS.w, h: EMPTY_CARD_PROPS.h }) : 0
  return { shapes, height }
}

/** Where the plan's cards go on a question map laid out from the template (shared/model/template.ts). */
export function carryOverLayout(plan: CarryOverPlan): CarryOverLayout {
  const questions = placeIn(templateSectionId('questions'), SECTION_SIZE.w, plan.questions, 'carried')
  const ideas = placeIn(templateSectionId('ideas'), SECTION_SIZE.w, plan.ideas, 'carried')
  const since = placeIn(SINCE_LAST_TIME_SECTION_ID, SECTION_SIZE.w, plan.sinceLastTime, 'since')
  const heights: Record<string, number> = {}
  if (questions.height > SECTION_SIZE.h) heights[templateSectionId('questions')] = questions.height
  if (ideas.height > SECTION_SIZE.h) heights[templateSectionId('ideas')] = ideas.height
  const sinceLastTime =
    plan.sinceLastTime.length === 0
      ? null
      : { id: SINCE_LAST_TIME_SECTION_ID, x: -(SECTION_SIZE.w + SPACING), y: 0, w: SECTION_SIZE.w, h: Math.max(since.height, frameSizeFor(1, 1).h) }
  return { sinceLastTime, heights, cards: [...since.shapes, ...questions.shapes, ...ideas.shapes] }
}
