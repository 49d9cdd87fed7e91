/**
 * REGRESSION TEST for a bug the bad-input suite's configurations found (fixed: `defaultLimits` falls back to the
 * public-app limit for a value that is not a positive number and keeps the reserve below the maximum, the pacer
 * never reads an empty window, and register refuses a configuration its schema does not accept). It was:
 *
 * `apiRequestsPer10Seconds` below 3 (0, 1, 2, negative: the schema says min 10, but nothing in the integration
 * checks it) makes the HubSpot pacer spin forever. In src/hubspot/rate-limiter.ts, `defaultLimits(n)` keeps a
 * reserve of at least 2, so with an empty window `delayBeforeNextCall` takes
 * `this._sent.length >= max - reserve` (0 >= n - 2, true) and returns `this._sent[0]! + intervalMs - now` with
 * `_sent[0]` undefined: NaN. In `acquire`, `wait <= 0` and `now + wait > deadline` are both false for NaN, so it
 * sleeps NaN ms (1 ms) and loops for ever: the call's time budget never ends it, and `register` (every HubSpot call
 * of the install) never answers. A non-numeric value (a string) instead makes every call wait a full window.
 */
import { defaultLimits, RateBudgetExceeded, RateLimiter, type Clock } from '../../src/hubspot/rate-limiter'

/** A clock that never advances, and stops the loop (instead of spinning) after many sleeps. */
function stuckClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => 1_000_000,
    sleep: async (ms) => {
      sleeps.push(ms)
      if (sleeps.length > 100) throw new Error(`still waiting after ${sleeps.length} sleeps of ${ms} ms`)
    },
  }
}

describe.each([0, 1, 2, -5])('apiRequestsPer10Seconds = %p', (perTenSeconds) => {
  it('gives a finite delay before the next call', () => {
    const limiter = new RateLimiter(defaultLimits(perTenSeconds).general, stuckClock())
    expect(Number.isFinite(limiter.delayBeforeNextCall(1_000_000))).toBe(true)
  })

  it('fails the call once its deadline is past, instead of waiting for ever', async () => {
    const clock = stuckClock()
    const limiter = new RateLimiter(defaultLimits(perTenSeconds).general, clock)
    const outcome = await limiter.acquire(1_000_000 + 20_000).then(
      () => 'acquired',
      (thrown: unknown) => (thrown instanceof RateBudgetExceeded ? 'budget exceeded' : String(thrown)),
    )
    expect(outcome).toMatch(/^(acquired|budget exceeded)$/)
  })
})
