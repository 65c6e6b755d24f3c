/**
 * What the series routes share: finding a series, reading its meetings from their boards, the
 * links a series link opens to them, and its commitments (kept in step with the boards' cards).
 */
import type { IncomingMessage } from 'node:http'
import type * as Y from 'yjs'
import { boardLink } from '../../../shared/model/roles'
import { canonicalCity, cityKey } from '../../../shared/series/cities'
import { currentStatus, dueState } from '../../../shared/series/commitment-status'
import { commitmentLink, seriesLink, type SeriesRole } from '../../../shared/series/series-links'
import type { CommitmentView, SeriesMeetingView, SeriesView } from '../../../shared/series/series-view'
import { originOf } from '../../http/public-origin'
import { HttpError } from '../../http/respond'
import type { SeriesMeetingRecord, SeriesRecord, SeriesStorage } from '../../storage/series-storage'
import { readStoredLinks, roleOfToken } from '../access/board-links'
import { requestToken } from '../access/request-token'
import type { BoardDocs } from '../board-docs'
import { commitmentIdOf as ownIdOf, readMeeting, type MeetingRead } from './meeting-reader'
import { meetingToken, openOwnerLink, seriesTokens } from './series-access'

export interface SeriesServiceOptions {
  storage: SeriesStorage
  docs: BoardDocs
  publicUrl: string | null
  /** ms since epoch (tests move it). */
  clock: () => number
}

/** A meeting of a series as read from its board right now. */
export interface ReadMeeting extends MeetingRead {
  record: SeriesMeetingRecord
}

const SERIES_ID = /^[A-Za-z0-9_-]{21}[AQgw]$/

export class SeriesService {
  constructor(readonly options: SeriesServiceOptions) {}

  async findSeries(id: string): Promise<SeriesRecord> {
    const series = SERIES_ID.test(id) ? await this.options.storage.getSeries(id) : null
    if (!series) throw new HttpError(404, 'series not found')
    return series
  }

  /** One board of the series, read as a meeting. */
  readBoard(doc: Y.Doc, seriesId: string, boardId: string): MeetingRead {
    return readMeeting(doc, seriesId, boardId)
  }

  /** The meetings whose boards still exist, by date (undated ones after, in the order they joined). */
  async meetings(series: SeriesRecord): Promise<ReadMeeting[]> {
    const records = await this.options.storage.meetingsOf(series.id)
    const read: ReadMeeting[] = []
    for (const record of records) {
      if (!(await this.options.docs.exists(record.boardId))) continue
      read.push({ record, ...(await this.options.docs.read(record.boardId, (doc) => this.readBoard(doc, series.id, record.boardId))) })
    }
    const dated = read.filter((meeting) => meeting.minutes.meeting.startsAt !== '')
    dated.sort((a, b) => a.minutes.meeting.startsAt.localeCompare(b.minutes.meeting.startsAt))
    return [...dated, ...read.filter((meeting) => meeting.minutes.meeting.startsAt === '')]
  }

  /** The board link a series link opens for a meeting: viewer for `read`, facilitator for `manage`; null when stale. */
  async meetingLink(request: IncomingMessage, series: SeriesRecord, record: SeriesMeetingRecord, role: SeriesRole): Promise<string | null> {
    const token = requestToken(request)!
    const tokens = role === 'manage' ? seriesTokens(series, token) : { read: token }
    const boardToken = meetingToken(record, role, tokens)
    const board = await this.options.docs.storage.getBoard(record.boardId)
    const stored = board ? readStoredLinks(board.meta) : null
    const wanted = role === 'manage' ? 'facilitator' : 'viewer'
    if (!boardToken || !stored || roleOfToken(stored, boardToken) !== wanted) return null
    return boardLink(originOf(request, this.options.publicUrl), record.boardId, boardToken)
  }

  city(series: SeriesRecord, name: string): string {
    return canonicalCity(name, series.cities, series.aliases)
  }

