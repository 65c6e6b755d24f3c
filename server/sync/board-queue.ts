/**
 * Work for one board at a time: each board's tasks run one after another, in the order they were
 * queued, while other boards' tasks run beside them. Used where a read of a board and the write
 * that follows it must not interleave with another such pair (loading a room and changing the
 * stored document of a board without one, features/board-docs.ts; changing a board's links).
 */
export class BoardQueue {
  /** Per board, the end of its last queued task. */
  private readonly tails = new Map<string, Promise<void>>()

  /** Runs `task` once every task queued for `boardId` before it has settled; resolves as it does. */
  run<T>(boardId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(boardId) ?? Promise.resolve()
    const result = previous.then(task)
    const settled = result.then(
      () => {},
      () => {},
    )
    this.tails.set(boardId, settled)
    void settled.then(() => {
      if (this.tails.get(boardId) === settled) this.tails.delete(boardId)
    })
    return result
  }
}
