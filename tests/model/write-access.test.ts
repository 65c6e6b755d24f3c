import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BOARD_LOCK, setLock } from '../../shared/model/locks'
import { writeMeeting } from '../../shared/model/meeting'
import type { Role } from '../../shared/model/participant'
import { documentBlock, readWriteRules, writeBlock } from '../../shared/model/write-access'

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
