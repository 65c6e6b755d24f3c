/**
 * What the tests of a board's life cycle (deletion, retention, removing names, backups) share: a
 * board with something of every kind kept of it (cards with names, attendance, an asset, a named
 * snapshot, a closed meeting's archive), and readers of everything the data directory holds.
 */
import Database from 'better-sqlite3'
import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs'
import path from 'node:path'
import { BOARD_FOLDERS } from '../../server/storage/data-dir'
import { DATABASE_FILE } from '../../server/storage/sqlite-storage'
import { AWARENESS_FIELDS } from '../../shared/model/awareness'
import { CARD_SHAPE_TYPE, newCardProps } from '../../shared/model/card'
import { readParticipants } from '../../shared/model/participant'
import { waitFor } from '../helpers/wait'
import { api, connectAs, PAGE_ID, putRecords, type Board, type RoleClient } from './roles-fixtures'

/** The names the filled board holds: on its cards, in its attendance, as a snapshot's author. */
export const PERSONAL_NAMES = { author: 'Ada Lovelace', owner: 'Grace Hopper', attendee: 'Pia Participant', snapshotAuthor: 'Fran Facilitator' }
/** Cities stay when names are removed. */
export const CITIES = { author: 'Leipzig', owner: 'Halle', attendee: 'Gera' }

export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

export const json = { 'Content-Type': 'application/json' }

function cardShape(id: string, props: object) {
  return { id, typeName: 'shape', type: CARD_SHAPE_TYPE, parentId: PAGE_ID, x: 0, y: 0, rotation: 0, index: 'a1', isLocked: false, opacity: 1, props, meta: {} }
}

export interface FilledBoard {
  facilitator: RoleClient
  participant: RoleClient
  /** The asset's path, `/api/boards/<id>/assets/<name>`. */
  assetUrl: string
}

/**
 * Gives `board` a card with its author's name, a commitment with its owner's, the participant in
 * the attendance, an uploaded image and a named snapshot; the two clients stay connected.
 */
export async function fillBoard(board: Board): Promise<FilledBoard> {
  const facilitator = await connectAs(board, 'facilitator', `fran-${board.id}-0123456789`)
  const participant = await connectAs(board, 'participant', `pia-${board.id}-0123456789`)
  participant.provider.awareness.setLocalStateField(AWARENESS_FIELDS.profile, {
    userId: `user-${participant.doc.clientID}`,
    name: PERSONAL_NAMES.attendee,
    whereabouts: 'onsite',
    city: CITIES.attendee,
  })
  const note = newCardProps({ text: 'More benches', kind: 'note', authorName: PERSONAL_NAMES.author, authorCity: CITIES.author, anonymous: false, createdAt: 1 })
  const commitment = newCardProps({ text: 'Ask the parks office', kind: 'commitment', authorName: PERSONAL_NAMES.author, authorCity: CITIES.author, anonymous: false, createdAt: 2 })
  putRecords(participant.doc, [
    cardShape('shape:note', note),
    cardShape('shape:commitment', { ...commitment, owner: PERSONAL_NAMES.owner, ownerCity: CITIES.owner, due: '2026-07-01' }),
  ])
  await waitFor(() => readParticipants(facilitator.doc).length === 1 && facilitator.doc.getArray('records').length >= 2, {
    message: 'the cards and the attendance to reach the facilitator',
  })
  const uploaded = await api(board, 'facilitator', '/assets', { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: PNG })
  if (uploaded.status !== 201) throw new Error(`upload answered ${uploaded.status}`)
  const { url: assetUrl } = (await uploaded.json()) as { url: string }
  const snapshot = await api(board, 'facilitator', '/snapshots', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ name: 'After the question round', author: PERSONAL_NAMES.snapshotAuthor }),
  })
  if (snapshot.status !== 201) throw new Error(`taking a snapshot answered ${snapshot.status}`)
  return { facilitator, participant, assetUrl }
}

/** Closes the board's meeting through the API (its archive is written then). */
export async function closeMeeting(board: Board): Promise<void> {
  const closed = await api(board, 'facilitator', '/close', { method: 'POST' })
  if (closed.status !== 200) throw new Error(`closing answered ${closed.status}`)
}

/** Whether a column's value holds `text` (in a blob as UTF-8, as Yjs encodes strings). */
function holds(value: unknown, text: string): boolean {
  if (typeof value === 'string') return value.includes(text)
  return Buffer.isBuffer(value) && value.includes(Buffer.from(text, 'utf8'))
}

/**
 * Every row of every table in the database file that holds `text` in any column (documents'
 * update blobs included), as `table: <the row's text columns>`. Reads the file itself, so a table
 * added later is looked at too.
 */
export function rowsMentioning(dataDir: string, text: string): string[] {
  const database = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true })
  try {
    const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    return tables.flatMap(({ name }) =>
      (database.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[])
        .filter((row) => Object.values(row).some((value) => holds(value, text)))
        .map((row) => `${name}: ${JSON.stringify(Object.fromEntries(Object.entries(row).filter(([, value]) => !Buffer.isBuffer(value))))}`),
    )
  } finally {
    database.close()
  }
}

/** Every file below `dir` whose bytes hold `text` (as UTF-8), by path relative to `dir`. */
export function filesMentioning(dir: string, text: string): string[] {
  if (!existsSync(dir)) return []
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => readFileSync(file).includes(Buffer.from(text, 'utf8')))
    .map((file) => path.relative(dir, file))
}

/** The board's folders that exist in the data directory (assets, snapshots, archive). */
export function boardFoldersOf(dataDir: string, boardId: string): string[] {
  return Object.values(BOARD_FOLDERS).filter((folder) => existsSync(path.join(dataDir, folder, boardId)))
}
