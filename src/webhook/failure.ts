import { isApiError } from '@botpress/sdk'
import { untilActive } from '../hitl/activation'
import type { SessionRecord } from '../hitl/session-record'
import { isHubSpotError } from '../hubspot/errors'

/** Not a failure: the event cannot be acted on yet, and HubSpot's redelivery will find it actionable. */
export class RedeliveryWanted extends Error {
  public constructor(reason: string) {
    super(`waiting for redelivery: ${reason}`)
    this.name = 'RedeliveryWanted'
  }
}

/**
 * An event the HITL plugin would drop while it may not have activated the session yet (see
 * SessionRecord.mayNotBeActiveYet) is held briefly for the activation (untilActive), else left to HubSpot's
 * redelivery.
 */
export async function activeOrRedeliver(session: SessionRecord): Promise<void> {
  if (!(await untilActive(session)))
    throw new RedeliveryWanted(`the HITL plugin may not have activated session ${session.id} yet`)
}

/**
 * Transient failures (an API's 5xx or 429, a timeout, a dropped connection) are answered with a 5xx so
 * HubSpot delivers the event again; the handlers are idempotent, so a redelivery finishes the job.
 */
export function isTransientFailure(thrown: unknown): boolean {
  if (thrown instanceof RedeliveryWanted) return true
  if (isHubSpotError(thrown)) return thrown.transient
  if (isApiError(thrown)) return thrown.code >= 500 || thrown.code === 429
  const code = (thrown as { code?: unknown } | undefined)?.code
  return (
    typeof code === 'string' &&
    /^(ECONNRESET|ETIMEDOUT|ECONNABORTED|ECONNREFUSED|EPIPE|EAI_AGAIN|ERR_NETWORK)$/.test(code)
  )
}
