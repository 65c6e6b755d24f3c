/**
 * A benchmark point that never finishes (a server that hangs at some client count) is abandoned
 * at its time limit and reported as timed out, and the run goes on: tested with a real child
 * process that never exits, and with a real reference server stopped mid-point (SIGSTOP), so that
 * its IPC answer never comes, as a hung server's does not.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { verdict } from '../../bench/report/table'
import { QUICK } from '../../bench/scale'
import { serverById } from '../../bench/servers/definitions'
import { TimeLimitExceeded, withTimeLimit } from '../../bench/util/time-limit'
import { sleep } from '../../bench/util/wait'
import { type SuiteContext, withServer } from '../../bench/workloads/context'
import { measurePoint } from '../../bench/workloads/guard'
import { startLoad } from '../../bench/workloads/load'
import { Measurement } from '../../bench/metrics/measurement'
import { Room } from '../../bench/workloads/room'

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('withTimeLimit', () => {
  it('abandons a work that never settles: the hanging child is killed and the limit reported', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
    const exited = once(child, 'exit')
    const waitForExit = async () => {
      await exited
      return 'exited'
    }
    const outcome = withTimeLimit(300, waitForExit, () => void child.kill('SIGKILL'))
    await expect(outcome).rejects.toBeInstanceOf(TimeLimitExceeded)
    await expect(outcome).rejects.toThrow('did not finish within 0.3 s')
    const [code, signal] = await exited
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' })
  })

  it('passes on the value and the error of a work that settles in time, without abandoning it', async () => {
    let abandoned = 0
    const abandon = () => void abandoned++
    await expect(withTimeLimit(10_000, async () => 42, abandon)).resolves.toBe(42)
    await expect(
      withTimeLimit(
        10_000,
        async () => {
          throw new Error('refused')
        },
        abandon,
      ),
    ).rejects.toThrow('refused')
    expect(abandoned).toBe(0)
  })
})

describe('a benchmark point against a server that hangs', () => {
  it('is reported as timed out, its server and load are stopped, and the next point runs', async () => {
    const definition = serverById('y-websocket-server')
    const context: SuiteContext = {
      servers: [definition],
      scale: { ...QUICK, pointTimeLimitMs: 4_000 },
      oursPersistence: false,
      cpuProfileDir: undefined,
      log: () => {},
    }
    let pid = 0
    let room: Room | undefined
    const label = { workload: 'W1' as const, point: 'N=2', server: definition.id }
    const [result] = await measurePoint(context, label, () =>
      withServer(context, definition, async (session) => {
        pid = session.server.pid
        room = await Room.open(session.server, new Measurement())
        await room.join(2)
        for (const client of room.clients) client.addCards(1, 'Idea')
        startLoad(room.clients, { editsPerSecond: 50, cursorHz: 0 })
        // The server stops answering anything, its forced-GC request included.
        process.kill(pid, 'SIGSTOP')
        await session.server.memoryAfterGc()
        throw new Error('a stopped server answered')
      }),
    )
    expect(result).toBeDefined()
    expect(verdict(result!)).toBe('TIMED OUT')
    expect(result!.correctness.ok).toBe(false)
    expect(result!.correctness.problems).toEqual(['timed out: did not finish within 4 s'])
    expect(isAlive(pid)).toBe(false)

    // The load it left running was stopped: its clients write nothing more.
    const clocks = () => room!.clients.map((client) => Y.getState(client.doc.store, client.doc.clientID))
    const before = clocks()
    await sleep(500)
    expect(clocks()).toEqual(before)
    room!.close()

    // The run goes on: the next point gets a fresh server that answers.
    const memory = await withServer(context, definition, (session) => session.server.memoryAfterGc())
    expect(memory.rss).toBeGreaterThan(0)
  })
})
