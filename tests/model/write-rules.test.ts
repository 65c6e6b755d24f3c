import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BOARD_MAP } from '../../shared/model/board-meta'
import { BOARD_LOCK, LOCKS_MAP, setLock } from '../../shared/model/locks'
import { MEETING_MAP, writeMeeting } from '../../shared/model/meeting'
import { PARTICIPANTS_MAP, type Role } from '../../shared/model/participant'
import { RECORDS_ARRAY } from '../../shared/model/record-log'
import { SNAPSHOTS_MAP } from '../../shared/model/snapshots'
import { STAGE_MAP } from '../../shared/model/stage'
import { TIMER_MAP } from '../../shared/model/timer'
import { VOTES_MAP, VOTING_MAP, parseVoteKey, type VotingRound } from '../../shared/model/voting'
import { readWriteRules } from '../../shared/rules/doc-rules'
import { documentBlock, dotBlock, dotCardBlock, dotCounts, partBlock, trustOf, writeBlock } from '../../shared/rules/write-rules'

const lock = { by: 'Fran', at: 1 }

/** What each role may do in section `shape:a` (locked or not) and `shape:b` of `doc`. */
function verdicts(doc: Y.Doc) {
  const rules = readWriteRules(doc)
  const roles: Role[] = ['facilitator', 'participant', 'viewer']
  return Object.fromEntries(
    roles.map((role) => [role, [writeBlock(rules, role, 'shape:a'), writeBlock(rules, role, 'shape:b'), writeBlock(rules, role, null), documentBlock(rules, role)]]),
  )
}

describe('who may change the board, as the server decides it', () => {
  it('lets facilitators and participants write an open board, viewers nothing', () => {
    expect(verdicts(new Y.Doc())).toEqual({
      facilitator: [null, null, null, null],
      participant: [null, null, null, null],
      viewer: ['read-only', 'read-only', 'read-only', 'read-only'],
    })
  })

  it('keeps participants out of a locked section only', () => {
    const doc = new Y.Doc()
    setLock(doc, 'shape:a', lock)
    expect(verdicts(doc)).toMatchObject({ facilitator: [null, null, null, null], participant: ['locked-section', null, null, null] })
  })

  it('keeps participants out of all content on a locked board, but not out of the document', () => {
    const doc = new Y.Doc()
    setLock(doc, BOARD_LOCK, lock)
    expect(verdicts(doc)).toMatchObject({
      facilitator: [null, null, null, null],
      participant: ['locked-board', 'locked-board', 'locked-board', null],
    })
  })

  it('leaves a closed meeting to the facilitator', () => {
    const doc = new Y.Doc()
    writeMeeting(doc, { archivedAt: 1 })
    setLock(doc, 'shape:a', lock)
    expect(verdicts(doc)).toMatchObject({
      facilitator: [null, null, null, null],
      participant: ['archived', 'archived', 'archived', 'archived'],
      viewer: ['read-only', 'read-only', 'read-only', 'read-only'],
    })
  })
})

describe('who writes which part of the document', () => {
  const roles = ['facilitator', 'editor', 'participant', 'viewer', 'stage', 'somebody']
  const verdictsFor = (part: string, keyed: boolean) => Object.fromEntries(roles.map((role) => [role, partBlock(part, keyed, role)]))

  it('trusts the facilitator (and the open default role) fully, participants with content, any other role with nothing', () => {
    expect(roles.map(trustOf)).toEqual(['full', 'full', 'content', 'none', 'none', 'none'])
  })

  it('keeps the server’s parts (attendance, the snapshot index) to the server, for every role', () => {
    for (const part of [PARTICIPANTS_MAP, SNAPSHOTS_MAP]) {
      expect(verdictsFor(part, true)).toEqual({
        facilitator: 'server-only',
        editor: 'server-only',
        participant: 'server-only',
        viewer: 'read-only',
        stage: 'read-only',
        somebody: 'read-only',
      })
    }
  })

  it('leaves the meeting settings, locks, rounds, timer, stage and schema to the facilitator', () => {
    for (const part of [MEETING_MAP, LOCKS_MAP, VOTING_MAP, TIMER_MAP, STAGE_MAP, BOARD_MAP]) {
      expect(verdictsFor(part, true)).toMatchObject({ facilitator: null, editor: null, participant: 'facilitator-only', viewer: 'read-only' })
    }
  })

  it('lets participants write the record log and the votes only as what they are, and nothing the model lacks', () => {
    expect(verdictsFor(RECORDS_ARRAY, false)).toMatchObject({ facilitator: null, participant: null, viewer: 'read-only' })
    expect(verdictsFor(VOTES_MAP, true)).toMatchObject({ facilitator: null, participant: null, viewer: 'read-only' })
    expect(partBlock(RECORDS_ARRAY, true, 'participant')).toBe('unsupported')
    expect(partBlock(VOTES_MAP, false, 'participant')).toBe('unsupported')
    expect(partBlock('t', false, 'participant')).toBe('unsupported')
    expect(partBlock('t', false, 'facilitator')).toBeNull()
  })
})

describe('dots, per device', () => {
  const round: VotingRound = { id: 'r', sections: ['shape:q'], dots: 2, hidden: true, state: 'open', startedAt: 1, revealedAt: null }
  const dot = (key: string) => parseVoteKey(key)!

  it('lets a device set and take back only the dots of its own voter id, in an open round, within its slots', () => {
    expect(dotBlock(dot('r/ada/0'), 'ada', round)).toBeNull()
    expect(dotBlock(dot('r/ada/1'), 'ada', round)).toBeNull()
    expect(dotBlock(dot('r/ada/2'), 'ada', round)).toBe('vote-limit')
    expect(dotBlock(dot('r/ben/0'), 'ada', round)).toBe('vote-not-yours')
    expect(dotBlock(dot('r/ada/0'), null, round)).toBe('vote-not-yours')
    expect(dotBlock(dot('r/ada/0'), 'ada', null)).toBe('vote-closed')
    expect(dotBlock(dot('r/ada/0'), 'ada', { ...round, state: 'revealed' })).toBe('vote-closed')
  })

  it('reads a slot written in one way only, so no slot can hold two dots', () => {
    expect(parseVoteKey('r/ada/00')).toBeNull()
    expect(parseVoteKey('r/ada/01')).toBeNull()
    expect(parseVoteKey('r/ada/-1')).toBeNull()
    expect(parseVoteKey('r/ada/10')).toEqual({ roundId: 'r', voterId: 'ada', slot: 10 })
  })

  it('takes dots only on cards of the round’s sections, and counts only the slots it gives', () => {
    expect(dotCardBlock(round, 'shape:q')).toBeNull()
    expect(dotCardBlock(round, 'shape:other')).toBe('vote-card')
    expect(dotCardBlock(round, null)).toBe('vote-card')
    expect(dotCounts(dot('r/ada/1'), round)).toBe(true)
    expect(dotCounts(dot('r/ada/2'), round)).toBe(false)
    expect(dotCounts(dot('other/ada/0'), round)).toBe(false)
  })
})
