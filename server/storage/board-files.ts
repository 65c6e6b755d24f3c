/**
 * Board files (board-storage.ts `BoardFileKind`) as plain files, for the SQLite backend:
 * `<root>/<boardId>/<name>`, where the root is the kind's folder under `DATA_DIR` (data-dir.ts).
 * Files are written to a hidden temporary name and renamed, so a crash never leaves half a file,
 * and backing up `DATA_DIR` backs them up too.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { isBoardId } from '../../shared/model/board-id'
import { checkBoardFile } from './board-storage'

export class BoardFiles {
  constructor(private readonly root: string) {}

  async write(boardId: string, name: string, content: Uint8Array): Promise<void> {
    const file = this.pathOf(boardId, name)
    await mkdir(path.dirname(file), { recursive: true })
    const partial = path.join(path.dirname(file), `.${path.basename(file)}.partial`)
    await writeFile(partial, content)
    await rename(partial, file)
  }

  async read(boardId: string, name: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.pathOf(boardId, name))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
  }

  /** The board's files outside any folder, without the hidden partial ones, sorted. */
  async list(boardId: string): Promise<string[]> {
    checkBoardFile(boardId, 'list')
    const entries = await readdirOrNone(path.join(this.root, boardId))
    return entries
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort()
  }

  /** Every board with a folder here. */
  async boards(): Promise<string[]> {
    const entries = await readdirOrNone(this.root)
    return entries.filter((entry) => entry.isDirectory() && isBoardId(entry.name)).map((entry) => entry.name)
  }

  private pathOf(boardId: string, name: string): string {
    checkBoardFile(boardId, name)
    return path.join(this.root, boardId, ...name.split('/'))
  }
}

async function readdirOrNone(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}
