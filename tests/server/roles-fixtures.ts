/**
 * What the facilitation tests share: boards with their links, real providers connected by
 * role (and voter key), a question map written through the real record log, and a record of the
 * refusals each client hears from the server (read the way the browser client reads them).
 */
import type * as Y from 'yjs'
import { watchRefusals } from '../../client/sync/refusals'
import { CARD_SHAPE_TYPE, newCardProps } from '../../shared/model/card'
import { RecordLog } from '../../shared/model/record-log'
import { LINK_TOKEN_PARAM, VOTER_KEY_HEADER, VOTER_KEY_PARAM, type LinkRole } from '../../shared/model/roles'
import { SECTION_META_KEY, type SectionKind } from '../../shared/model/sections'
import { createBoardWithLinks, type CreatedBoard, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { connectClient, type SyncClient } from './clients'

export const PAGE_ID = 'page:page'

/** A test client with the reason of every update of its that the server refused. */
export interface RoleClient extends SyncClient {
  refusals: string[]
}

export interface Board extends CreatedBoard {
  server: TestServer
}

export async function newBoard(server: TestServer): Promise<Board> {
  return { ...(await createBoardWithLinks(server.url)), server }
}

/** A real provider with the link of `role` (and a voter key, if given), synced; `doc`: a local copy. */
export async function connectAs(board: Board, role: LinkRole, voterKey?: string, doc?: Y.Doc): Promise<RoleClient> {
  const params: Record<string, string> = { [LINK_TOKEN_PARAM]: board.tokens[role] }
  if (voterKey) params[VOTER_KEY_PARAM] = voterKey
  const client = connectClient(board.server.syncUrl, board.id, { params, ...(doc ? { doc } : {}) })
  const refusals: string[] = []
  watchRefusals(client.provider, (reason) => refusals.push(reason))
  await client.synced()
  return { ...client, refusals }
}

/** `fetch` against the board's API with the token of `role` (none for null). */
export function api(board: Board, role: LinkRole | null, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  if (role) headers.set('Authorization', `Bearer ${board.tokens[role]}`)
  return fetch(`${board.server.url}/api/boards/${board.id}${path}`, { ...init, headers })
}

/** The voter id the server derives for a voter key on this board. */
export async function voterIdOf(board: Board, voterKey: string): Promise<string> {
  const response = await api(board, 'participant', '', { headers: { [VOTER_KEY_HEADER]: voterKey } })
  return ((await response.json()) as { voterId: string }).voterId
}

function shape(id: string, type: string, parentId: string, x: number, y: number, props: Record<string, unknown>, meta: Record<string, unknown> = {}) {
  return { id, typeName: 'shape', type, parentId, x, y, rotation: 0, index: 'a1', isLocked: false, opacity: 1, props, meta }
}

export function sectionRecord(id: string, kind: SectionKind, x: number) {
  return shape(id, 'frame', PAGE_ID, x, 0, { w: 900, h: 700, name: '' }, { [SECTION_META_KEY]: kind })
}

export function cardRecord(id: string, sectionId: string, text: string, y = 40) {
  const props = newCardProps({ text, kind: 'note', authorName: 'Ada', authorCity: 'Leipzig', anonymous: false, createdAt: 1 })
  return shape(id, CARD_SHAPE_TYPE, sectionId, 40, y, { ...props })
}

/** Writes records through the record log, as the board's binding does. */
export function putRecords(doc: Y.Doc, records: { id: string }[]): void {
  const log = new RecordLog(doc)
  log.put(records)
  log.dispose()
}

export function removeRecords(doc: Y.Doc, ids: string[]): void {
  const log = new RecordLog(doc)
  log.remove(ids)
  log.dispose()
}

/** Reads one record, folded. */
export function recordOf(doc: Y.Doc, id: string): Record<string, unknown> | undefined {
  const log = new RecordLog(doc)
  const record = log.get(id) as Record<string, unknown> | undefined
  log.dispose()
  return record
}

/**
 * Two sections ("questions" and "ideas") with two cards each, written by `writer` and seen by
 * `reader`.
 */
export async function writeQuestionMap(writer: SyncClient, reader: SyncClient): Promise<void> {
  putRecords(writer.doc, [
    { id: PAGE_ID, typeName: 'page', name: 'Page 1', index: 'a1', meta: {} } as { id: string },
    sectionRecord('shape:questions', 'questions', 0),
    sectionRecord('shape:ideas', 'ideas', 1000),
    cardRecord('shape:q1', 'shape:questions', 'Who maintains the benches?'),
    cardRecord('shape:q2', 'shape:questions', 'How did you involve neighbours?', 260),
    cardRecord('shape:i1', 'shape:ideas', 'A shared tool library'),
    cardRecord('shape:i2', 'shape:ideas', 'Night walks', 260),
  ])
  await waitFor(() => recordOf(reader.doc, 'shape:i2') !== undefined, { message: 'the question map to arrive' })
}

/** Waits until `client` has heard one more refusal than `before`; returns its reason. */
export async function nextRefusal(client: RoleClient, before: number): Promise<string> {
  await waitFor(() => client.refusals.length > before, { message: 'the server to refuse the update' })
  return client.refusals[before]!
}
