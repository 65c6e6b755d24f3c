import type { Scale } from '../scale'
import { isOurs, type ServerDefinition } from '../servers/definitions'
import { RunningServer } from '../servers/launch'

/** What every workload gets from the runner. */
export interface SuiteContext {
  servers: readonly ServerDefinition[]
  scale: Scale
  /** Whether our server runs with persistence in W1–W4. */
  oursPersistence: boolean
  /** When set, our server writes a CPU profile per launch into this directory. */
  cpuProfileDir: string | undefined
  log(message: string): void
}

/** A started server and its memory right after start (after a forced GC). */
export interface ServerSession {
  server: RunningServer
  baseline: NodeJS.MemoryUsage
  /** Set when the server fell behind: it is killed instead of asked to stop (it would answer only after its backlog). */
  overloaded?: boolean
}

/**
 * Runs `body` against a fresh child of `definition` and stops it afterwards,
 * so no point inherits another's rooms or garbage.
 */
export async function withServer<T>(
  context: SuiteContext,
  definition: ServerDefinition,
  body: (session: ServerSession) => Promise<T>,
  persistence = context.oursPersistence,
): Promise<T> {
  const server = await RunningServer.launch(definition, {
    persistence,
    cpuProfileDir: isOurs(definition.id) ? context.cpuProfileDir : undefined,
  })
  const session: ServerSession = { server, baseline: await server.memoryAfterGc() }
  try {
    return await body(session)
  } finally {
    await (session.overloaded ? server.kill() : server.stop())
  }
}
