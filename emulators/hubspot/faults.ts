/**
 * Fault injection, same contract as the Botpress emulator: the next matching calls fail or slow down. A random mode
 * (`setRandom`) fails any matching call with a probability, after the scripted faults.
 */
import { RandomFaults, type DrawnFault, type RandomFaultOptions } from '../random-faults'

export type FaultSpec = {
  /** Route name, e.g. 'publishMessage' or 'refreshToken'. */
  operation?: string
  method?: string
  /** Exact pathname, or a RegExp tested against the pathname. */
  path?: string | RegExp
  /** HTTP status to answer with (429 gets HubSpot's rate-limit body). */
  status?: number
  /** Adds `Retry-After: <seconds>`. */
  retryAfterSeconds?: number
  /** Answer with `Response.error()` (a dropped connection). */
  networkError?: boolean
  /**
   * Handle the call normally (state changes), then drop the connection before the answer: a timeout as the client
   * sees it. The call log keeps the real status.
   */
  dropResponse?: boolean
  /** Wait before answering; alone, the call then proceeds normally. */
  delayMs?: number
  /** How many matching calls this fault applies to (default 1; Infinity for all). */
  times?: number
}

type ActiveFault = FaultSpec & { remaining: number }

export class FaultInjector {
  private faults: ActiveFault[] = []
  private random: RandomFaults | undefined

  /** Turns the random mode on with these options, or off with undefined. */
  setRandom(options: RandomFaultOptions | undefined): void {
    this.random = options ? new RandomFaults(options) : undefined
  }

  /** Faulted answers per kind and calls considered since the random mode was turned on. */
  get randomStats(): { counts: RandomFaults['counts']; considered: number } | undefined {
    return this.random && { counts: { ...this.random.counts }, considered: this.random.considered }
  }

  add(spec: FaultSpec): void {
    this.faults.push({ ...spec, remaining: spec.times ?? 1 })
  }

  /** Forgets the scripted faults and turns the random mode off. */
  clear(): void {
    this.faults = []
    this.random = undefined
  }

  get pending(): number {
    return this.faults.length
  }

  /** Consumes and returns the first fault matching this call, if any; else the random mode's draw. */
  take(call: { operation: string; method: string; path: string }): FaultSpec | undefined {
    const index = this.faults.findIndex((fault) => matches(fault, call))
    if (index === -1) {
      const drawn = this.random?.draw(call)
      return drawn && toSpec(drawn)
    }
    const fault = this.faults[index] as ActiveFault
    fault.remaining -= 1
    if (fault.remaining <= 0) this.faults.splice(index, 1)
    return fault
  }
}

function matches(fault: FaultSpec, call: { operation: string; method: string; path: string }): boolean {
  if (fault.operation !== undefined && fault.operation !== call.operation) return false
  if (fault.method !== undefined && fault.method.toUpperCase() !== call.method) return false
  if (fault.path instanceof RegExp) return fault.path.test(call.path)
  if (fault.path !== undefined && fault.path !== call.path) return false
  return true
}

function toSpec(fault: DrawnFault): FaultSpec {
  switch (fault.kind) {
    case '429-retry-after':
      return { status: 429, retryAfterSeconds: fault.retryAfterSeconds }
    case '429':
    case '500':
    case '502':
    case '503':
      return { status: fault.status }
    case 'processed-then-dropped':
      return { dropResponse: true }
    case 'connection-reset':
      return { networkError: true }
    case 'slow':
      return { delayMs: fault.delayMs }
  }
}
