import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { SERVER_CORE } from '../servers/cores'
import type { RunningServer } from '../servers/launch'
import { coreBusyMicros, processCpuMicros } from './proc'

/** CPU of the server and of this generator over one window. */
export interface UsageFigures {
  wallSeconds: number
  serverCpuMicros: number
  serverCpuPercent: number
  generatorCpuPercent: number
  /** p99 of this process' event-loop delay: a busy generator delays its own timestamps. */
  generatorLoopDelayP99Ms: number
  /**
   * Share of the server's core used by anything but the server (other processes on the
   * machine, interrupts) or stolen by the hypervisor: the noise in this window's figures.
   */
  serverCoreForeignPercent: number
}

/** Samples server and generator CPU between `start()` and `stop()`, and marks the window in the server. */
export class UsageSampler {
  private startWall = 0
  private startServer = 0
  private startGenerator = process.cpuUsage()
  private startCore = 0
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 })

  constructor(private readonly server: RunningServer) {}

  private get serverPid(): number {
    return this.server.pid
  }

  start(): void {
    this.server.markWindow('window-start')
    this.startWall = performance.now()
    this.startServer = processCpuMicros(this.serverPid)
    this.startGenerator = process.cpuUsage()
    this.startCore = coreBusyMicros(SERVER_CORE)
    this.loopDelay.reset()
    this.loopDelay.enable()
  }

  stop(): UsageFigures {
    this.server.markWindow('window-end')
    const wallSeconds = (performance.now() - this.startWall) / 1000
    const serverCpuMicros = processCpuMicros(this.serverPid) - this.startServer
    const generator = process.cpuUsage(this.startGenerator)
    const coreBusy = coreBusyMicros(SERVER_CORE) - this.startCore
    this.loopDelay.disable()
    return {
      wallSeconds,
      serverCpuMicros,
      serverCpuPercent: (serverCpuMicros / 1e6 / wallSeconds) * 100,
      generatorCpuPercent: ((generator.user + generator.system) / 1e6 / wallSeconds) * 100,
      generatorLoopDelayP99Ms: this.loopDelay.percentile(99) / 1e6,
      serverCoreForeignPercent: (Math.max(0, coreBusy - serverCpuMicros) / 1e6 / wallSeconds) * 100,
    }
  }
}
