import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readRecords, RecordLog, RECORDS_ARRAY, type RecordLogChange } from '../../shared/model/record-log'
import { DocNetwork, seededRandom } from './doc-network'

interface TestRecord {
  id: string
  typeName: string
  x: number
  y: number
  props: Record<string, unknown>
  meta: Record<string, unknown>
}

function record(id: string, fields: Partial<TestRecord> = {}): TestRecord {
  return { id, typeName: 'shape', x: 0, y: 0, props: { w: 10, text: '' }, meta: {}, ...fields }
}

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function openLog(doc = new Y.Doc()): RecordLog<TestRecord> {
  const log = new RecordLog<TestRecord>(doc)
  cleanups.push(() => log.dispose())
  return log
}

/** Makes `to` hold everything `from` has. */
function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
}

function rawEntries(doc: Y.Doc): { k: string; c: string[] | null }[] {
  return doc.getArray<{ k: string; c: string[] | null }>(RECORDS_ARRAY).toArray()
}

describe('RecordLog', () => {
  it('keeps one live entry per record however often it is written', () => {
    const log = openLog()
    log.put([record('a'), record('b')])
    for (let i = 1; i <= 50; i++) {
      log.put([record('a', { x: i })], new Map([['a', ['x']]]))
    }
    expect(rawEntries(log.doc).map((entry) => entry.k).sort()).toEqual(['a', 'b'])
    expect(log.get('a')?.x).toBe(50)
    expect(log.all().map((r) => r.id).sort()).toEqual(['a', 'b'])
    expect(log.size).toBe(2)

    log.remove(['a', 'missing'])
    expect(log.get('a')).toBeUndefined()
    expect(rawEntries(log.doc).map((entry) => entry.k)).toEqual(['b'])
  })

  it('writes a changed field on top of changes the writer has not seen yet', () => {
    const log = openLog()
    log.put([record('a', { x: 1, props: { w: 10, text: 'old' } })])
    // A peer changes the text; our caller still holds the old record and only moved it.
    const peer = openLog()
    sync(log.doc, peer.doc)
    peer.put([record('a', { x: 1, props: { w: 10, text: 'new' } })], new Map([['a', ['props.text']]]))
    sync(peer.doc, log.doc)
    log.put([record('a', { x: 2, props: { w: 10, text: 'old' } })], new Map([['a', ['x']]]))
    expect(log.get('a')).toEqual(record('a', { x: 2, props: { w: 10, text: 'new' } }))
    expect(log.entriesOf('a')).toHaveLength(1)
  })

  it('keeps concurrent edits of different fields and resolves the same field the same way everywhere', () => {
    const a = openLog()
    a.put([record('s', { x: 0, y: 0, props: { w: 10, text: '' } })])
    const b = openLog()
    sync(a.doc, b.doc)

    a.put([record('s', { x: 5, y: 6, props: { w: 10, text: '' } })], new Map([['s', ['x', 'y']]]))
    b.put([record('s', { x: 7, y: 0, props: { w: 10, text: 'hi' } })], new Map([['s', ['x', 'props.text']]]))
    sync(a.doc, b.doc)
    sync(b.doc, a.doc)

    const merged = a.get('s')!
    expect(b.get('s')).toEqual(merged)
    expect(merged.y).toBe(6)
    expect(merged.props.text).toBe('hi')
    // Both wrote x: the entry later in the array wins, on both sides.
    const order = a.entriesOf('s').map((entry) => entry.v.x)
    expect(order).toHaveLength(2)
    expect(merged.x).toBe(order[1])
    expect(b.entriesOf('s').map((entry) => entry.v.x)).toEqual(order)

    // The next write by anyone collapses the concurrent entries into one.
    b.put([{ ...b.get('s')!, x: 1 }], new Map([['s', ['x']]]))
    sync(b.doc, a.doc)
    expect(a.entriesOf('s')).toHaveLength(1)
    expect(a.get('s')).toEqual({ ...merged, x: 1 })
  })

  it('reports changes per transaction with their origin, skipping writes that change nothing', () => {
    const log = openLog()
    const peer = openLog()
    const changes: RecordLogChange<TestRecord>[] = []
    log.onChange((change) => changes.push(change))
    const origin = { me: true }

    log.put([record('a'), record('b')], undefined, origin)
    expect([...changes[0]!.added.keys()]).toEqual(['a', 'b'])
    expect(changes[0]!.origin).toBe(origin)
    expect(changes[0]!.local).toBe(true)

    log.put([record('a')])
    expect(changes).toHaveLength(1)

    sync(log.doc, peer.doc)
    peer.put([record('a', { x: 3 })], new Map([['a', ['x']]]))
    peer.remove(['b'])
    sync(peer.doc, log.doc)
    const remote = changes[1]!
    expect(remote.local).toBe(false)
    expect([...remote.updated]).toEqual([['a', record('a', { x: 3 })]])
    expect([...remote.removed]).toEqual([['b', record('b')]])
    expect(remote.added.size).toBe(0)
  })

  it('ignores malformed entries when reading and removes them when writing their id', () => {
    const doc = new Y.Doc()
    const array = doc.getArray<unknown>(RECORDS_ARRAY)
    array.push([
      'junk',
      { k: 'a', v: 'not a record', c: null },
      { k: 'b', v: record('other'), c: null },
      { k: 'c', v: record('c'), c: [1] },
      { k: 'd', v: record('d'), c: null },
    ])
    const log = openLog(doc)
    expect(log.all()).toEqual([record('d')])
    log.put([record('a')])
    expect(log.get('a')).toEqual(record('a'))
    expect(array.toArray().filter((value) => (value as { k?: string }).k === 'a')).toHaveLength(1)
    expect(readRecords(doc)).toEqual(log.all().reduce((map, r) => map.set(r.id, r), new Map()))
  })

  it('stays equal to a fresh fold of the array through random concurrent writes, deletes and reordered delivery', () => {
    const seed = 20240611
    const random = seededRandom(seed)
    const logs = [openLog(), openLog(), openLog()]
    const network = new DocNetwork(
      logs.map((log) => log.doc),
      random,
    )
    cleanups.push(() => network.dispose())
    const ids = Array.from({ length: 12 }, (_, i) => `shape:${i}`)
    const fields = ['x', 'y', 'props.w', 'props.text', 'meta.note'] as const
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!

    const expectIndexMatchesArray = (log: RecordLog<TestRecord>) => {
      const folded = readRecords<TestRecord>(log.doc)
      expect(new Map(log.all().map((r) => [r.id, r])), `seed ${seed}`).toEqual(folded)
    }

    let mostLiveEntries = 0
    for (let step = 0; step < 3000; step++) {
      const log = pick(logs)
      const id = pick(ids)
      const current = log.get(id)
      const roll = random()
      if (roll < 0.1) {
        log.remove([id])
      } else if (!current || roll < 0.2) {
        log.put([record(id, { x: step, props: { w: step, text: `t${step}` } })])
      } else {
        const field = pick(fields)
        const value = Math.round(random() * 1000)
        const next: TestRecord = { ...current, props: { ...current.props }, meta: { ...current.meta } }
        if (field === 'x' || field === 'y') next[field] = value
        else if (field === 'meta.note') next.meta.note = `n${value}`
        else next.props[field.slice('props.'.length)] = field === 'props.w' ? value : `t${value}`
        log.put([next], new Map([[id, [field]]]))
      }
      if (random() < 0.3) network.deliverSome()
      for (const each of logs) mostLiveEntries = Math.max(mostLiveEntries, each.entriesOf(id).length)
      if (step % 250 === 0) for (const each of logs) expectIndexMatchesArray(each)
    }
    network.deliverAll()
    // The run only proves something if concurrent writes really left several live entries.
    expect(mostLiveEntries).toBeGreaterThan(2)

    const results = logs.map((log) => new Map(log.all().map((r) => [r.id, r])))
    for (const log of logs) expectIndexMatchesArray(log)
    expect(results[1], `seed ${seed}`).toEqual(results[0])
    expect(results[2], `seed ${seed}`).toEqual(results[0])
  })
})
