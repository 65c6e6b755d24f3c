/** Our frame reader/writer against the reference encoders of y-protocols. */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import {
  ProtocolError,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  readClientMessage,
} from '../../server/sync/protocol'
import * as authProtocol from 'y-protocols/auth'

function referenceFrame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

function sampleDoc(): Y.Doc {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, 'x'.repeat(300)) // long enough for a multi-byte length prefix
  return doc
}

describe('protocol', () => {
  it('writes the same bytes as y-protocols', () => {
    const doc = sampleDoc()
    const update = Y.encodeStateAsUpdate(doc)
    const stateVector = Y.encodeStateVector(doc)
    expect(new Uint8Array(encodeUpdate(update))).toEqual(
      referenceFrame((e) => {
        encoding.writeVarUint(e, 0)
        syncProtocol.writeUpdate(e, update)
      }),
    )
    expect(new Uint8Array(encodeSyncStep1(stateVector))).toEqual(
      referenceFrame((e) => {
        encoding.writeVarUint(e, 0)
        syncProtocol.writeSyncStep1(e, doc)
      }),
    )
    expect(new Uint8Array(encodeSyncStep2(update))).toEqual(
      referenceFrame((e) => {
        encoding.writeVarUint(e, 0)
        syncProtocol.writeSyncStep2(e, doc, new Uint8Array([0]))
      }),
    )
  })

  it('writes a permission-denied message the provider understands', () => {
    const decoder = decoding.createDecoder(encodePermissionDenied('read-only: viewers cannot edit'))
    expect(decoding.readVarUint(decoder)).toBe(2)
    let reason = ''
    authProtocol.readAuthMessage(decoder, new Y.Doc(), (_doc, text) => (reason = text))
    expect(reason).toBe('read-only: viewers cannot edit')
  })

  it('reads what the provider sends', () => {
    const doc = sampleDoc()
    const update = Y.encodeStateAsUpdate(doc)
    const step1 = referenceFrame((e) => {
      encoding.writeVarUint(e, 0)
      syncProtocol.writeSyncStep1(e, doc)
    })
    expect(readClientMessage(step1)).toEqual({ type: 'sync-step1', stateVector: Y.encodeStateVector(doc) })
    expect(readClientMessage(encodeUpdate(update))).toEqual({ type: 'update', update })
    expect(readClientMessage(encodeSyncStep2(update))).toEqual({ type: 'update', update })
    expect(readClientMessage(new Uint8Array([3]))).toEqual({ type: 'query-awareness' })
    expect(readClientMessage(new Uint8Array([1, 2, 0, 0]))).toEqual({
      type: 'awareness',
      update: new Uint8Array([0, 0]),
    })
  })

  it('does not read past the frame when it is a view into a larger buffer', () => {
    const frame = encodeUpdate(Y.encodeStateAsUpdate(sampleDoc()))
    const pooled = new Uint8Array(frame.length + 100)
    pooled.set(frame)
    const truncatedView = pooled.subarray(0, frame.length - 10)
    expect(() => readClientMessage(truncatedView)).toThrow(ProtocolError)
  })

  it('throws ProtocolError for malformed frames', () => {
    const cases: Uint8Array[] = [
      new Uint8Array([]),
      new Uint8Array([0xff]),
      new Uint8Array([7]),
      new Uint8Array([0, 5, 0]),
      new Uint8Array([0, 2, 10, 1, 2]),
      new Uint8Array([1, 1, 0, 99]),
      new Uint8Array([3, 3]),
    ]
    for (const frame of cases) expect(() => readClientMessage(frame), String(frame)).toThrow(ProtocolError)
  })
})
