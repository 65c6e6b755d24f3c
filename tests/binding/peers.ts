import {
  CameraRecordType,
  createTLStore,
  DocumentRecordType,
  PageRecordType,
  PointerRecordType,
  TLDOCUMENT_ID,
  TLPOINTER_ID,
  defaultBindingUtils,
  defaultShapeUtils,
  toRichText,
  type IndexKey,
  type TLGeoShape,
  type TLPageId,
  type TLRecord,
  type TLShapeId,
  type TLStore,
  type TLTextShape,
} from 'tldraw'
import * as Y from 'yjs'
import { bindStoreToDoc, type BindingOptions, type StoreDocBinding } from '../../client/sync/tldraw/binding'
import { readRecords } from '../../shared/model/record-log'

export const PAGE_ID = 'page:page' as TLPageId

/**
 * A real tldraw store with the records the editor would give it on mount: the document and a page,
 * plus a camera and the pointer as examples of session records that must stay out of the doc.
 */
export function createStore(): TLStore {
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
  store.put([
    DocumentRecordType.create({ id: TLDOCUMENT_ID }),
    PageRecordType.create({ id: PAGE_ID, name: 'Page 1', index: 'a1' as IndexKey }),
    CameraRecordType.create({ id: CameraRecordType.createId(PAGE_ID) }),
    PointerRecordType.create({ id: TLPOINTER_ID }),
  ])
  return store
}

/** Batches only end when the test calls `flush()`, so every step is deterministic. */
export const manualFrames: BindingOptions = { scheduleFlush: () => () => {} }

export interface Peer {
  store: TLStore
  doc: Y.Doc
  binding: StoreDocBinding
}

/** A store bound to a doc; `doc` defaults to a fresh one. */
export function createPeer(doc = new Y.Doc(), options: BindingOptions = manualFrames): Peer {
  const store = createStore()
  return { store, doc, binding: bindStoreToDoc(store, doc, options) }
}

/** The id of the test shape named `name`. */
export function shapeId(name: string): TLShapeId {
  return `shape:${name}` as TLShapeId
}

/** The fields every test shape shares: named `name`, on the page at the origin, unrotated, unlocked. */
function shapeBase(name: string, index: string) {
  return {
    id: shapeId(name),
    typeName: 'shape' as const,
    parentId: PAGE_ID,
    index: index as IndexKey,
    x: 0,
    y: 0,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: {},
  }
}

export function geoShape(id: string, fields: Partial<TLGeoShape> = {}, props: Partial<TLGeoShape['props']> = {}): TLGeoShape {
  return {
    ...shapeBase(id, 'a1'),
    type: 'geo',
    ...fields,
    props: {
      w: 100,
      h: 100,
      geo: 'rectangle',
      dash: 'draw',
      growY: 0,
      url: '',
      scale: 1,
      flipX: false,
      flipY: false,
      color: 'black',
      labelColor: 'black',
      fill: 'none',
      size: 'm',
      font: 'draw',
      align: 'middle',
      verticalAlign: 'middle',
      richText: toRichText(''),
      ...props,
    },
  }
}

export function textShape(id: string, fields: Partial<TLTextShape> = {}, props: Partial<TLTextShape['props']> = {}): TLTextShape {
  return {
    ...shapeBase(id, 'a2'),
    type: 'text',
    ...fields,
    props: {
      color: 'black',
      size: 'm',
      w: 8,
      font: 'draw',
      textAlign: 'start',
      autoSize: true,
      scale: 1,
      richText: toRichText(''),
      ...props,
    },
  }
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** The store's records of document scope (what belongs in the doc), sorted by id. */
export function documentRecords(store: TLStore): TLRecord[] {
  const documentTypes = store.scopedTypes.document
  return store
    .allRecords()
    .filter((record) => documentTypes.has(record.typeName))
    .sort(byId)
}

/** The doc's records as every peer folds them, sorted by id. */
export function docRecords(doc: Y.Doc): TLRecord[] {
  return [...readRecords<TLRecord>(doc).values()].sort(byId)
}

/** Plain JSON copies, so comparisons don't trip over frozen objects or undefined-valued keys. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}
