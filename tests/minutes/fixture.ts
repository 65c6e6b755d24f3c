/**
 * A meeting board made through the real document model (Y.Doc, record log, meeting and participants
 * maps): three named sections and one unnamed, a cluster, votes, an anonymous card, a commitment,
 * a card outside every section and a card whose text tries every trick against every format.
 */
import * as Y from 'yjs'
import { CARD_SHAPE_TYPE, newCardProps, type CardProps } from '../../shared/model/card'
import { CLUSTER_META_KEY } from '../../shared/model/cluster'
import { writeMeeting } from '../../shared/model/meeting'
import { recordParticipant } from '../../shared/model/participant'
import { RecordLog } from '../../shared/model/record-log'
import { SECTION_META_KEY, type SectionKind } from '../../shared/model/sections'
import type { MinutesOptions, NamedSnapshot, VoteRound } from '../../shared/minutes/types'

export const HOSTILE_TEXT = [
  '<script>alert("x")</script> | not | a | table',
  '# Heading? *bold* _under_ [link](javascript:alert(1)) ![img](http://x/y.png) `code` ~~gone~~ &lt;b&gt;',
  '- a list item',
  '1. a numbered item',
  '> a quote',
  '===',
  '=SUM(A1:A9), "quoted"',
  '<img src=x onerror=alert(1)>',
].join('\n')

const PAGE_ID = 'page:page'
const T0 = Date.UTC(2026, 5, 12, 12, 0) // 12 June 2026, 14:00 in Berlin

interface ShapeInput {
  id: string
  type: string
  parentId?: string
  x: number
  y: number
  props: Record<string, unknown>
  meta?: Record<string, unknown>
}

function shape({ id, type, parentId = PAGE_ID, x, y, props, meta = {} }: ShapeInput) {
  return { id, typeName: 'shape', type, parentId, x, y, rotation: 0, index: 'a1', isLocked: false, opacity: 1, props, meta }
}

function frame(id: string, kind: SectionKind | null, name: string, x: number, y: number, extra: Partial<ShapeInput> = {}) {
  const meta = kind ? { [SECTION_META_KEY]: kind } : {}
  return shape({ id, type: 'frame', x, y, props: { w: 900, h: 700, name }, meta, ...extra })
}

function card(id: string, parentId: string, x: number, y: number, props: Partial<CardProps> & { text: string }) {
  const base = newCardProps({
    text: props.text,
    kind: props.kind ?? 'note',
    authorName: props.authorName ?? '',
    authorCity: props.authorCity ?? '',
    anonymous: props.anonymous ?? false,
    createdAt: props.createdAt ?? T0,
  })
  return shape({ id, type: CARD_SHAPE_TYPE, parentId, x, y, props: { ...base, ...props, text: base.text } })
}

/** The fixture's votes: the question round, revealed at 15:00 Berlin time. */
export const FIXTURE_VOTES: VoteRound = {
  revealedAt: T0 + 60 * 60_000,
  counts: { 'shape:q-funding': 2, 'shape:q-failed': 5, 'shape:q-hostile': 0 },
}

export const FIXTURE_SNAPSHOTS: NamedSnapshot[] = [
  { name: 'After the question round', at: T0 + 65 * 60_000, author: 'Alice Adler' },
  { name: 'Start', at: T0 + 5 * 60_000, author: 'Alice Adler' },
]

/** Options that make the fixture's minutes fully deterministic. */
export function fixtureOptions(overrides: Partial<MinutesOptions> = {}): MinutesOptions {
  return {
    lang: 'en',
    timeZone: 'Europe/Berlin',
    now: T0 + 5 * 60 * 60_000,
    boardId: 'fixture-board',
    votes: FIXTURE_VOTES,
    snapshots: FIXTURE_SNAPSHOTS,
    ...overrides,
  }
}

/**
 * Writes the fixture's attendance into `doc`. On a test server only the server writes it: write it
 * into the stored board (tests/helpers/stored-board.ts), as a board from before would have it.
 */
