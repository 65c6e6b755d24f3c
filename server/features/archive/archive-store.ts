/**
 * Where closed meetings are kept: the board files of kind `archive` (storage/board-storage.ts;
 * with SQLite the files under `DATA_DIR/archive/<boardId>/`):
 *
 *   state.json                      whether the board is archived now, and every closing so far
 *   <closedAt>/snapshot.yjs         the archived copy: the board's whole Yjs state when it was closed
 *                                   (the file keeps the name it has had since the first archive)
 *   <closedAt>/minutes-<lang>.<ext> the minutes then, in every format and language
 *
 * `state.json` is the server's own flag: the board's document also says `archivedAt`, but a
 * client could write that; the server decides from this file. State is cached after the first
 * read, so the update hook (which asks on every document update) reads it synchronously from a
 * loaded room's board (`loadedState`).
 */
import type { BoardStorage } from '../../storage/board-storage'

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
const STATE_FILE = 'state.json'

export class ArchiveStore {
  private readonly cache = new Map<string, ArchiveState>()

  /**
   * @param onChanged told after a state was stored (with several servers the others read it
   *   again, cluster/cluster.ts: their cache would be stale)
   */
  constructor(
    private readonly storage: BoardStorage,
    private readonly onChanged: (boardId: string) => void = () => {},
  ) {}

  /** The board's archive state (open with no closings when nothing was ever stored). */
  async state(boardId: string): Promise<ArchiveState> {
    const cached = this.cache.get(boardId)
    if (cached) return cached
    const state = await this.readState(boardId)
    // Another call may have stored a newer state while this one read.
    if (!this.cache.has(boardId)) this.cache.set(boardId, state)
    return this.cache.get(boardId)!
  }

  /**
   * The state of a board whose state was read before (every loaded room's: the archive reads it as
   * the room loads), synchronously.
   */
  loadedState(boardId: string): ArchiveState {
    const state = this.cache.get(boardId)
    if (!state) throw new Error(`the archive state of board ${boardId} was not loaded`)
    return state
  }

  /** Stores the state; it counts (for `loadedState` too) from the moment of the call. */
  async setState(boardId: string, state: ArchiveState): Promise<void> {
    this.cache.set(boardId, state)
    try {
      await this.storage.writeBoardFile(boardId, 'archive', STATE_FILE, utf8.encode(`${JSON.stringify(state, null, 2)}\n`))
    } catch (error) {
      // What storage holds is the truth again at the next read.
      if (this.cache.get(boardId) === state) this.cache.delete(boardId)
      throw error
    }
    this.onChanged(boardId)
  }

  /** Reads the state afresh (another server changed it); a board whose state was never read stays unread. */
  async reread(boardId: string): Promise<void> {
    if (!this.cache.has(boardId)) return
    const state = await this.readState(boardId)
    this.cache.set(boardId, state)
  }

  /** Drops what is cached of a deleted board (its files are gone with it). */
  forget(boardId: string): void {
    this.cache.delete(boardId)
  }

  /** Every board with archive files (those ever closed), for the retention period. */
  boardIds(): Promise<string[]> {
    return this.storage.boardsWithFiles('archive')
  }

  /** A file of one closing, or null when it has none of that name. */
  readClosureFile(boardId: string, folder: string, name: string): Promise<Uint8Array | null> {
    return this.storage.readBoardFile(boardId, 'archive', `${folder}/${name}`)
  }

  /** Stores the files of one closing in its folder. */
  async saveClosure(boardId: string, folder: string, files: Readonly<Record<string, string | Uint8Array>>): Promise<void> {
    for (const [name, content] of Object.entries(files)) {
      await this.storage.writeBoardFile(boardId, 'archive', `${folder}/${name}`, typeof content === 'string' ? utf8.encode(content) : content)
    }
  }

  private async readState(boardId: string): Promise<ArchiveState> {
    const content = await this.storage.readBoardFile(boardId, 'archive', STATE_FILE)
    if (content === null) return OPEN
    const parsed = JSON.parse(Buffer.from(content).toString('utf8')) as ArchiveState
    return { archivedAt: typeof parsed.archivedAt === 'number' ? parsed.archivedAt : null, closures: parsed.closures ?? [] }
  }
}

const utf8 = new TextEncoder()

/** A closing's folder name: its time, readable and safe on every file system (`2026-06-12T16-30-00-000Z`). */
export function closureFolder(closedAt: number): string {
  return new Date(closedAt).toISOString().replace(/[:.]/g, '-')
}
