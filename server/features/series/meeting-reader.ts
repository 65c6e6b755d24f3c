/**
 * A meeting of a series as the series reads it: the board's minutes (the same code as the minutes
 * files, so counts, ranking and anonymity agree) and which of its commitment cards stand for a
 * commitment carried from an earlier meeting.
 */
import { createHash } from 'node:crypto'
import type * as Y from 'yjs'
import { buildMinutes } from '../../../shared/minutes/build'
import { readMinutesInputs } from '../../../shared/minutes/inputs'
import type { Minutes, MinutesLang } from '../../../shared/minutes/types'
import { CARD_SHAPE_TYPE } from '../../../shared/model/card'
import { readShapes } from '../../../shared/model/shape-log'
import { carriedCommitmentId, readCarriedFrom } from '../../../shared/series/carried-card'

export interface MeetingRead {
  minutes: Minutes
  /** For each commitment card: the series' commitment it stands for. */
  commitmentOfCard: Map<string, string>
  /** The cards carried from an earlier meeting. */
  carried: Set<string>
}

/** The id of the commitment a card of a series' meeting made: stable, so reading twice adds nothing. */
export function commitmentIdOf(seriesId: string, boardId: string, cardId: string): string {
  return createHash('sha256').update(`gatherboard commitment\n${seriesId}\n${boardId}\n${cardId}`).digest('base64url').slice(0, 22)
}

export const COMMITMENT_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/

export function readMeeting(doc: Y.Doc, seriesId: string, boardId: string, lang: MinutesLang = 'en'): MeetingRead {
  const minutes = buildMinutes(doc, { ...readMinutesInputs(doc), lang, names: true, boardId })
  const commitmentOfCard = new Map<string, string>()
  const carried = new Set<string>()
  for (const shape of readShapes(doc)) {
    if (shape.type !== CARD_SHAPE_TYPE) continue
    if (readCarriedFrom(shape.meta)) carried.add(shape.id)
    if (shape.props.kind !== 'commitment') continue
    commitmentOfCard.set(shape.id, carriedCommitmentId(shape.meta) ?? commitmentIdOf(seriesId, boardId, shape.id))
  }
  return { minutes, commitmentOfCard, carried }
}