export function writeFixtureAttendance(doc: Y.Doc): void {
  recordParticipant(doc, 'user-alice', { name: 'Alice Adler', whereabouts: 'onsite', city: 'Berlin' }, 'facilitator', T0)
  recordParticipant(doc, 'user-bob', { name: 'Bob Brandt', whereabouts: 'remote', city: 'Leipzig' }, 'participant', T0 + 1000)
  recordParticipant(doc, 'user-chloe', { name: 'Chloé Martin', whereabouts: 'onsite', city: 'Berlin' }, 'participant', T0 + 2000)
  recordParticipant(doc, 'user-emil', { name: 'Emil Ek', whereabouts: 'remote', city: 'Hamburg' }, 'participant', T0 + 3000)
  recordParticipant(doc, 'user-dora', { name: 'Dora <b>Dietz</b>', whereabouts: 'remote', city: '' }, 'viewer', T0 + 4000)
}

/** Writes the fixture meeting (all but the attendance) into `doc`: a fresh doc, or a board's doc on a test server. */
export function writeFixtureBoard(doc: Y.Doc): void {
  writeMeeting(doc, {
    title: 'Street lab exchange Berlin–Leipzig',
    purpose: 'Learn from each other what makes a street lab work, including what failed.',
    startsAt: '2026-06-12T14:00',
    place: 'Park am Gleisdreieck, Berlin',
    cities: ['Berlin', 'Leipzig'],
    archivedAt: null,
  })

  const log = new RecordLog<{ id: string } & Record<string, unknown>>(doc)
  log.put([
    { id: PAGE_ID, typeName: 'page', name: 'Page 1', index: 'a1', meta: {} },
    frame('shape:questions', 'questions', '', 0, 0),
    frame('shape:worked', 'worked', 'What worked | really', 1000, 0),
    frame('shape:commitments', 'commitments', '', 500, 900),
    frame('shape:custom', 'custom', '', 2000, 0),
    // A cluster inside the questions section, below the loose cards.
    frame('shape:cluster-money', null, 'Money & <time>', 20, 400, {
      parentId: 'shape:questions',
      meta: { [CLUSTER_META_KEY]: true },
      props: { w: 600, h: 250, name: 'Money & <time>' },
    }),
    card('shape:q-funding', 'shape:questions', 20, 40, { text: 'How do you fund a street lab?', authorName: 'Alice Adler', authorCity: 'Berlin' }),
    card('shape:q-failed', 'shape:questions', 320, 40, { text: 'What failed first?', anonymous: true }),
    card('shape:q-hostile', 'shape:questions', 620, 40, { text: HOSTILE_TEXT, authorName: 'Bob Brandt', authorCity: 'Leipzig' }),
    card('shape:q-budget', 'shape:cluster-money', 20, 40, { text: '+49 benches: who pays?', authorName: 'Chloé Martin', authorCity: 'Berlin' }),
    card('shape:q-hours', 'shape:cluster-money', 320, 40, { text: '-1 hours of overtime?', authorName: 'Emil Ek', authorCity: 'Hamburg' }),
    card('shape:w-lanes', 'shape:worked', 20, 40, { text: 'Pop-up bike lanes,\nover one weekend', authorName: 'Chloé Martin', authorCity: 'Berlin' }),
    card('shape:c-template', 'shape:commitments', 20, 40, {
      text: 'Share the funding template',
      kind: 'commitment',
      authorName: 'Alice Adler',
      authorCity: 'Berlin',
      owner: 'Alice Adler',
      ownerCity: 'Berlin',
      due: '2026-07-01',
    }),
    card('shape:custom-formula', 'shape:custom', 20, 40, { text: '=1+1 is not a formula here', authorName: 'Emil Ek', authorCity: 'Hamburg' }),
    card('shape:loose', PAGE_ID, 3000, 2000, { text: '@everyone bring chairs', authorName: 'Bob Brandt', authorCity: 'Leipzig' }),
  ])
  log.dispose()
}

export function makeFixtureDoc(): Y.Doc {
  const doc = new Y.Doc()
  writeFixtureAttendance(doc)
  writeFixtureBoard(doc)
  return doc
}
