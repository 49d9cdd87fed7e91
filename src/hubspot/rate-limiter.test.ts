import { RateBudgetExceeded, RateLimiter } from './rate-limiter'

/** A clock tests can move; sleeping advances it instantly. */
function fakeClock(start = 1_000_000) {
  let now = start
  return { now: () => now, sleep: async (ms: number) => void (now += ms), advance: (ms: number) => void (now += ms) }
}

describe('RateLimiter', () => {
  it('lets calls through until the local window is full (minus the reserve), then waits for the oldest to expire', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter({ max: 10, intervalMs: 1000, reserve: 2 }, clock)
    for (let i = 0; i < 8; i++) (await limiter.acquire())()
    const start = clock.now()
    await limiter.acquire()
    expect(clock.now() - start).toBe(1000)
  })

  it("slows down when HubSpot's remaining count (shared with other instances) runs low", async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter({ max: 100, intervalMs: 10_000, reserve: 10 }, clock)
    limiter.observe(
      {
        'x-hubspot-ratelimit-max': '100',
        'x-hubspot-ratelimit-interval-milliseconds': '10000',
        'x-hubspot-ratelimit-remaining': '12',
      },
      200,
    )
    ;(await limiter.acquire())()
    ;(await limiter.acquire())()
    // 10 left = the reserve: the next call waits until the observed window has passed.
    expect(limiter.delayBeforeNextCall(clock.now())).toBe(10_000)
    clock.advance(10_000)
    expect(limiter.delayBeforeNextCall(clock.now())).toBe(0)
  })

  it('treats a 429 as an empty budget until the window has passed', () => {
    const clock = fakeClock()
    const limiter = new RateLimiter({ max: 100, intervalMs: 10_000, reserve: 10 }, clock)
    limiter.observe({ 'x-hubspot-ratelimit-max': '100', 'x-hubspot-ratelimit-interval-milliseconds': '10000' }, 429)
    expect(limiter.delayBeforeNextCall(clock.now())).toBe(10_000)
    clock.advance(10_000)
    expect(limiter.delayBeforeNextCall(clock.now())).toBe(0)
  })

  it('pauses for exactly the Retry-After of a 429 that has one, not a whole window', () => {
    const clock = fakeClock()
    const limiter = new RateLimiter({ max: 100, intervalMs: 10_000, reserve: 10 }, clock)
    limiter.observe({ 'retry-after': '2', 'x-hubspot-ratelimit-remaining': '0' }, 429)
    expect(limiter.delayBeforeNextCall(clock.now())).toBe(2000)
    clock.advance(2000)
    expect(limiter.delayBeforeNextCall(clock.now())).toBe(0)
  })

  it('refuses to wait past the deadline', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter({ max: 2, intervalMs: 10_000, reserve: 0 }, clock)
    ;(await limiter.acquire())()
    ;(await limiter.acquire())()
    await expect(limiter.acquire(clock.now() + 5000)).rejects.toBeInstanceOf(RateBudgetExceeded)
  })

  it('keeps at most maxInFlight calls outstanding, so answers arrive between sends', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter({ max: 100, intervalMs: 10_000, reserve: 10, maxInFlight: 2 }, clock)
    const first = await limiter.acquire()
    await limiter.acquire()
    expect(limiter.delayBeforeNextCall(clock.now())).toBeGreaterThan(0)
    first()
    expect(limiter.delayBeforeNextCall(clock.now())).toBe(0)
  })

  it('ignores answers without rate-limit headers', () => {
    const clock = fakeClock()
    const limiter = new RateLimiter({ max: 100, intervalMs: 10_000, reserve: 10 }, clock)
    limiter.observe({}, 200)
    expect(limiter.delayBeforeNextCall(clock.now())).toBe(0)
  })
})
