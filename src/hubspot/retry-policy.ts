/**
 * When to try a HubSpot call again, as pure functions. A 429 was rejected before HubSpot did anything, so
 * every call may be retried after it; a 5xx, a timeout or a dropped connection may have been applied, so
 * only calls that are safe to repeat (reads, and writes carrying an idempotency key) are retried.
 */

export type AttemptOutcome = { status?: number; networkError?: boolean; retryAfterMs?: number }

export type RetrySettings = {
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
  /** Total time a call may spend waiting between attempts; fits a serverless invocation. */
  budgetMs: number
}

export const DEFAULT_RETRY: RetrySettings = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 8_000, budgetMs: 20_000 }

const TRANSIENT_STATUSES = new Set([500, 502, 503, 504])

export function isTransient(outcome: AttemptOutcome): boolean {
  return outcome.networkError === true || outcome.status === 429 || TRANSIENT_STATUSES.has(outcome.status ?? 0)
}

export function mayRetry(outcome: AttemptOutcome, safeToRepeat: boolean): boolean {
  if (outcome.status === 429) return true
  return safeToRepeat && isTransient(outcome)
}

/** Full-jitter exponential backoff, never shorter than what HubSpot asked for in Retry-After. */
export function backoffDelay(
  attempt: number,
  outcome: AttemptOutcome,
  settings: RetrySettings = DEFAULT_RETRY,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1))
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2))
  return Math.max(jittered, outcome.retryAfterMs ?? 0)
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from now. */
export function parseRetryAfter(header: string | undefined, now: number = Date.now()): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
