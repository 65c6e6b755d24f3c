/** Messages between the generator and a server child over the IPC channel. */

/** Sent by the child once it listens. */
export interface ReadyMessage {
  type: 'ready'
  /** http:// origin the server listens on. */
  url: string
  pid: number
}

/** Sent by the child in answer to a `gc` request. */
export interface MemoryMessage {
  type: 'memory'
  usage: NodeJS.MemoryUsage
}

/** Sent by the child when starting failed. */
export interface FailedMessage {
  type: 'failed'
  error: string
}

export type ChildMessage = ReadyMessage | MemoryMessage | FailedMessage

/** `gc`: collect garbage and report memory; `stop`: close the server and exit. */
export interface ParentMessage {
  type: 'gc' | 'stop'
}
