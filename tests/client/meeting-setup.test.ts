import { beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readMeeting } from '../../shared/model/meeting'
import { applyPendingSetup } from '../../client/question-map/apply-setup'
import { readPendingSetup, savePendingSetup } from '../../client/session/pending-setup'

/** The browser's sessionStorage, for Node: a plain in-memory Storage. */
class MemoryStorage implements Storage {
  private items = new Map<string, string>()
  get length() {
    return this.items.size
  }
  clear() {
    this.items.clear()
  }
  getItem(key: string) {
    return this.items.get(key) ?? null
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null
  }
  removeItem(key: string) {
    this.items.delete(key)
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value))
  }
}

const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA'
const setup = {
  meeting: { title: '  Straßenlabor  ', purpose: 'Voneinander lernen', cities: ['Leipzig', 'leipzig', 'Dresden'] },
  layout: 'questionMap' as const,
}

describe('the creator\'s setup is written into the board once', () => {
  beforeEach(() => {
    globalThis.sessionStorage = new MemoryStorage()
  })

  it('writes the meeting and lays out the template, then forgets the setup', () => {
    const doc = new Y.Doc()
    savePendingSetup(BOARD, setup)
    let layouts = 0
    applyPendingSetup(BOARD, doc, () => layouts++, 1234)
    expect(layouts).toBe(1)
    expect(readMeeting(doc)).toMatchObject({ title: 'Straßenlabor', purpose: 'Voneinander lernen', cities: ['Leipzig', 'Dresden'], laidOutAt: 1234 })
    expect(readPendingSetup(BOARD)).toBeNull()
  })

  it('does not lay out again when the tab reloads before it could forget the setup', () => {
    const doc = new Y.Doc()
    savePendingSetup(BOARD, setup)
    let layouts = 0
    applyPendingSetup(BOARD, doc, () => layouts++)
    savePendingSetup(BOARD, { ...setup, meeting: { ...setup.meeting, title: 'Changed' } })
    applyPendingSetup(BOARD, doc, () => layouts++)
    expect(layouts).toBe(1)
    expect(readMeeting(doc).title).toBe('Straßenlabor')
  })

  it('leaves a blank board blank and does nothing in tabs without a setup', () => {
    const doc = new Y.Doc()
    let layouts = 0
    applyPendingSetup(BOARD, doc, () => layouts++)
    expect(readMeeting(doc).laidOutAt).toBeNull()
    savePendingSetup(BOARD, { ...setup, layout: 'blank' })
    applyPendingSetup(BOARD, doc, () => layouts++)
    expect(layouts).toBe(0)
    expect(readMeeting(doc).laidOutAt).not.toBeNull()
  })
})
