/**
 * The series API against a real server: links enforced like a board's (manage, read, an owner link
 * per commitment, each against every series, board and commitment endpoint), meetings with the
 * minutes' facts, merging city spellings, planning the next meeting and following up commitments.
 */
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../server/storage/data-dir'
import type { CarryOverPlan } from '../../shared/series/carry-over'
import { carryOverLayout, readCommitmentStatusMeta } from '../../shared/series/carried-card'
import type { CommitmentView, SeriesView, StatusReportView } from '../../shared/series/series-view'
import { startTestServer, type TestServer } from '../helpers/server'
import { greyPng } from '../helpers/png'
import { waitFor } from '../helpers/wait'
import { connectAs, newBoard, putRecords, type Board } from '../server/roles-fixtures'
import { addMeeting, call, createSeries, meetingOne, recordOf, type CreatedSeries } from './series-fixtures'

let server: TestServer
let series: CreatedSeries
let other: CreatedSeries
let one: Board

beforeAll(async () => {
  server = await startTestServer()
  series = await createSeries(server)
  other = await createSeries(server, { title: 'Another series' })
  one = await meetingOne(server)
})
afterAll(() => server.close())

const json = async <T>(response: Response, status = 200): Promise<T> => {
  const body = await response.text()
  expect(response.status, body).toBe(status)
  return JSON.parse(body) as T
}

describe('series links', () => {
  it('are made once, as links to the series page with the token in the fragment', () => {
    expect(series.links.manage).toBe(`${server.url}/s/${series.id}#k=${series.tokens.manage}`)
    expect(series.links.read).toBe(`${server.url}/s/${series.id}#k=${series.tokens.read}`)
    expect(series.tokens.manage).not.toBe(series.tokens.read)
  })

  it('open the series for manage and read, and nothing for no link, a board link or another series link', async () => {
    expect((await json<SeriesView>(await call(server, series.tokens.manage, `/api/series/${series.id}`))).role).toBe('manage')
    const read = await json<SeriesView>(await call(server, series.tokens.read, `/api/series/${series.id}`))
    expect(read.role).toBe('read')
    expect(read.links).toBeNull()
    for (const token of [null, other.tokens.manage, other.tokens.read, one.tokens.facilitator]) {
      const response = await call(server, token, `/api/series/${series.id}`)
      expect(response.status).toBe(403)
      expect(((await response.json()) as { error: string }).error).toMatch(/valid link/)
    }
    const inAddress = await fetch(`${server.url}/api/series/${series.id}?k=${series.tokens.manage}`)
    expect(inAddress.status).toBe(403)
    expect(((await inAddress.json()) as { error: string }).error).toMatch(/Authorization: Bearer/)
    expect((await call(server, series.tokens.manage, '/api/series/not-a-series')).status).toBe(404)
  })

  it('open nothing of a board, and a read link nothing the manage link alone may do', async () => {
    for (const token of [series.tokens.manage, series.tokens.read]) {
      for (const [path, body] of [
        [`/api/boards/${one.id}`],
        [`/api/boards/${one.id}/series`],
        [`/api/boards/${one.id}/plan-next`, {}],
        [`/api/boards/${one.id}/minutes.md`],
        [`/api/boards/${one.id}/links/viewer/renew`, {}],
        [`/api/boards/${one.id}/close`, {}],
      ] as [string, unknown?][]) {
        expect((await call(server, token, path, body === undefined ? {} : { body })).status, path).toBe(403)
      }
    }
    for (const [path, body] of [
      [`/api/series/${series.id}/meetings`, { boardId: one.id, boardToken: one.tokens.facilitator }],
      [`/api/series/${series.id}/cities`, { cities: [] }],
      [`/api/series/${series.id}/links/read/renew`, {}],
      [`/api/series/${series.id}/commitments/AAAAAAAAAAAAAAAAAAAAAA/owner-link`, {}],
      [`/api/commitments/AAAAAAAAAAAAAAAAAAAAAA/status`, { status: 'done' }],
    ] as [string, unknown][]) {
      expect([403, 404], path).toContain((await call(server, series.tokens.read, path, { body })).status)
    }
  })

  it('refuse a series without a title or with malformed fields, with a message', async () => {
    for (const body of [{}, { title: '   ' }, { title: 'x', cities: 'Berlin' }, { title: 7 }]) {
      const response = await call(server, null, '/api/series', { body })
      expect(response.status).toBe(400)
      expect(((await response.json()) as { error: string }).error).not.toBe('')
    }
  })
})

