/**
 * Putting the records of a `.tldr` file onto a board: a new board (created, filled through the
 * same store binding the canvas uses, and confirmed by reading it back from the server) or the
 * open board (its content replaced, for the facilitator after a confirmation).
 *
 * Pictures tldraw inlined into the file as data URLs are uploaded to the target board first, so the
 * shared document keeps only their address, like pictures added on the board. Nothing is written
 * to any board before every upload has succeeded.
 */
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { createTLStore, type Editor, type TLPageId, type TLRecord } from 'tldraw'
import { writeMeeting } from '../../../shared/model/meeting'
import { readRecords } from '../../../shared/model/record-log'
import { requestJson } from '../../session/api'
import { rememberLinkToken, syncParams } from '../../session/link-access'
import { bindStoreToDoc } from '../../sync/tldraw/binding'
import { storeSchemaOptions } from '../tldraw/board-schema'
import { showPageInFreeArea } from '../tldraw/zoom-in-free-area'
import type { MeetingMetadata } from './tldr-file'

/** How long the server has to show us the imported board before we give up saying so. */
const CONFIRM_TIMEOUT_MS = 20_000

function syncUrl(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/sync`
}

/** Uploads inlined pictures to `boardId` and returns the records pointing at the uploads. */
async function uploadInlineAssets(boardId: string, records: readonly TLRecord[]): Promise<TLRecord[]> {
  return Promise.all(
    records.map(async (record) => {
      if (record.typeName !== 'asset' || !('src' in record.props)) return record
      const src = record.props.src
      if (typeof src !== 'string' || !src.startsWith('data:')) return record
      const blob = await (await fetch(src)).blob()
      const name = 'name' in record.props && typeof record.props.name === 'string' ? record.props.name : 'image'
      const { url } = await requestJson<{ url: string }>(`/api/boards/${encodeURIComponent(boardId)}/assets`, {
        method: 'POST',
        body: blob,
        headers: { 'Content-Type': blob.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(name) },
      })
      return { ...record, props: { ...record.props, src: url } } as TLRecord
    }),
  )
}

function connect(boardId: string, doc: Y.Doc): Promise<WebsocketProvider> {
  const provider = new WebsocketProvider(syncUrl(), boardId, doc, { disableBc: true, params: syncParams(boardId) })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      provider.destroy()
      reject(new Error('the server did not answer'))
    }, CONFIRM_TIMEOUT_MS)
    provider.on('sync', (synced: boolean) => {
      if (!synced) return
      clearTimeout(timer)
      resolve(provider)
    })
  })
}

/** Resolves once a fresh copy of the board, read from the server, holds what `doc` holds. */
async function confirmStored(boardId: string, doc: Y.Doc): Promise<void> {
  const expected = readRecords(doc).size
  const copy = new Y.Doc()
  const provider = await connect(boardId, copy)
  try {
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (readRecords(copy).size < expected) return
        copy.off('update', check)
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(() => {
        copy.off('update', check)
        reject(new Error('the server did not confirm the imported board'))
      }, CONFIRM_TIMEOUT_MS)
      copy.on('update', check)
      check()
    })
  } finally {
    provider.destroy()
    copy.destroy()
  }
}

/** Creates a board holding `records` and the meeting; resolves with its id once the server has it. */
export async function importIntoNewBoard(records: readonly TLRecord[], meeting: Partial<MeetingMetadata>): Promise<string> {
  const { id, tokens } = await requestJson<{ id: string; tokens: { facilitator: string } }>('/api/boards', { method: 'POST' })
  // Whoever brings the backup in runs the new board: this device keeps its facilitator link.
  rememberLinkToken(id, tokens.facilitator)
  const uploaded = await uploadInlineAssets(id, records)
  const schema = createTLStore(storeSchemaOptions).schema
  const store = createTLStore({
    ...storeSchemaOptions,
    snapshot: { store: Object.fromEntries(uploaded.map((record) => [record.id, record])), schema: schema.serialize() },
  })
  const doc = new Y.Doc()
  const provider = await connect(id, doc)
  try {
    // An empty board takes the store's records and schema as soon as it is bound.
    const binding = bindStoreToDoc(store, doc)
    binding.dispose()
    writeMeeting(doc, meeting)
    await confirmStored(id, doc)
  } finally {
    provider.destroy()
    doc.destroy()
    store.dispose()
  }
  return id
}

/**
 * Replaces the open board's content with `records` (through the editor, so the binding shares it
 * like any edit) and its meeting metadata with the file's. Not undoable: it is a restore.
 */
export async function replaceBoardContent(
  editor: Editor,
  doc: Y.Doc,
  boardId: string,
  records: readonly TLRecord[],
  meeting: Partial<MeetingMetadata>,
): Promise<void> {
  const uploaded = await uploadInlineAssets(boardId, records)
  const documentTypes = editor.store.scopedTypes.document
  const incoming = new Set(uploaded.map((record) => record.id))
  const stale = editor.store
    .allRecords()
    .filter((record) => documentTypes.has(record.typeName) && !incoming.has(record.id))
    .map((record) => record.id)
  const firstPage = uploaded.find((record) => record.typeName === 'page')
  editor.run(
    () => {
      editor.store.put(uploaded)
      // Leave the page that is about to go before it goes.
      if (firstPage && stale.includes(editor.getCurrentPageId())) editor.setCurrentPage(firstPage.id as TLPageId)
      editor.store.remove(stale)
    },
    { history: 'ignore' },
  )
  writeMeeting(doc, meeting)
  showPageInFreeArea(editor)
}
