import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  countByWhereabouts,
  presentParticipants,
  readParticipants,
  recordParticipant,
} from '../../shared/model/participant'
import { AWARENESS_FIELDS } from '../../shared/model/awareness'

const state = (userId: string, name: string, whereabouts: 'onsite' | 'remote', city: string) => ({
  [AWARENESS_FIELDS.profile]: { userId, name, whereabouts, city },
  presence: { cursor: { x: 0, y: 0 } },
})

describe('who is here now', () => {
  it('counts each person once, however many tabs or phones they have open', () => {
    const states = new Map<number, Record<string, unknown>>([
      [30, state('u-ben', 'Ben', 'remote', 'Dresden')],
      [10, state('u-ana', 'Ana', 'onsite', 'Leipzig')],
      [20, state('u-ana', 'Ana', 'onsite', 'Leipzig')],
      [40, { presence: {} }], // has not joined yet
      [50, { [AWARENESS_FIELDS.profile]: { userId: 'x', name: 'Broken', whereabouts: 'moon', city: '' } }],
    ])
    const people = presentParticipants(states)
    expect(people.map((p) => [p.name, p.clientIds])).toEqual([
      ['Ana', [10, 20]],
      ['Ben', [30]],
    ])
    expect(countByWhereabouts(people)).toEqual({ onsite: 1, remote: 1 })
  })
})

describe('who took part', () => {
  it('keeps the first join time and follows profile changes', () => {
    const doc = new Y.Doc()
    recordParticipant(doc, 'u-ana', { name: 'Ana', whereabouts: 'remote', city: 'Leipzig' }, 'participant', 100)
    recordParticipant(doc, 'u-ana', { name: 'Ana', whereabouts: 'onsite', city: 'Leipzig' }, 'participant', 200)
    recordParticipant(doc, 'u-ben', { name: 'Ben', whereabouts: 'remote', city: 'Dresden' }, 'facilitator', 150)
    expect(readParticipants(doc)).toEqual([
      { userId: 'u-ana', name: 'Ana', whereabouts: 'onsite', city: 'Leipzig', role: 'participant', joinedAt: 100 },
      { userId: 'u-ben', name: 'Ben', whereabouts: 'remote', city: 'Dresden', role: 'facilitator', joinedAt: 150 },
    ])
  })
})
