/**
 * A seeded pseudo-random generator (mulberry32), so that every fuzz run can be replayed from the
 * seed its failure message prints.
 */
export class Prng {
  private state: number

  constructor(readonly seed: number) {
    this.state = seed >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [0, max). */
  int(max: number): number {
    return Math.floor(this.next() * max)
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(values: readonly T[]): T {
    if (values.length === 0) throw new Error('pick from an empty list')
    return values[this.int(values.length)]!
  }

  /** One of the options, each as likely as its weight. */
  weighted<T>(options: readonly (readonly [number, T])[]): T {
    const total = options.reduce((sum, [weight]) => sum + weight, 0)
    let roll = this.next() * total
    for (const [weight, value] of options) {
      roll -= weight
      if (roll < 0) return value
    }
    return options[options.length - 1]![1]
  }

  /** A random unsigned 32-bit number (e.g. a fresh Yjs client id). */
  uint32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0
  }
}

/** A seed for a run that was given none. */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!
}
