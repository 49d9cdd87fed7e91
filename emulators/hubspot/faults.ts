/**
 * What a fault does to a HubSpot call; the queue that applies them (scripted, then random) is shared with the
 * Botpress emulator (../fault-queue.ts). `operation` is a route name, e.g. 'publishMessage' or 'refreshToken'.
 */
import type { ScriptedFault } from '../fault-queue'
import type { DrawnFault } from '../random-faults'

export type FaultSpec = ScriptedFault & {
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
}

export function hubspotFault(fault: DrawnFault): FaultSpec {
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
