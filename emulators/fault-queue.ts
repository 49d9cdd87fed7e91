/**
 * The scripted and random faults both emulators share: a fault applies to the next `times` matching calls, before
 * normal handling; several pending faults are tried in the order they were injected. The random mode fails any
 * other matching call with a probability. Each emulator says what a fault does (its own `FaultSpec`) and how a
 * drawn random fault becomes one.
 */
import { RandomFaults, type DrawnFault, type RandomFaultOptions } from './random-faults'

/** What every fault spec has: which calls it matches and how many it hits. */
export type ScriptedFault = {
  operation?: string
  method?: string
  /** Exact pathname, or a pattern tested against it. */
  path?: string | RegExp
  status?: number
  /** How many matching calls this fault hits; default 1, Infinity for all. */
  times?: number
}

export type FaultTarget = { method: string; path: string; operation?: string }

type PendingFault<S> = { spec: S; remaining: number }

export class FaultQueue<S extends ScriptedFault> {
  private pending: PendingFault<S>[] = []
  private random: RandomFaults | undefined

  public constructor(private readonly fromDrawn: (fault: DrawnFault) => S) {}

  /** Turns the random mode on with these options, or off with undefined. */
  public setRandom(options: RandomFaultOptions | undefined): void {
    this.random = options ? new RandomFaults(options) : undefined
  }

  /** Faulted answers per kind and calls considered since the random mode was turned on. */
  public get randomStats(): { counts: RandomFaults['counts']; considered: number } | undefined {
    return this.random && { counts: { ...this.random.counts }, considered: this.random.considered }
  }

  public add(spec: S): void {
    const times = spec.times ?? 1
    if (!(Number.isInteger(times) || times === Infinity) || times < 1) {
      throw new Error('injectFault: times must be a positive integer or Infinity')
    }
    if (spec.status !== undefined && (spec.status < 100 || spec.status > 599)) {
      throw new Error(`injectFault: status ${spec.status} is not an HTTP status`)
    }
    this.pending.push({ spec, remaining: times })
  }

  /** The first pending fault matching the call, consuming one of its `times`; else the random mode's draw. */
  public take(target: FaultTarget): S | undefined {
    const found = this.pending.find((fault) => matches(fault.spec, target))
    if (!found) {
      const drawn = this.random?.draw(target)
      return drawn && this.fromDrawn(drawn)
    }
    found.remaining -= 1
    if (found.remaining === 0) this.pending = this.pending.filter((fault) => fault !== found)
    return found.spec
  }

  /** Forgets the scripted faults and turns the random mode off. */
  public clear(): void {
    this.pending = []
    this.random = undefined
  }

  /** How many faulted calls are still to come, so a test can assert its faults were all hit. */
  public get remaining(): number {
    return this.pending.reduce((sum, fault) => sum + fault.remaining, 0)
  }
}

function matches(spec: ScriptedFault, target: FaultTarget): boolean {
  if (spec.operation !== undefined && spec.operation !== target.operation) return false
  if (spec.method !== undefined && spec.method.toUpperCase() !== target.method) return false
  if (spec.path instanceof RegExp) {
    spec.path.lastIndex = 0 // a /g or /y pattern would otherwise remember the previous match
    return spec.path.test(target.path)
  }
  if (spec.path !== undefined) return spec.path === target.path
  return true
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
