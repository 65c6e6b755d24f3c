import { performance } from 'node:perf_hooks'
import { LoopDelayMonitor } from './loop-delay'
import type { RunningServer } from '../servers/launch'
import { processCpuMicros, runQueueWaitMicros } from './proc'

/** CPU of the server and of this generator over one window. */
export interface UsageFigures {
  wallSeconds: number
  serverCpuMicros: number
  serverCpuPercent: number
  generatorCpuPercent: number
  /** The kernel's part of it (system calls, and on loopback the TCP work of the packets it sends). */
  generatorSystemPercent: number
  /** p99 of this process' event-loop delay: a busy generator delays its own timestamps. */
  generatorLoopDelayP99Ms: number
  /**
   * Share of the window the server's (or the generator's, whichever is worse) main thread was
   * ready to run but waited for its core: how much other work on the machine disturbed it.
   */
  waitPercent: number
  serverWaitPercent: number
  generatorWaitPercent: number
  /** The server's own event-loop delay: how long it was blocked (GC, a long task) before it could react. */
  serverLoopDelayP99Ms: number
  serverLoopDelayMaxMs: number
}

/** Samples server and generator CPU between `start()` and `stop()`, and marks the window in the server. */
export class UsageSampler {
  private startWall = 0
  private startServer = 0
  private startGenerator = process.cpuUsage()
  private startServerWait = 0
  private startGeneratorWait = 0
  private readonly loopDelay = new LoopDelayMonitor()

  constructor(private readonly server: RunningServer) {}

  private get serverPid(): number {
    return this.server.pid
  }

  start(): void {
    this.server.startWindow()
    this.startWall = performance.now()
    this.startServer = processCpuMicros(this.serverPid)
    this.startGenerator = process.cpuUsage()
    this.startServerWait = runQueueWaitMicros(this.serverPid)
    this.startGeneratorWait = runQueueWaitMicros('self')
    this.loopDelay.start()
  }

  async stop(): Promise<UsageFigures> {
    const serverLoop = this.server.endWindow()
    const wallSeconds = (performance.now() - this.startWall) / 1000
    const serverCpuMicros = processCpuMicros(this.serverPid) - this.startServer
    const generator = process.cpuUsage(this.startGenerator)
    const percentOfWindow = (micros: number) => (micros / 1e6 / wallSeconds) * 100
    const serverWaitPercent = percentOfWindow(runQueueWaitMicros(this.serverPid) - this.startServerWait)
    const generatorWaitPercent = percentOfWindow(runQueueWaitMicros('self') - this.startGeneratorWait)
    const generatorLoop = this.loopDelay.stop()
    const { loopDelayP99Ms, loopDelayMaxMs } = await serverLoop
    return {
      wallSeconds,
      serverCpuMicros,
      serverCpuPercent: (serverCpuMicros / 1e6 / wallSeconds) * 100,
      generatorCpuPercent: ((generator.user + generator.system) / 1e6 / wallSeconds) * 100,
      generatorSystemPercent: (generator.system / 1e6 / wallSeconds) * 100,
      generatorLoopDelayP99Ms: generatorLoop.p99Ms,
      waitPercent: Math.max(serverWaitPercent, generatorWaitPercent),
      serverWaitPercent,
      generatorWaitPercent,
      serverLoopDelayP99Ms: loopDelayP99Ms,
      serverLoopDelayMaxMs: loopDelayMaxMs,
    }
  }
}
