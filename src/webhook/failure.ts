import { isApiError } from '@botpress/sdk'
import { RedeliveryWanted } from '../hitl/activation'
import { isHubSpotError } from '../hubspot/errors'

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
