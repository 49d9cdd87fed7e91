/**
 * What a fault does to a Botpress call, for resilience tests ("Botpress answers 503, HubSpot redelivers"); the
 * queue that applies them is shared with the HubSpot emulator (../fault-queue.ts). `operation` is the client's
 * operation name, e.g. `createMessage`.
 */
import type { ScriptedFault } from '../fault-queue'
import type { DrawnFault } from '../random-faults'

export type FaultSpec = ScriptedFault & {
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
}

/**
 * Rate limits and server errors carry `Retry-After` (0 unless drawn otherwise) except the kind that must not: the
 * SDK's client waits `Retry-After` seconds, or 1–3 s without it, and a fault suite has thousands of calls.
 */
export function botpressFault(fault: DrawnFault): FaultSpec {
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
