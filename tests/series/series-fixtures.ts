/**
 * A meeting of a series through the real server: a board with a question map written by a real
 * facilitator provider (questions, ideas, commitments, an anonymous card), a revealed voting round
 * with the facilitator's own dots, and helpers for the series API.
 */
import { execFile } from 'node:child_process'
import { CARD_SHAPE_TYPE, newCardProps } from '../../shared/model/card'
import { writeMeeting } from '../../shared/model/meeting'
import { placeDot, revealRound, startRound } from '../../shared/model/voting'
import { recordOf, putRecords, sectionRecord, PAGE_ID, connectAs, newBoard, voterIdOf, type Board } from '../server/roles-fixtures'
import { REPO_ROOT, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'

export interface CreatedSeries {
  id: string
  links: { manage: string; read: string }
  tokens: { manage: string; read: string }
}

/** `fetch` with a Bearer token (none for null), JSON bodies sent as JSON. */
export function call(server: TestServer, token: string | null, path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  const headers = new Headers()
  if (token) headers.set('Authorization', `Bearer ${token}`)
  if (init.body !== undefined) headers.set('Content-Type', 'application/json')
  return fetch(`${server.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  })
}

export async function createSeries(server: TestServer, body: unknown = { title: 'Stadtlabor2Go', purpose: 'Learn from each other', cities: ['Berlin', 'Wiesbaden', 'Mönchengladbach'] }): Promise<CreatedSeries> {
  const response = await call(server, null, '/api/series', { body })
  if (response.status !== 201) throw new Error(`POST /api/series answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as CreatedSeries
}

export async function addMeeting(server: TestServer, series: CreatedSeries, board: Board): Promise<Response> {
  return call(server, series.tokens.manage, `/api/series/${series.id}/meetings`, {
    body: { boardId: board.id, boardToken: board.tokens.facilitator },
  })
}

/** A card record of a question map (`props` as `newCardProps` takes them, with a commitment's owner, city and date). */
export function card(id: string, parentId: string, y: number, props: Parameters<typeof newCardProps>[0] & { owner?: string; ownerCity?: string; due?: string }) {
  const { owner = '', ownerCity = '', due = '', ...input } = props
  return {
    id,
    typeName: 'shape',
    type: CARD_SHAPE_TYPE,
    parentId,
    x: 24,
    y,
    rotation: 0,
    index: 'a1',
    isLocked: false,
    opacity: 1,
    props: { ...newCardProps(input), owner, ownerCity, due },
    meta: {},
  }
}

export const MEETING_ONE = {
  title: 'Stadtlabor Berlin',
  startsAt: '2026-06-12T14:00',
  place: 'Tempelhofer Feld',
  cities: ['Berlin', 'Moenchengladbach'],
}

/**
 * Meeting one: three questions (the street experiments one gets 2 dots, the benches one 1), an
 * anonymous question, an idea, and two commitments (Wiesbaden, Mönchengladbach typed as "Moenchengladbach").
 */
export async function meetingOne(server: TestServer): Promise<Board> {
  const board = await newBoard(server)
  const key = 'facilitator-voter-key-0000001'
  const client = await connectAs(board, 'facilitator', key)
  const voterId = await voterIdOf(board, key)
  const note = (text: string, authorName = 'Ada', authorCity = 'Berlin', anonymous = false) =>
    ({ text, kind: 'note' as const, authorName, authorCity, anonymous, createdAt: Date.UTC(2026, 5, 12, 12) })
  writeMeeting(client.doc, MEETING_ONE)
  putRecords(client.doc, [
    { id: PAGE_ID, typeName: 'page', name: 'Page 1', index: 'a1', meta: {} } as { id: string },
    sectionRecord('shape:questions', 'questions', 0),
    sectionRecord('shape:ideas', 'ideas', 1000),
    sectionRecord('shape:commitments', 'commitments', 2000),
    sectionRecord('shape:worked', 'worked', 3000),
    card('shape:q-benches', 'shape:questions', 24, note('Who maintains the benches?')),
    card('shape:q-streets', 'shape:questions', 244, note('Wie habt ihr die Straßenexperimente genehmigt bekommen?', 'Bea', 'Wiesbaden')),
    card('shape:q-secret', 'shape:questions', 464, note('What did it really cost?', '', '', true)),
    card('shape:i-library', 'shape:ideas', 24, note('A shared tool library')),
    card('shape:w-parklet', 'shape:worked', 24, note('Parklets in der Bergmannstraße', 'Cem', 'Berlin')),
    card('shape:c-report', 'shape:commitments', 24, { ...note('Send the permit template'), kind: 'commitment', owner: 'Bea', ownerCity: 'Wiesbaden', due: '2026-07-01' }),
    card('shape:c-visit', 'shape:commitments', 244, { ...note('Organise a site visit'), kind: 'commitment', owner: 'Dirk', ownerCity: 'Moenchengladbach', due: '2026-09-30' }),
  ])
  const round = startRound(client.doc, { id: 'r1', sections: ['shape:questions'], dots: 3, hidden: false }, 1)
  placeDot(client.doc, round, voterId, 'shape:q-streets', () => 0)
  placeDot(client.doc, round, voterId, 'shape:q-streets', () => 0.5)
  placeDot(client.doc, round, voterId, 'shape:q-benches', () => 0.9)
  revealRound(client.doc, 'r1', Date.UTC(2026, 5, 12, 13))
  await waitFor(async () => {
    const response = await call(server, board.tokens.facilitator, `/api/boards/${board.id}/minutes.json`)
    const minutes = (await response.json()) as { votesRevealedAt: string | null; sections: unknown[] }
    return minutes.votesRevealedAt !== null && minutes.sections.length === 4
  }, { message: 'meeting one to be stored' })
  client.destroy()
  return board
}

/** `npm run export -- …` (the compiled script) with `env` added to this process's environment. */
export function runExport(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['dist/server/export.js', ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr: stderr.toString('utf8') }),
    )
  })
}

export { recordOf }