describe('meetings of a series', () => {
  it('join only with the manage link and the board’s facilitator link, once', async () => {
    const board = await newBoard(server)
    const attempts: [string, string][] = [
      [series.tokens.read, board.tokens.facilitator],
      [series.tokens.manage, board.tokens.participant],
      [series.tokens.manage, board.tokens.viewer],
      [other.tokens.manage, board.tokens.facilitator],
    ]
    for (const [seriesToken, boardToken] of attempts) {
      const response = await call(server, seriesToken, `/api/series/${series.id}/meetings`, { body: { boardId: board.id, boardToken } })
      expect(response.status).toBe(403)
    }
    expect((await addMeeting(server, series, one)).status).toBe(201)
    expect((await addMeeting(server, other, one)).status).toBe(409)
    // The board's viewer link renewed: the series page has no link to it until it is added again.
    const renewed = await json<{ tokens: Board['tokens'] }>(await call(server, one.tokens.facilitator, `/api/boards/${one.id}/links/viewer/renew`, { body: {} }))
    expect((await json<SeriesView>(await call(server, series.tokens.read, `/api/series/${series.id}`))).meetings[0]!.link).toBeNull()
    expect((await addMeeting(server, series, one)).status).toBe(200)
    expect((await json<SeriesView>(await call(server, series.tokens.read, `/api/series/${series.id}`))).meetings[0]!.link).toBe(
      `${server.url}/b/${one.id}#k=${renewed.tokens.viewer}`,
    )
    one = { ...one, tokens: renewed.tokens }
  })

  it('are listed with date, place, cities and counts, and a board link by the series link', async () => {
    const manage = await json<SeriesView>(await call(server, series.tokens.manage, `/api/series/${series.id}`))
    const meeting = manage.meetings[0]!
    expect(meeting).toMatchObject({ boardId: one.id, title: 'Stadtlabor Berlin', startsAt: '2026-06-12T14:00', place: 'Tempelhofer Feld', total: 0, onsite: 0, remote: 0 })
    // The series spells the member city its way: "Moenchengladbach" counts as "Mönchengladbach".
    expect(meeting.cities).toEqual(['Berlin', 'Mönchengladbach'])
    expect(meeting.link).toBe(`${server.url}/b/${one.id}#k=${one.tokens.facilitator}`)
    const read = await json<SeriesView>(await call(server, series.tokens.read, `/api/series/${series.id}`))
    expect(read.meetings[0]!.link).toBe(`${server.url}/b/${one.id}#k=${one.tokens.viewer}`)
  })

  it('count spelling variants under one city once the facilitator merged them', async () => {
    expect((await call(server, series.tokens.read, `/api/series/${series.id}/cities`, { body: { merge: { variants: ['MG'], into: 'Mönchengladbach' } } })).status).toBe(403)
    const merged = await json<SeriesView>(
      await call(server, series.tokens.manage, `/api/series/${series.id}/cities`, { body: { merge: { variants: ['MG', 'M’gladbach'], into: 'Mönchengladbach' } } }),
    )
    expect(merged.aliases).toContainEqual({ variant: 'mg', city: 'Mönchengladbach' })
    const bad = await call(server, series.tokens.manage, `/api/series/${series.id}/cities`, { body: { merge: { variants: 'MG' } } })
    expect(bad.status).toBe(400)
  })
})

