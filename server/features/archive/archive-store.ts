/**
 * Where closed meetings are kept, as plain files under `DATA_DIR/archive/<boardId>/`:
 *
 *   state.json                      whether the board is archived now, and every closing so far
 *   <closedAt>/snapshot.yjs         the archived copy: the board's whole Yjs state when it was closed
 *                                   (the file keeps the name it has had since the first archive)
 *   <closedAt>/minutes-<lang>.<ext> the minutes then, in every format and language
 *
 * `state.json` is the server's own flag: the board's document also says `archivedAt`, but a
 * client could write that; the server decides from this file. Files are written to a temporary
 * name and renamed, so a crash never leaves half a file. State is cached after the first read
 * (the update hook asks on every document update).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { isBoardId } from '../../../shared/model/board-id'

export interface Closure {
  /** When the meeting was closed (ms since epoch); also names the closing's folder. */
  closedAt: number
  /** When it was reopened afterwards, or null while still closed. */
  reopenedAt: number | null
  /** The folder under the board's archive directory holding this closing's files. */
  folder: string
}

export interface ArchiveState {
  /** When the board was archived, or null while it is open. */
  archivedAt: number | null
  closures: Closure[]
}

const OPEN: ArchiveState = Object.freeze({ archivedAt: null, closures: [] })

export class ArchiveStore {
  private readonly cache = new Map<string, ArchiveState>()

  constructor(private readonly root: string) {}

  /** The board's archive state (open with no closings when nothing was ever stored). */
  state(boardId: string): ArchiveState {
    let state = this.cache.get(boardId)
    if (!state) {
      state = this.readState(boardId)
      this.cache.set(boardId, state)
    }
    return state
  }

  setState(boardId: string, state: ArchiveState): void {
    this.writeFile(boardId, 'state.json', `${JSON.stringify(state, null, 2)}\n`)
    this.cache.set(boardId, state)
  }

  /** Drops what is cached of a deleted board (its files are gone with it). */
  forget(boardId: string): void {
    this.cache.delete(boardId)
  }

  /** Every board with an archive directory (those ever closed), for the retention period. */
  boardIds(): string[] {
    let names: string[]
    try {
      names = readdirSync(this.root)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    return names.filter(isBoardId)
  }

  /** A file of one closing, or null when it has none of that name. */
  readClosureFile(boardId: string, folder: string, name: string): Uint8Array | null {
    try {
      return readFileSync(path.join(this.directory(boardId), folder, name))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
  }

  /** Stores the files of one closing in its folder. */
  saveClosure(boardId: string, folder: string, files: Readonly<Record<string, string | Uint8Array>>): void {
    for (const [name, content] of Object.entries(files)) this.writeFile(boardId, path.join(folder, name), content)
  }

  /** The board's archive directory. */
  directory(boardId: string): string {
    if (!isBoardId(boardId)) throw new Error(`not a board id: ${JSON.stringify(boardId)}`)
    return path.join(this.root, boardId)
  }

  private readState(boardId: string): ArchiveState {
    let text: string
    try {
      text = readFileSync(path.join(this.directory(boardId), 'state.json'), 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return OPEN
      throw error
    }
    const parsed = JSON.parse(text) as ArchiveState
    return { archivedAt: typeof parsed.archivedAt === 'number' ? parsed.archivedAt : null, closures: parsed.closures ?? [] }
  }

  private writeFile(boardId: string, relative: string, content: string | Uint8Array): void {
    const file = path.join(this.directory(boardId), relative)
    mkdirSync(path.dirname(file), { recursive: true })
    const partial = path.join(path.dirname(file), `.${path.basename(file)}.partial`)
    writeFileSync(partial, content)
    renameSync(partial, file)
  }
}

/** A closing's folder name: its time, readable and safe on every file system (`2026-06-12T16-30-00-000Z`). */
export function closureFolder(closedAt: number): string {
  return new Date(closedAt).toISOString().replace(/[:.]/g, '-')
}
