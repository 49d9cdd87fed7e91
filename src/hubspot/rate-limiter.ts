/**
 * Paces calls to one HubSpot account. Two sources of truth, and the stricter wins:
 * - the calls this process made in the last window (a sliding window of at most `max` calls);
 * - HubSpot's own count in the X-HubSpot-RateLimit-* headers, which includes the calls of every other
 *   serverless instance sharing the account's budget, minus what this process sent since. Nothing is
 *   assumed to free up before the observed window has passed: in a sliding window, capacity only returns
 *   as the oldest calls leave it, and those may be another instance's.
 * A small reserve is left for the other instances, and only a few calls are in flight at once, so HubSpot's
 * answers (and the other instances' consumption they reveal) arrive between sends instead of after a burst.
 * A 429 that says when to come back (Retry-After) pauses the account for exactly that long; one without it
 * is read as an empty budget until the window has passed.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { parseRetryAfter } from './retry-policy'

export type RateLimitSettings = { max: number; intervalMs: number; reserve: number; maxInFlight?: number }

export type Clock = { now(): number; sleep(ms: number): Promise<void> }

const systemClock: Clock = { now: () => Date.now(), sleep: async (ms) => void (await sleep(ms)) }

type ServerView = { remaining: number; max: number; intervalMs: number; at: number; sentSince: number }

export class RateBudgetExceeded extends Error {
  public constructor(public readonly waitMs: number) {
    super(`HubSpot rate limit: the next slot is ${waitMs} ms away, past this call's time budget`)
    this.name = 'RateBudgetExceeded'
  }
}

export class RateLimiter {
  private readonly _sent: number[] = []
  private _server: ServerView | undefined
  private _inFlight = 0
  private _pausedUntil = 0
  private readonly _maxInFlight: number

  public constructor(
    private readonly _settings: RateLimitSettings,
    private readonly _clock: Clock = systemClock,
  ) {
    this._maxInFlight = _settings.maxInFlight ?? Math.max(2, Math.round(_settings.max / 10))
  }

  /**
   * Waits for a slot and returns the function that releases it once the answer is in; throws
   * RateBudgetExceeded instead of waiting past `deadline` (epoch ms).
   */
  public async acquire(deadline = Infinity): Promise<() => void> {
    for (;;) {
      const now = this._clock.now()
      const wait = this.delayBeforeNextCall(now)
      if (wait <= 0) {
        this._sent.push(now)
        if (this._server) this._server.sentSince++
        this._inFlight++
        let released = false
        return () => {
          if (!released) this._inFlight--
          released = true
        }
      }
      if (now + wait > deadline) throw new RateBudgetExceeded(wait)
      await this._clock.sleep(wait)
    }
  }

  /** Milliseconds until a call may be made (0 when one may be made now). */
  public delayBeforeNextCall(now: number): number {
    const { max, intervalMs, reserve } = this._settings
    while (this._sent.length > 0 && this._sent[0]! <= now - intervalMs) this._sent.shift()
    const oldest = this._sent[0]
    const localWait = oldest !== undefined && this._sent.length >= max - reserve ? oldest + intervalMs - now : 0
    // A short poll: a slot frees up as soon as one answer comes back.
    const inFlightWait = this._inFlight >= this._maxInFlight ? 5 : 0
    return Math.max(localWait, this._serverWait(now), this._pausedUntil - now, inFlightWait, 0)
  }

  /** Learns HubSpot's view of the budget from a response; a 429 means none is left right now. */
  public observe(headers: Record<string, unknown>, status: number): void {
    const number = (name: string) => {
      const value = Number(headers[name])
      return Number.isFinite(value) ? value : undefined
    }
    const max = number('x-hubspot-ratelimit-max')
    const intervalMs = number('x-hubspot-ratelimit-interval-milliseconds')
    let remaining = number('x-hubspot-ratelimit-remaining')
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(headers['retry-after'] as string | undefined, this._clock.now())
      if (retryAfterMs !== undefined) {
        this._pausedUntil = Math.max(this._pausedUntil, this._clock.now() + retryAfterMs)
        this._server = undefined
        return
      }
      remaining = 0
    }
    if (remaining === undefined) return
    this._server = {
      remaining,
      max: max ?? this._server?.max ?? this._settings.max,
      intervalMs: intervalMs ?? this._server?.intervalMs ?? this._settings.intervalMs,
      at: this._clock.now(),
      // Calls still in flight may not be in HubSpot's count yet: assume they will be.
      sentSince: Math.max(0, this._inFlight - 1),
    }
  }

  private _serverWait(now: number): number {
    const server = this._server
    // HubSpot's window slides: once an observation is a window old, every call it counted has left it.
    if (!server || now - server.at >= server.intervalMs) return 0
    const reserve = Math.ceil((this._settings.reserve * server.max) / this._settings.max)
    const available = server.remaining - server.sentSince
    return available > reserve ? 0 : server.at + server.intervalMs - now
  }
}

const PUBLIC_APP_LIMIT = 100

/**
 * HubSpot's limits: 100 calls per 10 s per account for public apps (more on some tiers); search 4 per second.
 * A value that is not a positive number falls back to the public-app limit (the configuration schema refuses
 * it anyway; this keeps the pacer's arithmetic finite whatever reaches it), and the reserve always leaves at
 * least one call for this instance.
 */
export function defaultLimits(perTenSeconds: number = PUBLIC_APP_LIMIT) {
  const max = Number.isFinite(perTenSeconds) && perTenSeconds >= 1 ? Math.floor(perTenSeconds) : PUBLIC_APP_LIMIT
  return {
    general: { max, intervalMs: 10_000, reserve: Math.min(max - 1, Math.max(2, Math.round(max / 10))) },
    search: { max: 4, intervalMs: 1_000, reserve: 0 },
  }
}

// One pacer per HubSpot account and kind, shared by every call this process makes for that account.
const limiters = new Map<string, RateLimiter>()

export function limiterFor(account: string, kind: 'general' | 'search', perTenSeconds?: number): RateLimiter {
  const key = `${account}:${kind}:${perTenSeconds ?? 100}`
  let limiter = limiters.get(key)
  if (!limiter) {
    limiter = new RateLimiter(defaultLimits(perTenSeconds)[kind])
    limiters.set(key, limiter)
  }
  return limiter
}