describe('planning the next meeting and following up commitments', () => {
  let plan: CarryOverPlan
  let two: { id: string; tokens: Board['tokens'] }
  let commitments: CommitmentView[]

  it('offers questions ranked by the last voting round and every commitment, to the board’s facilitator only', async () => {
    for (const role of ['participant', 'viewer', 'stage'] as const) {
      expect((await call(server, one.tokens[role], `/api/boards/${one.id}/series`)).status).toBe(403)
    }
    const offer = await json<{ series: { id: string }; candidates: { questions: { id: string; votes: number | null }[]; commitments: { id: string; status: string }[] } }>(
      await call(server, one.tokens.facilitator, `/api/boards/${one.id}/series`),
    )
    expect(offer.series.id).toBe(series.id)
    expect(offer.candidates.questions.map((q) => [q.id, q.votes])).toEqual([
      ['shape:q-streets', 2],
      ['shape:q-benches', 1],
      ['shape:q-secret', 0],
    ])
    expect(offer.candidates.commitments.map((c) => c.status)).toEqual(['open', 'open'])
  })

  it('creates the next board of the series with the picked questions, ideas and every commitment', async () => {
    const response = await call(server, one.tokens.facilitator, `/api/boards/${one.id}/plan-next`, {
      body: { questions: ['shape:q-secret', 'shape:q-streets', 'shape:unknown'], ideas: ['shape:i-library'], meeting: { title: 'Stadtlabor Wiesbaden', startsAt: '2026-09-10T10:00', place: 'Rathaus' } },
    })
    const created = await json<{ id: string; tokens: Board['tokens']; setup: { meeting: { title: string; cities: string[] }; carryOver: CarryOverPlan } }>(response, 201)
    two = created
    plan = created.setup.carryOver
    expect(created.setup.meeting).toMatchObject({ title: 'Stadtlabor Wiesbaden', cities: ['Berlin', 'Wiesbaden', 'Mönchengladbach'] })
    // Ranked by the round, whatever order they were picked in; an unknown id is no card.
    expect(plan.questions.map((q) => q.from.cardId)).toEqual(['shape:q-streets', 'shape:q-secret'])
    expect(plan.questions[0]!.from).toMatchObject({ boardId: one.id, meeting: 'Stadtlabor Berlin', startsAt: '2026-06-12T14:00', city: 'Wiesbaden' })
    // The anonymous question stays anonymous: no name, no city, not even where it came from.
    expect(plan.questions[1]!.props).toMatchObject({ anonymous: true, authorName: '', authorCity: '' })
    expect(plan.questions[1]!.from.city).toBe('')
    expect(plan.ideas.map((i) => i.props.text)).toEqual(['A shared tool library'])
    expect(plan.sinceLastTime.map((c) => [c.props.text, c.props.owner, c.commitment?.status])).toEqual([
      ['Send the permit template', 'Bea', 'open'],
      ['Organise a site visit', 'Dirk', 'open'],
    ])
    const view = await json<SeriesView>(await call(server, series.tokens.read, `/api/series/${series.id}`))
    expect(view.meetings.map((m) => m.boardId)).toEqual([one.id, two.id])
    // Planning is the series' facilitator's work: refused for other links of the board.
    expect((await call(server, one.tokens.participant, `/api/boards/${one.id}/plan-next`, { body: {} })).status).toBe(403)
    // A board in no series has nothing to plan from.
    const lone = await newBoard(server)
    expect((await call(server, lone.tokens.facilitator, `/api/boards/${lone.id}/plan-next`, { body: {} })).status).toBe(409)
  })

  it('gives each commitment an owner link that changes that commitment and nothing else', async () => {
    // Meeting two starts with its carried cards, laid out as the board page lays them out.
    const board2 = { id: two.id, tokens: two.tokens, server, url: '', links: {} as Board['links'] } as Board
    const client = await connectAs(board2, 'facilitator')
    const layout = carryOverLayout(plan)
    putRecords(client.doc, layout.cards.map((card) => ({ ...card, typeName: 'shape', rotation: 0, index: 'a1', isLocked: false, opacity: 1 })))
    commitments = await json<CommitmentView[]>(await call(server, series.tokens.manage, `/api/series/${series.id}/commitments`))
    // The carried cards are the same commitments, not new ones.
    expect(commitments.map((c) => [c.what, c.city, c.status])).toEqual([
      ['Send the permit template', 'Wiesbaden', 'open'],
      ['Organise a site visit', 'Mönchengladbach', 'open'],
    ])
    const [permit, visit] = commitments as [CommitmentView, CommitmentView]
    expect((await call(server, series.tokens.read, `/api/series/${series.id}/commitments/${permit.id}/owner-link`, { body: {} })).status).toBe(403)
    for (const path of [`/api/commitments/${permit.id}`, `/api/commitments/${permit.id}/status`, `/api/commitments/${permit.id}/photo`]) {
      const response = await call(server, series.tokens.read, path, path.endsWith(permit.id) ? {} : { body: { status: 'done' } })
      expect(response.status, path).toBe(403)
    }
    const owner = await json<{ url: string; token: string }>(
      await call(server, series.tokens.manage, `/api/series/${series.id}/commitments/${permit.id}/owner-link`, { body: {} }),
      201,
    )
    expect(owner.url).toBe(`${server.url}/c/${permit.id}#k=${owner.token}`)

    const mine = await json<{ commitment: CommitmentView }>(await call(server, owner.token, `/api/commitments/${permit.id}`))
    expect(mine.commitment.what).toBe('Send the permit template')
    const done = await json<CommitmentView>(
      await call(server, owner.token, `/api/commitments/${permit.id}/status`, { body: { status: 'done', note: 'Sent to all three cities' } }),
    )
    expect(done.status).toBe('done')
    expect(done.history).toEqual([expect.objectContaining({ status: 'done', note: 'Sent to all three cities', by: 'owner' })])

    // Everything else refuses the owner link.
    const refused: [string, unknown?][] = [
      [`/api/commitments/${visit.id}`],
      [`/api/commitments/${visit.id}/status`, { status: 'done' }],
      [`/api/series/${series.id}`],
      [`/api/series/${series.id}/commitments`],
      [`/api/series/${series.id}/commitments/${permit.id}/owner-link`, {}],
      [`/api/series/${series.id}/meetings`, { boardId: one.id, boardToken: one.tokens.facilitator }],
      [`/api/series/${series.id}/cities`, { cities: [] }],
      [`/api/series/${series.id}/search?q=template`],
      [`/api/series/${series.id}/learning-note.md`],
      [`/api/boards/${one.id}`],
      [`/api/boards/${one.id}/series`],
      [`/api/boards/${one.id}/plan-next`, {}],
      [`/api/boards/${one.id}/minutes.md`],
    ]
    for (const [path, body] of refused) {
      const response = await call(server, owner.token, path, body === undefined ? {} : { body })
      expect(response.status, path).toBe(403)
    }
    expect(await visitStatus()).toBe('open')

    // Meeting two's carried card shows the new status as soon as the owner reported it.
    const carried = layout.cards.find((card) => card.props.text === 'Send the permit template')!
    await waitFor(() => readCommitmentStatusMeta((recordOf(client.doc, carried.id)?.meta ?? {}) as Record<string, unknown>)?.status === 'done', {
      message: 'the carried commitment to show done',
    })
    expect(readCommitmentStatusMeta(recordOf(client.doc, carried.id)!.meta as Record<string, unknown>)!.note).toBe('Sent to all three cities')
    client.destroy()
  })

  it('keeps a dated history, and refuses bad statuses and notes with a message', async () => {
    const [permit] = commitments as [CommitmentView]
    for (const body of [{ status: 'finished' }, { status: 'done', note: 42 }, {}]) {
      const response = await call(server, series.tokens.manage, `/api/commitments/${permit.id}/status`, { body })
      expect(response.status).toBe(400)
    }
    const reopened = await json<CommitmentView>(
      await call(server, series.tokens.manage, `/api/commitments/${permit.id}/status`, { body: { status: 'inProgress', note: 'x'.repeat(900) } }),
    )
    expect(reopened.history.map((event) => [event.status, event.by, event.note.length])).toEqual([
      ['done', 'owner', 24],
      ['inProgress', 'facilitator', 500],
    ])
    expect(reopened.history[1]!.at).toBeGreaterThanOrEqual(reopened.history[0]!.at)
    // A new owner link replaces the old one.
    const first = await json<{ token: string }>(await call(server, series.tokens.manage, `/api/series/${series.id}/commitments/${permit.id}/owner-link`, { body: {} }), 201)
    await json(await call(server, series.tokens.manage, `/api/series/${series.id}/commitments/${permit.id}/owner-link`, { body: {} }), 201)
    expect((await call(server, first.token, `/api/commitments/${permit.id}`)).status).toBe(403)
  })

  it('stores a report sent again with its Idempotency-Key once, and refuses the key for another report', async () => {
    const [, visit] = commitments as [CommitmentView, CommitmentView]
    const report = (body: unknown, key: string) =>
      fetch(`${server.url}/api/commitments/${visit.id}/status`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${series.tokens.manage}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify(body),
      })
    const first = await json<StatusReportView>(await report({ status: 'inProgress', note: 'Termin steht' }, 'visit-report-1'))
    // Meeting two's carried card is on this server, and shows it now.
    expect(first.boards).toEqual({ shown: 2, pending: 0 })
    // The answer was lost and the phone sends it again: the same history, the same answer.
    const again = await json<StatusReportView>(await report({ status: 'inProgress', note: 'Termin steht' }, 'visit-report-1'))
    expect(again.history).toEqual(first.history)
    expect(again.history.filter((event) => event.note === 'Termin steht')).toHaveLength(1)
    const reused = await report({ status: 'done', note: '' }, 'visit-report-1')
    expect(reused.status).toBe(422)
    expect(((await reused.json()) as { error: string }).error).toMatch(/Idempotency-Key/)
    for (const key of ['', 'x'.repeat(65), 'not a key!']) expect((await report({ status: 'done' }, key)).status, key).toBe(400)
    expect(await visitStatus()).toBe('inProgress')
  })

  it('takes a photo with a report, stored with the board’s files, and nothing that is not a photo of this commitment', async () => {
    const [permit, visit] = commitments as [CommitmentView, CommitmentView]
    const upload = (id: string, body: Buffer | string, type: string) =>
      fetch(`${server.url}/api/commitments/${id}/photo`, { method: 'POST', headers: { Authorization: `Bearer ${series.tokens.manage}`, 'Content-Type': type }, body: typeof body === 'string' ? body : new Uint8Array(body) })
    const uploaded = await json<{ photo: string }>(await upload(permit.id, Buffer.from(greyPng(4, 3)), 'image/png'), 201)
    expect(uploaded.photo).toMatch(new RegExp(`^/api/boards/${one.id}/assets/[A-Za-z0-9_-]{22}$`))
    const served = await fetch(`${server.url}${uploaded.photo}`)
    expect(Buffer.from(await served.arrayBuffer()).subarray(1, 4).toString('latin1')).toBe('PNG')
    // An HTML page sent as a photo, or a video, is refused and stores nothing.
    expect((await upload(permit.id, '<html><script>alert(1)</script>', 'image/png')).status).toBe(415)
    expect((await upload(permit.id, 'x', 'video/mp4')).status).toBe(415)
    const report = (photo: unknown, id = permit.id) => call(server, series.tokens.manage, `/api/commitments/${id}/status`, { body: { status: 'done', photo } })
    const done = await json<CommitmentView>(await report(uploaded.photo))
    expect(done.history.at(-1)!.photo).toBe(uploaded.photo)
    for (const photo of ['https://elsewhere.example/x.png', `/api/boards/${one.id}/assets/AAAAAAAAAAAAAAAAAAAAAA`, 42]) {
      expect((await report(photo)).status).toBe(400)
    }
    // The other commitment's board is the same here, but a photo is only taken as a file of its own board.
    expect((await report(uploaded.photo, visit.id)).status).toBe(200)
  })

  it('forgets a deleted meeting’s board everywhere in the series’ tables', async () => {
    expect((await call(server, two.tokens.facilitator, `/api/boards/${two.id}`, { method: 'DELETE', body: { confirm: two.id } })).status).toBe(200)
    const view = await json<SeriesView>(await call(server, series.tokens.read, `/api/series/${series.id}`))
    expect(view.meetings.map((m) => m.boardId)).toEqual([one.id])
    const db = new Database(path.join(server.dataDir, DATABASE_FILE), { readonly: true })
    try {
      for (const table of ['series_meetings', 'commitments', 'card_index', 'card_index_state']) {
        expect(db.prepare(`SELECT count(*) AS n FROM ${table} WHERE board_id = ?`).get(two.id), table).toEqual({ n: 0 })
      }
    } finally {
      db.close()
    }
  })

  it('renews a series link: the old one stops at once, the meetings’ links, owner links and planning keep working', async () => {
    expect((await call(server, series.tokens.read, `/api/series/${series.id}/links/read/renew`, { body: {} })).status).toBe(403)
    expect((await call(server, series.tokens.manage, `/api/series/${series.id}/links/stage/renew`, { body: {} })).status).toBe(404)
    const read = await json<{ tokens: CreatedSeries['tokens'] }>(await call(server, series.tokens.manage, `/api/series/${series.id}/links/read/renew`, { body: {} }))
    expect((await call(server, series.tokens.read, `/api/series/${series.id}`)).status).toBe(403)
    const viaRead = await json<SeriesView>(await call(server, read.tokens.read, `/api/series/${series.id}`))
    expect(viaRead.meetings[0]!.link).toBe(`${server.url}/b/${one.id}#k=${one.tokens.viewer}`)

    const manage = await json<{ tokens: CreatedSeries['tokens'] }>(await call(server, series.tokens.manage, `/api/series/${series.id}/links/manage/renew`, { body: {} }))
    expect(manage.tokens.read).toBe(read.tokens.read)
    expect((await call(server, series.tokens.manage, `/api/series/${series.id}`)).status).toBe(403)
    const listed = await json<CommitmentView[]>(await call(server, manage.tokens.manage, `/api/series/${series.id}/commitments`))
    expect(listed.find((c) => c.what === 'Send the permit template')!.ownerLink).toMatch(/\/c\/[A-Za-z0-9_-]{22}#k=/)
    const offer = await json<{ series: { links: { manage: string } } }>(await call(server, one.tokens.facilitator, `/api/boards/${one.id}/series`))
    expect(offer.series.links.manage).toBe(`${server.url}/s/${series.id}#k=${manage.tokens.manage}`)
    series = { ...series, tokens: manage.tokens }
  })

  async function visitStatus(): Promise<string> {
    const all = await json<CommitmentView[]>(await call(server, series.tokens.read, `/api/series/${series.id}/commitments`))
    return all.find((c) => c.what === 'Organise a site visit')!.status
  }
})
