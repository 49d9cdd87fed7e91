/**
 * Scripted failures for resilience tests ("Botpress answers 503, HubSpot redelivers"). A fault applies to the next
 * `times` matching calls, before normal handling; several pending faults are tried in the order they were injected.
 * A random mode (`setRandom`) fails any matching call with a probability, after the scripted faults.
 */
import { RandomFaults, type DrawnFault, type RandomFaultOptions } from '../random-faults'

export type FaultSpec = {
  /** Client operation name, e.g. `createMessage`. */
  operation?: string
  method?: string
  /** Exact pathname, or a pattern tested against it. */
  path?: string | RegExp
  /** Answer this status with a proper error body instead of handling the call. */
  status?: number
  /** Error `type` in the body; defaults to the one the API pairs with `status`. */
  type?: string
  message?: string
  /** Extra response headers, e.g. `{ 'retry-after': '0' }` to make the SDK's retry immediate. */
  headers?: Record<string, string>
  /** Drop the connection (`Response.error()`); the client sees a network error. */
  networkError?: boolean
  /** Handle the call normally (state changes), then drop the connection before the answer: a timeout to the client. */
  dropResponse?: boolean
  /** Wait this long first; alone, the call is then handled normally. */
  delayMs?: number
  /** How many matching calls this fault hits; default 1. */
  times?: number
}

export type FaultTarget = { method: string; path: string; operation?: string }

type PendingFault = { spec: FaultSpec; remaining: number }

export class FaultQueue {
  private pending: PendingFault[] = []
  private random: RandomFaults | undefined

  /** Turns the random mode on with these options, or off with undefined. */
  public setRandom(options: RandomFaultOptions | undefined): void {
    this.random = options ? new RandomFaults(options) : undefined
  }

  /** Faulted answers per kind and calls considered since the random mode was turned on. */
  public get randomStats(): { counts: RandomFaults['counts']; considered: number } | undefined {
    return this.random && { counts: { ...this.random.counts }, considered: this.random.considered }
  }

  public add(spec: FaultSpec): void {
    const times = spec.times ?? 1
    if (!Number.isInteger(times) || times < 1) throw new Error(`injectFault: times must be a positive integer`)
    if (spec.status !== undefined && (spec.status < 100 || spec.status > 599)) {
      throw new Error(`injectFault: status ${spec.status} is not an HTTP status`)
    }
    this.pending.push({ spec, remaining: times })
  }

  /** The first pending fault matching the call, consuming one of its `times`; else the random mode's draw. */
  public take(target: FaultTarget): FaultSpec | undefined {
    const found = this.pending.find((fault) => matches(fault.spec, target))
    if (!found) {
      const drawn = this.random?.draw(target)
      return drawn && toSpec(drawn)
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

function matches(spec: FaultSpec, target: FaultTarget): boolean {
  if (spec.operation !== undefined && spec.operation !== target.operation) return false
  if (spec.method !== undefined && spec.method.toUpperCase() !== target.method) return false
  if (spec.path instanceof RegExp) {
    spec.path.lastIndex = 0 // a /g or /y pattern would otherwise remember the previous match
    return spec.path.test(target.path)
  }
  if (spec.path !== undefined) return spec.path === target.path
  return true
}

/**
 * Rate limits and server errors carry `Retry-After` (0 unless drawn otherwise) except the kind that must not: the
 * SDK's client waits `Retry-After` seconds, or 1–3 s without it, and a fault suite has thousands of calls.
 */
function toSpec(fault: DrawnFault): FaultSpec {
  switch (fault.kind) {
    case '429-retry-after':
      return { status: 429, headers: { 'retry-after': String(fault.retryAfterSeconds) } }
    case '429':
      return { status: 429 }
    case '500':
    case '502':
    case '503':
      return { status: fault.status, headers: { 'retry-after': '0' } }
    case 'processed-then-dropped':
      return { dropResponse: true }
    case 'connection-reset':
      return { networkError: true }
    case 'slow':
      return { delayMs: fault.delayMs }
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
