/**
 * The series storage contract (server/storage/series-storage.ts) on SQLite and PostgreSQL, through
 * the board storages that keep it (tests/helpers/storage-backends.ts): series and their changes,
 * meetings in order, commitments with their history and owner links, the card index searched for
 * words of German and English cards (umlauts and ß folded, parts of compounds found), and deleting
 * a board removing its series rows. PostgreSQL in a fresh schema each test.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { foldForSearch, parseSearchQuery } from '../../server/features/series/search-query'
import { seriesStorageOf, type IndexedCard, type SeriesRecord, type SeriesStorage } from '../../server/storage/series-storage'
import { postgresUnavailable } from '../helpers/postgres'
import { postgresBackend, sqliteBackend, type StorageFixture } from '../helpers/storage-backends'

const withoutPostgres = await postgresUnavailable()
if (withoutPostgres !== null) {
  console.warn(`PostgreSQL series storage skipped: ${withoutPostgres}`)
  it.skip(`PostgreSQL series storage: ${withoutPostgres}`, () => {})
}

const SERIES = 'SSSSSSSSSSSSSSSSSSSSSA'
const OTHER_SERIES = 'TTTTTTTTTTTTTTTTTTTTTA'
const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA'
const LATER = 'BBBBBBBBBBBBBBBBBBBBBQ'
const FOREIGN = 'CCCCCCCCCCCCCCCCCCCCCg'

const series = (id: string, title: string): SeriesRecord => ({
  id,
  title,
  purpose: 'Learning between cities',
  cities: ['Berlin', 'Mönchengladbach'],
  aliases: {},
  links: { version: 1, manage: { digest: 'd' } },
  createdAt: 1_000,
})

const card = (cardId: string, text: string): IndexedCard => ({ cardId, sectionKind: 'questions', sectionTitle: 'Fragen', text, folded: foldForSearch(text) })

/** What a typed query finds, as the cards' texts. */
async function find(storage: SeriesStorage, seriesId: string, typed: string): Promise<string[]> {
  const query = parseSearchQuery(typed)
  if (!query.ok) throw new Error(query.message)
  return (await storage.search(seriesId, query.terms, 50)).map((hit) => hit.text)
}

