/** Fault injection, same contract as the Botpress emulator: the next matching calls fail or slow down. */

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
  /** Wait before answering; alone, the call then proceeds normally. */
  delayMs?: number
  /** How many matching calls this fault applies to (default 1; Infinity for all). */
  times?: number
}

type ActiveFault = FaultSpec & { remaining: number }

export class FaultInjector {
  private faults: ActiveFault[] = []

  add(spec: FaultSpec): void {
    this.faults.push({ ...spec, remaining: spec.times ?? 1 })
  }

  clear(): void {
    this.faults = []
  }

  get pending(): number {
    return this.faults.length
  }

  /** Consumes and returns the first fault matching this call, if any. */
  take(call: { operation: string; method: string; path: string }): FaultSpec | undefined {
    const index = this.faults.findIndex((fault) => matches(fault, call))
    if (index === -1) return undefined
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
