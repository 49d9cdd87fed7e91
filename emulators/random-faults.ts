/**
 * Probabilistic faults shared by both emulators: each matching call fails with probability `rate`, with one of a
 * set of kinds, drawn from a seeded generator so a run can be replayed. The emulators turn a drawn fault into their
 * own error answers (HubSpot's and Botpress' bodies differ); this module only decides what happens.
 */

export const RANDOM_FAULT_KINDS = [
  '429-retry-after',
  '429',
  '500',
  '502',
  '503',
  'processed-then-dropped',
  'connection-reset',
  'slow',
] as const

/**
 * - `429-retry-after` / `429`: a rate limit with / without `Retry-After`, starting a burst of 429s;
 * - `500`, `502`, `503`: a server error, nothing applied;
 * - `processed-then-dropped`: the call is applied, then the connection drops before the answer (a timeout seen
 *   from the client); the kind that exposes duplicates when a client retries a non-idempotent write;
 * - `connection-reset`: the connection drops before anything is applied;
 * - `slow`: the answer is normal but late.
 */
export type RandomFaultKind = (typeof RANDOM_FAULT_KINDS)[number]

export type RandomFaultOptions = {
  /** Probability that a matching call fails, 0..1. */
  rate: number
  /** Seed of the generator; the same seed and the same call order give the same faults. */
  seed: number
  /** Kinds to choose from, uniformly; default all. */
  kinds?: ReadonlyArray<RandomFaultKind>
  /** Only calls of these operations (route names) are faulted; default all. */
  operations?: ReadonlyArray<string>
  /** Only calls with these HTTP methods are faulted; default all. */
  methods?: ReadonlyArray<string>
  /** A drawn 429 also rejects up to this many of the next matching calls (a burst); default 2. */
  burstMax?: number
  /** Range of `Retry-After` seconds for `429-retry-after`, inclusive integers; default [0, 1]. */
  retryAfterSeconds?: readonly [number, number]
  /** Range of the delay of `slow`, in ms; default [50, 300]. */
  slowMs?: readonly [number, number]
}

export type DrawnFault =
  | { kind: '429-retry-after'; status: 429; retryAfterSeconds: number }
  | { kind: '429'; status: 429 }
  | { kind: '500' | '502' | '503'; status: 500 | 502 | 503 }
  | { kind: 'processed-then-dropped' }
  | { kind: 'connection-reset' }
  | { kind: 'slow'; delayMs: number }

export type RandomFaultCall = { operation?: string; method: string }

/** mulberry32: a tiny, well-distributed 32-bit generator; plenty for picking faults. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const emptyCounts = (): Record<RandomFaultKind, number> =>
  Object.fromEntries(RANDOM_FAULT_KINDS.map((kind) => [kind, 0])) as Record<RandomFaultKind, number>

export class RandomFaults {
  private readonly random: () => number
  private readonly kinds: ReadonlyArray<RandomFaultKind>
  private burst: { remaining: number; fault: DrawnFault } | undefined
  /** Faulted answers per kind (each 429 of a burst counts). */
  public readonly counts = emptyCounts()
  /** Calls that matched the filters, faulted or not. */
  public considered = 0

  public constructor(private readonly options: RandomFaultOptions) {
    if (!(options.rate >= 0 && options.rate <= 1)) throw new Error(`random faults: rate must be within 0..1`)
    this.kinds = options.kinds ?? RANDOM_FAULT_KINDS
    if (this.kinds.length === 0) throw new Error('random faults: kinds must not be empty')
    this.random = seededRandom(options.seed)
  }

  /** The fault for this call, or undefined to answer normally. */
  public draw(call: RandomFaultCall): DrawnFault | undefined {
    if (!this.matches(call)) return undefined
    this.considered++
    if (this.burst) {
      const { fault } = this.burst
      if (--this.burst.remaining <= 0) this.burst = undefined
      return this.count(fault)
    }
    if (this.random() >= this.options.rate) return undefined
    const fault = this.build(this.kinds[Math.floor(this.random() * this.kinds.length)]!)
    if (fault.kind === '429' || fault.kind === '429-retry-after') {
      const extra = Math.floor(this.random() * ((this.options.burstMax ?? 2) + 1))
      if (extra > 0) this.burst = { remaining: extra, fault }
    }
    return this.count(fault)
  }

  private matches(call: RandomFaultCall): boolean {
    const { operations, methods } = this.options
    if (operations && (call.operation === undefined || !operations.includes(call.operation))) return false
    if (methods && !methods.some((method) => method.toUpperCase() === call.method.toUpperCase())) return false
    return true
  }

  private between([min, max]: readonly [number, number]): number {
    return min + Math.floor(this.random() * (max - min + 1))
  }

  private build(kind: RandomFaultKind): DrawnFault {
    switch (kind) {
      case '429-retry-after':
        return { kind, status: 429, retryAfterSeconds: this.between(this.options.retryAfterSeconds ?? [0, 1]) }
      case '429':
        return { kind, status: 429 }
      case '500':
      case '502':
      case '503':
        return { kind, status: Number(kind) as 500 | 502 | 503 }
      case 'slow':
        return { kind, delayMs: this.between(this.options.slowMs ?? [50, 300]) }
      case 'processed-then-dropped':
      case 'connection-reset':
        return { kind }
    }
  }

  private count(fault: DrawnFault): DrawnFault {
    this.counts[fault.kind]++
    return fault
  }
}