  async view(request: IncomingMessage, series: SeriesRecord, role: SeriesRole): Promise<SeriesView> {
    const meetings = await this.meetings(series)
    const origin = originOf(request, this.options.publicUrl)
    const tokens = role === 'manage' ? seriesTokens(series, requestToken(request)!) : null
    const spellings = new Map<string, number>()
    const count = (name: string) => {
      const trimmed = name.trim()
      if (trimmed !== '') spellings.set(trimmed, (spellings.get(trimmed) ?? 0) + 1)
    }
    for (const meeting of meetings) {
      meeting.minutes.meeting.cities.forEach(count)
      meeting.minutes.participants.groups.forEach((group) => count(group.city))
      for (const section of meeting.minutes.sections) for (const card of section.cards) count(card.kind === 'commitment' ? card.ownerCity : (card.city ?? ''))
    }
    const meetingViews = await Promise.all(meetings.map(
      async ({ record, minutes }): Promise<SeriesMeetingView> => ({
        boardId: record.boardId,
        title: minutes.meeting.title,
        startsAt: minutes.meeting.startsAt,
        place: minutes.meeting.place,
        cities: [...new Set(minutes.meeting.cities.map((city) => this.city(series, city)))],
        total: minutes.participants.total,
        onsite: minutes.participants.onsite,
        remote: minutes.participants.remote,
        archivedAt: minutes.meeting.archivedAt,
        link: await this.meetingLink(request, series, record, role),
      }),
    ))
    return {
      id: series.id,
      title: series.title,
      purpose: series.purpose,
      cities: [...new Set(series.cities.map((city) => this.city(series, city)))],
      aliases: Object.entries(series.aliases).map(([variant, city]) => ({ variant, city })),
      role,
      links: tokens ? { manage: seriesLink(origin, series.id, tokens.manage), read: seriesLink(origin, series.id, tokens.read) } : null,
      meetings: meetingViews,
      spellings: [...spellings.entries()]
        .map(([name, n]) => ({ name, city: this.city(series, name), count: n }))
        .sort((a, b) => cityKey(a.city).localeCompare(cityKey(b.city)) || a.name.localeCompare(b.name)),
    }
  }

  /**
   * Every commitment of the series' meetings, in meeting order, with its history. Commitment cards
   * added since the last look become commitments (open) here; a carried card is its original's.
   */
  async commitments(series: SeriesRecord, options: { names: boolean; manageToken: string | null; origin: string }): Promise<CommitmentView[]> {
    const meetings = await this.meetings(series)
    const originals = meetings.flatMap(({ record, minutes, commitmentOfCard }) =>
      minutes.commitments
        .filter((commitment) => !this.isCarried(commitmentOfCard, record.boardId, commitment.cardId, series.id))
        .map((commitment) => ({ record, minutes, commitment, id: commitmentOfCard.get(commitment.cardId)! })),
    )
    await this.options.storage.ensureCommitments(
      originals.map(({ id, record, commitment }) => ({ id, seriesId: series.id, boardId: record.boardId, cardId: commitment.cardId })),
    )
    const stored = new Map((await this.options.storage.commitmentsOf(series.id)).map((record) => [record.id, record]))
    const today = new Date(this.options.clock()).toISOString().slice(0, 10)
    return originals.map(({ id, minutes, commitment }): CommitmentView => {
      const record = stored.get(id)
      const history = record?.history ?? []
      const status = currentStatus(history)
      const ownerToken =
        options.manageToken && record?.ownerLink ? openOwnerLink(record.ownerLink.sealed, options.manageToken, id) : null
      return {
        id,
        boardId: record?.boardId ?? '',
        cardId: commitment.cardId,
        meeting: minutes.meeting.title,
        startsAt: minutes.meeting.startsAt,
        what: commitment.what,
        owner: options.names ? commitment.who : null,
        city: this.city(series, commitment.city),
        due: commitment.due,
        status,
        history,
        dueState: options.manageToken ? dueState(commitment.due, status, today) : null,
        ownerLink: ownerToken ? commitmentLink(options.origin, id, ownerToken) : null,
      }
    })
  }

  /** Whether the card shows a commitment carried from an earlier meeting (its id is not its own). */
  private isCarried(commitmentOfCard: Map<string, string>, boardId: string, cardId: string, seriesId: string): boolean {
    return commitmentOfCard.get(cardId) !== undefined && commitmentOfCard.get(cardId) !== ownIdOf(seriesId, boardId, cardId)
  }
}