describe.each(withoutPostgres === null ? [sqliteBackend, postgresBackend] : [sqliteBackend])('$name series storage', (backend) => {
  let fixture: StorageFixture
  let storage: SeriesStorage

  beforeEach(async () => {
    fixture = await backend.open()
    storage = seriesStorageOf(fixture.storage)!
    expect(storage).not.toBeNull()
    await storage.createSeries(series(SERIES, 'Stadtlabor2Go'))
    await storage.createSeries(series(OTHER_SERIES, 'Another series'))
  })

  afterEach(async () => {
    await fixture.dispose()
  })

  it('keeps a series and its changes, across a restart', async () => {
    await storage.updateSeries(SERIES, { title: 'Stadtlabor2Go: Berlin – Wiesbaden', aliases: { moenchengladbach: 'Mönchengladbach' } })
    const reopened = seriesStorageOf(await fixture.reopen())!
    expect(await reopened.getSeries(SERIES)).toEqual({
      ...series(SERIES, 'Stadtlabor2Go: Berlin – Wiesbaden'),
      aliases: { moenchengladbach: 'Mönchengladbach' },
    })
    expect(await reopened.getSeries('UUUUUUUUUUUUUUUUUUUUUA')).toBeNull()
    await expect(reopened.createSeries(series(SERIES, 'again'))).rejects.toThrow()
  })

  it('keeps each board in one series, meetings in the order they joined', async () => {
    expect(await storage.addMeeting({ seriesId: SERIES, boardId: LATER, addedAt: 5, seals: { viewer: 'v2' } })).toBe(true)
    expect(await storage.addMeeting({ seriesId: SERIES, boardId: BOARD, addedAt: 5, seals: { viewer: 'v1' } })).toBe(true)
    expect(await storage.addMeeting({ seriesId: OTHER_SERIES, boardId: BOARD, addedAt: 6, seals: {} })).toBe(false)
    // Same time: the order they were added in.
    expect((await storage.meetingsOf(SERIES)).map((meeting) => meeting.boardId)).toEqual([LATER, BOARD])
    await storage.updateMeetingSeals(BOARD, { viewer: 'v1b' })
    expect(await storage.meetingOfBoard(BOARD)).toEqual({ seriesId: SERIES, boardId: BOARD, addedAt: 5, seals: { viewer: 'v1b' } })
    expect(await storage.meetingOfBoard(FOREIGN)).toBeNull()
  })

  it('keeps commitments with their status history in order and their owner link', async () => {
    const rows = ['c2', 'c1'].map((id) => ({ id, seriesId: SERIES, boardId: BOARD, cardId: `shape:${id}` }))
    await storage.ensureCommitments(rows)
    await storage.ensureCommitments(rows)
    await storage.addStatusEvent('c1', { at: 10, status: 'inProgress', note: 'Angefangen', by: 'owner', photo: null })
    await storage.addStatusEvent('c1', { at: 20, status: 'done', note: 'Fertig', by: 'facilitator', photo: 'photo-1' })
    await storage.setOwnerLink('c1', { digest: 'digest', sealed: 'sealed' })
    expect(await storage.getCommitment('c1')).toEqual({
      id: 'c1',
      seriesId: SERIES,
      boardId: BOARD,
      cardId: 'shape:c1',
      ownerLink: { digest: 'digest', sealed: 'sealed' },
      history: [
        { at: 10, status: 'inProgress', note: 'Angefangen', by: 'owner', photo: null },
        { at: 20, status: 'done', note: 'Fertig', by: 'facilitator', photo: 'photo-1' },
      ],
    })
    const all = await storage.commitmentsOf(SERIES)
    expect(all.map((c) => [c.id, c.history.length, c.ownerLink])).toEqual([
      ['c2', 0, null],
      ['c1', 2, { digest: 'digest', sealed: 'sealed' }],
    ])
    expect(await storage.commitmentsOf(OTHER_SERIES)).toEqual([])
  })

  it('stores a status event once per request key: a repeat of the key resolves with the first event', async () => {
    await storage.ensureCommitments([{ id: 'c1', seriesId: SERIES, boardId: BOARD, cardId: 'shape:c1' }, { id: 'c2', seriesId: SERIES, boardId: BOARD, cardId: 'shape:c2' }])
    const first = { at: 10, status: 'done' as const, note: 'Fertig', by: 'owner' as const, photo: null }
    expect(await storage.addStatusEvent('c1', first, 'key-1')).toEqual(first)
    // The retry of the same request (later, on another server): nothing new, the first event back.
    expect(await storage.addStatusEvent('c1', { ...first, at: 99 }, 'key-1')).toEqual(first)
    // The same key on another commitment is another request; events without a key never collide.
    await storage.addStatusEvent('c2', first, 'key-1')
    await storage.addStatusEvent('c1', { ...first, at: 20, status: 'dropped' })
    await storage.addStatusEvent('c1', { ...first, at: 30, status: 'inProgress' })
    expect((await storage.getCommitment('c1'))!.history.map((event) => [event.at, event.status])).toEqual([
      [10, 'done'],
      [20, 'dropped'],
      [30, 'inProgress'],
    ])
    expect((await storage.getCommitment('c2'))!.history).toHaveLength(1)
  })

  it('finds words of German and English cards, umlauts and ß folded, inside compounds, only in its own series', async () => {
    await storage.indexBoard(SERIES, BOARD, 100, [
      card('shape:1', 'Wie habt ihr die Straßenexperimente genehmigt bekommen?'),
      card('shape:2', 'Parklets in der Bergmannstraße'),
      card('shape:3', 'Who maintains the benches after the street experiment?'),
      card('shape:4', 'Grünflächen für Kinder in Mönchengladbach'),
    ])
    await storage.indexBoard(OTHER_SERIES, FOREIGN, 100, [card('shape:9', 'Straßenexperiment in Wiesbaden')])
    expect(await storage.indexedAt(BOARD)).toBe(100)
    expect(await storage.indexedAt(LATER)).toBeNull()

    expect(await find(storage, SERIES, 'Straßenexperiment')).toEqual(['Wie habt ihr die Straßenexperimente genehmigt bekommen?'])
    expect(await find(storage, SERIES, 'strassenexperimente')).toEqual(['Wie habt ihr die Straßenexperimente genehmigt bekommen?'])
    expect((await find(storage, SERIES, 'experiment')).sort()).toEqual([
      'Who maintains the benches after the street experiment?',
      'Wie habt ihr die Straßenexperimente genehmigt bekommen?',
    ])
    expect(await find(storage, SERIES, 'grunflachen')).toEqual(['Grünflächen für Kinder in Mönchengladbach'])
    expect(await find(storage, SERIES, 'Mönchengladbach Grünflächen')).toEqual(['Grünflächen für Kinder in Mönchengladbach'])
    expect(await find(storage, SERIES, 'bergmannstrasse parklets')).toEqual(['Parklets in der Bergmannstraße'])
    expect(await find(storage, SERIES, '"maintains the benches"')).toEqual(['Who maintains the benches after the street experiment?'])
    expect(await find(storage, SERIES, '"benches the maintains"')).toEqual([])
    expect(await find(storage, SERIES, 'benches tram')).toEqual([])
    // What would be a wildcard to the database is a letter like any other here.
    expect(await storage.search(SERIES, ['%%%'], 50)).toEqual([])
    expect(await storage.search(SERIES, ['str_ss'], 50)).toEqual([])
    expect(await find(storage, OTHER_SERIES, 'experiment')).toEqual(['Straßenexperiment in Wiesbaden'])

    // Indexing a board again replaces its cards.
    await storage.indexBoard(SERIES, BOARD, 200, [card('shape:5', 'Verkehrsversuche im Winter')])
    expect(await find(storage, SERIES, 'experiment')).toEqual([])
    expect(await find(storage, SERIES, 'verkehrsversuch')).toEqual(['Verkehrsversuche im Winter'])
    expect(await storage.indexedAt(BOARD)).toBe(200)
  })

  it('loses everything of a deleted board and nothing of the others', async () => {
    await fixture.storage.createBoard(BOARD, { meta: {}, joinCode: null })
    await fixture.storage.createBoard(LATER, { meta: {}, joinCode: null })
    for (const boardId of [BOARD, LATER]) {
      await storage.addMeeting({ seriesId: SERIES, boardId, addedAt: 1, seals: {} })
      await storage.ensureCommitments([{ id: `c-${boardId}`, seriesId: SERIES, boardId, cardId: 'shape:c' }])
      await storage.addStatusEvent(`c-${boardId}`, { at: 1, status: 'done', note: '', by: 'owner', photo: null })
      await storage.indexBoard(SERIES, boardId, 1, [card('shape:c', `Bänke ${boardId}`)])
    }
    expect(await fixture.storage.deleteBoard(BOARD)).toBe(true)
    expect(await storage.meetingOfBoard(BOARD)).toBeNull()
    expect(await storage.getCommitment(`c-${BOARD}`)).toBeNull()
    expect(await storage.indexedAt(BOARD)).toBeNull()
    expect(await find(storage, SERIES, 'bänke')).toEqual([`Bänke ${LATER}`])
    expect((await storage.getCommitment(`c-${LATER}`))?.history).toHaveLength(1)
    expect((await storage.meetingsOf(SERIES)).map((meeting) => meeting.boardId)).toEqual([LATER])
  })
})
