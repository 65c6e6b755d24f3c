import { readdirSync, readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { processCpuMicros } from '../metrics/proc'

/** CPU time (µs) of the whole machine and of this process with all its descendants (the browser). */
interface Reading {
  at: number
  machineBusyMicros: number
  oursMicros: number
}

const ticksToMicros = 1e6 / 100

/** Busy time of all cores from /proc/stat (everything but idle and iowait). */
function machineBusyMicros(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const [user, nice, system, , , irq, softirq, steal] = fields
  return (user! + nice! + system! + irq! + softirq! + steal!) * ticksToMicros
}

/** This process and every process below it (Chromium's browser, renderer, GPU and utility processes). */
function ourProcesses(): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)])
    } catch {
      // the process ended while we looked
    }
  }
  const found = [process.pid]
  for (let i = 0; i < found.length; i++) found.push(...(children.get(found[i]!) ?? []))
  return found
}

function read(): Reading {
  let ours = 0
  for (const pid of ourProcesses()) {
    try {
      ours += processCpuMicros(pid)
    } catch {
      // ended meanwhile
    }
  }
  return { at: performance.now(), machineBusyMicros: machineBusyMicros(), oursMicros: ours }
}

/**
 * Measures how busy the machine was with work other than this benchmark (server, peer and
 * browser) between `start()` and `stop()`, in percent of all cores: on this shared machine a
 * figure taken while others compiled or ran tests is worse than the app.
 */
export function startLoadMeter(): { stop(): { othersPercent: number; oursPercent: number } } {
  const begin = read()
  return {
    stop() {
      const end = read()
      const capacity = (end.at - begin.at) * 1000 * cpus().length
      const ours = Math.max(0, end.oursMicros - begin.oursMicros)
      const others = Math.max(0, end.machineBusyMicros - begin.machineBusyMicros - ours)
      return { othersPercent: (100 * others) / capacity, oursPercent: (100 * ours) / capacity }
    },
  }
}
