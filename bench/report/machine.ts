import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, release } from 'node:os'

/** Where a run happened. */
export interface Machine {
  cores: number
  cpuModel: string
  node: string
  kernel: string
  commit: string
  date: string
}

/** Describes this machine and checkout. */
export function describeMachine(): Machine {
  return {
    cores: cpus().length,
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown',
    node: process.version,
    kernel: release(),
    commit: gitCommit(),
    date: new Date().toISOString(),
  }
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
  } catch {
    return 'unknown'
  }
}
