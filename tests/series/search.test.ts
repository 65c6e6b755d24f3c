/**
 * Search across a series' meetings against a real server: German compounds and inflected forms
 * found through the trigram index, results only from the series the link belongs to, anonymity and
 * `names=0` kept, and whatever people type answered with results or a message, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchResultView } from '../../shared/series/series-view'
import { startTestServer, type TestServer } from '../helpers/server'
import { connectAs, putRecords, type Board } from '../server/roles-fixtures'
import { parseSearchQuery } from '../../server/features/series/search-query'
import { addMeeting, call, createSeries, meetingOne, type CreatedSeries } from './series-fixtures'

let server: TestServer
let series: CreatedSeries
let elsewhere: CreatedSeries
let one: Board
let foreign: Board

beforeAll(async () => {
  server = await startTestServer()
  series = await createSeries(server)
  elsewhere = await createSeries(server, { title: 'Another series' })
  one = await meetingOne(server)
  foreign = await meetingOne(server)
  await addMeeting(server, series, one)
  await addMeeting(server, elsewhere, foreign)
})
afterAll(() => server.close())

async function search(token: string, q: string, extra = ''): Promise<{ status: number; body: { results?: SearchResultView[]; error?: string } }> {
  const response = await call(server, token, `/api/series/${series.id}/search?q=${encodeURIComponent(q)}${extra}`)
  return { status: response.status, body: (await response.json()) as { results?: SearchResultView[]; error?: string } }
}

const texts = (results: SearchResultView[] | undefined) => (results ?? []).map((result) => result.text)

describe('search across a series', () => {
  it('finds German compounds and inflected forms by their stem, without accents or with ss for ß', async () => {
    for (const q of ['Straßenexperiment', 'strassenexperimente', 'experiment', 'STRASSEN', 'genehmig']) {
      const { status, body } = await search(series.tokens.read, q)
      expect(status, q).toBe(200)
      expect(texts(body.results), q).toEqual(['Wie habt ihr die Straßenexperimente genehmigt bekommen?'])
    }
    expect(texts((await search(series.tokens.read, 'Bergmannstrasse parklets')).body.results)).toEqual(['Parklets in der Bergmannstraße'])
    expect(texts((await search(series.tokens.read, 'tram')).body.results)).toEqual([])
  })

  it('answers only from the series of the link, linking to the card on its board', async () => {
    const { body } = await search(series.tokens.read, 'benches')
    expect(body.results).toHaveLength(1)
    const [hit] = body.results!
    expect(hit).toMatchObject({ boardId: one.id, cardId: 'shape:q-benches', meeting: 'Stadtlabor Berlin', sectionKind: 'questions', author: 'Ada', city: 'Berlin' })
    expect(hit!.link).toBe(`${server.url}/b/${one.id}#k=${one.tokens.viewer}&card=shape%3Aq-benches`)
    // The other series has the same card on its own board; its link finds that one only.
    const theirs = await call(server, elsewhere.tokens.read, `/api/series/${elsewhere.id}/search?q=benches`)
    expect(((await theirs.json()) as { results: SearchResultView[] }).results.map((r) => r.boardId)).toEqual([foreign.id])
    // Its link opens nothing here; nor does a board's link.
    for (const token of [elsewhere.tokens.read, elsewhere.tokens.manage, one.tokens.facilitator]) {
      expect((await search(token, 'benches')).status).toBe(403)
    }
  })

  it('keeps anonymous cards anonymous and leaves names out with names=0', async () => {
    const [secret] = (await search(series.tokens.manage, 'really cost')).body.results!
    expect(secret).toMatchObject({ text: 'What did it really cost?', anonymous: true, author: null, city: null })
    const [street] = (await search(series.tokens.read, 'experiment', '&names=0')).body.results!
    expect(street).toMatchObject({ author: null, city: 'Wiesbaden' })
    expect((await search(series.tokens.read, 'experiment', '&names=yes')).status).toBe(400)
  })

  it('shows no name once the facilitator removed the names from a board', async () => {
    const before = (await call(server, elsewhere.tokens.read, `/api/series/${elsewhere.id}/search?q=benches`).then((r) => r.json())) as { results: SearchResultView[] }
    expect(before.results[0]!.author).toBe('Ada')
    const removed = await call(server, foreign.tokens.facilitator, `/api/boards/${foreign.id}/remove-names`, { body: { confirm: foreign.id } })
    expect(removed.status, await removed.clone().text()).toBe(200)
    const after = (await call(server, elsewhere.tokens.read, `/api/series/${elsewhere.id}/search?q=benches`).then((r) => r.json())) as { results: SearchResultView[] }
    expect(after.results.map((r) => [r.text, r.author])).toEqual([['Who maintains the benches?', '']])
  })

  it('finds a card written after the last search', async () => {
    const writer = await connectAs(one, 'facilitator')
    putRecords(writer.doc, [
      { id: 'shape:late', typeName: 'shape', type: 'gb-card', parentId: 'shape:ideas', x: 24, y: 244, rotation: 0, index: 'a2', isLocked: false, opacity: 1, props: { w: 280, h: 180, text: 'Verkehrsversuche im Winter', kind: 'note', authorName: '', authorCity: '', anonymous: true, createdAt: 5, owner: '', ownerCity: '', due: '' }, meta: {} } as { id: string },
    ])
    await expect.poll(async () => texts((await search(series.tokens.read, 'verkehrsversuch')).body.results)).toEqual(['Verkehrsversuche im Winter'])
    writer.destroy()
  })

  it('answers whatever people type with results or a clear message, never a server error', async () => {
    const hostile = ['"', '""', '"street', '*', 'exp*', 'NEAR', 'NEAR(benches maintains)', '-', '- benches', 'benches OR', 'AND', '^benches', 'folded:benches', 'series_id:x', '(', ')', "'; DROP TABLE series; --", '\u0000benches', 'a'.repeat(10_000), '🙂🙂🙂', '   ']
    for (const q of hostile) {
      const { status, body } = await search(series.tokens.read, q)
      expect([200, 400], JSON.stringify(q.slice(0, 40))).toContain(status)
      if (status === 400) expect(body.error).toMatch(/at least 3 letters|at most 200 characters/)
      else expect(Array.isArray(body.results)).toBe(true)
    }
    // NEAR is a word like any other: no card has it.
    expect(texts((await search(series.tokens.read, 'NEAR(benches maintains)')).body.results)).toEqual([])
    expect(texts((await search(series.tokens.read, '(benches* -maintains)')).body.results)).toEqual(['Who maintains the benches?'])
    expect(texts((await search(series.tokens.read, '"maintains the benches"')).body.results)).toEqual(['Who maintains the benches?'])
    expect((await search(series.tokens.read, 'a'.repeat(10_000))).body.error).toBe('search for at most 200 characters (this was 10000)')
  })
})

describe('the search query', () => {
  it('keeps words and quoted phrases and nothing of FTS5’s syntax', () => {
    expect(parseSearchQuery('NEAR("Straßen Experiment" -x*)')).toEqual({ ok: true, terms: ['near', 'strassen experiment'] })
    expect(parseSearchQuery('ab - *')).toEqual({ ok: false, message: 'type a word of at least 3 letters' })
  })
})
