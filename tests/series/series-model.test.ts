/** The series' pure rules: city spellings and merging, status history and due dates, carry-over picks. */
import { describe, expect, it } from 'vitest'
import { buildMinutes } from '../../shared/minutes/build'
import { carryOverLayout } from '../../shared/series/carried-card'
import { planCarryOver } from '../../shared/series/carry-over'
import { canonicalCity, cityKey, groupByCity, mergeCities } from '../../shared/series/cities'
import { cleanNote, currentStatus, dueState, lastNote, type StatusEvent } from '../../shared/series/commitment-status'
import { fixtureOptions, makeFixtureDoc } from '../minutes/fixture'

describe('cities of a series', () => {
  it('are one city whatever the case, blanks, accents or umlauts spelled out', () => {
    expect(cityKey('  Mönchen  Gladbach ')).toBe(cityKey('MOENCHEN gladbach'))
    expect(cityKey('Kraków')).toBe(cityKey('krakow'))
    expect(canonicalCity('moenchengladbach', ['Berlin', 'Mönchengladbach'], {})).toBe('Mönchengladbach')
    expect(canonicalCity(' Leipzig ', ['Berlin'], {})).toBe('Leipzig')
    expect(canonicalCity('', ['Berlin'], {})).toBe('')
  })

  it('merge variants into one, including variants merged before into one of them', () => {
    const first = mergeCities({}, ['MG', 'Gladbach'], 'Mönchengladbach')
    expect(canonicalCity('mg', [], first)).toBe('Mönchengladbach')
    const renamed = mergeCities(first, ['Mönchengladbach'], 'Mönchengladbach (NRW)')
    expect(canonicalCity('Gladbach', [], renamed)).toBe('Mönchengladbach (NRW)')
    expect(canonicalCity('Mönchengladbach', [], renamed)).toBe('Mönchengladbach (NRW)')
    // Merging a city into itself changes nothing; a spelling of the same key takes the chosen one.
    expect(mergeCities(renamed, ['Mönchengladbach (NRW)'], 'Mönchengladbach (NRW)')).toEqual(renamed)
    expect(canonicalCity('Moenchengladbach', ['Moenchengladbach'], mergeCities({}, ['Moenchengladbach'], 'Mönchengladbach'))).toBe('Mönchengladbach')
    expect(groupByCity(['a@', 'b@Berlin', 'c@Leipzig', 'd@Berlin'], (x) => x.split('@')[1]!).map((g) => [g.city, g.items.length])).toEqual([
      ['Berlin', 2],
      ['Leipzig', 1],
      ['', 1],
    ])
  })
})

describe('a commitment’s status', () => {
  const event = (status: StatusEvent['status'], note = '', at = 1): StatusEvent => ({ at, status, note, by: 'owner', photo: null })

  it('is the last entry of its history, open without one; the last note is what was reported', () => {
    expect(currentStatus([])).toBe('open')
    expect(currentStatus([event('inProgress', 'started'), event('done')])).toBe('done')
    expect(lastNote([event('inProgress', 'started'), event('done')])).toBe('started')
    expect(cleanNote(' a\u0000b ')).toBe('ab')
    expect(cleanNote(5)).toBeNull()
  })

  it('is due within two weeks, overdue after its date, neither once done or dropped', () => {
    expect(dueState('2026-07-01', 'open', '2026-07-02')).toBe('overdue')
    expect(dueState('2026-07-10', 'inProgress', '2026-07-01')).toBe('due')
    expect(dueState('2026-09-10', 'open', '2026-07-01')).toBeNull()
    expect(dueState('2026-07-01', 'done', '2026-08-01')).toBeNull()
    expect(dueState('soon', 'open', '2026-08-01')).toBeNull()
  })
})

describe('carrying over into the next meeting', () => {
  const minutes = buildMinutes(makeFixtureDoc(), fixtureOptions())

  it('keeps the picked questions in the order of the last voting round, anonymous ones anonymous', () => {
    const plan = planCarryOver(minutes, 'fixture-board', { questions: ['shape:q-funding', 'shape:q-failed', 'shape:w-lanes'], ideas: [] }, new Map())
    // q-failed got 5 votes, q-funding 2; a card of another section is no question.
    expect(plan.questions.map((card) => [card.from.cardId, card.votes])).toEqual([
      ['shape:q-failed', 5],
      ['shape:q-funding', 2],
    ])
    expect(plan.questions[0]!.props).toMatchObject({ anonymous: true, authorName: '', authorCity: '' })
    expect(plan.questions[0]!.from.city).toBe('')
    expect(plan.questions[1]!.from).toEqual({ boardId: 'fixture-board', cardId: 'shape:q-funding', meeting: minutes.meeting.title, startsAt: '2026-06-12T14:00', city: 'Berlin' })
  })

  it('carries every commitment with its status, into the "Since last time" section', () => {
    const statuses = new Map([['shape:c-template', { id: 'c-1', status: 'done' as const, note: 'sent' }]])
    const plan = planCarryOver(minutes, 'fixture-board', { questions: [], ideas: [] }, statuses)
    expect(plan.sinceLastTime.map((card) => [card.props.text, card.props.owner, card.commitment])).toEqual([
      ['Share the funding template', 'Alice Adler', { id: 'c-1', status: 'done', note: 'sent' }],
    ])
    const layout = carryOverLayout(plan)
    expect(layout.sinceLastTime).not.toBeNull()
    expect(layout.cards[0]).toMatchObject({ parentId: layout.sinceLastTime!.id, meta: { commitmentId: 'c-1', commitmentStatus: { status: 'done', note: 'sent' } } })
  })
})
