import { ConversationsApi } from '../../src/hubspot/conversations'
import { HubSpotHttp } from '../../src/hubspot/http'
import { type Clock, RateLimiter } from '../../src/hubspot/rate-limiter'
import { useHarness } from '../support/harness'

// A small, fast window so the test runs in seconds; the algorithm is the same at 100 per 10 s.
const BUDGET = { max: 20, intervalMs: 1000 }
const harness = useHarness({ rateLimit: BUDGET })

const quietLogger = { debug: () => {}, info: () => {}, warn: () => {} }

/** The real clock, with every wait a pacer decides recorded. */
function recordingClock(waits: number[]): Clock {
  return {
    now: () => Date.now(),
    sleep: async (ms) => {
      waits.push(ms)
      await new Promise((resolve) => setTimeout(resolve, ms))
    },
  }
}

/** What one serverless instance has: its own pacer, knowing nothing of the other's calls. */
function instance(accessToken: string, paced: boolean, waits: number[]) {
  const limiter = () => new RateLimiter({ ...BUDGET, reserve: 2 }, recordingClock(waits))
  const http = new HubSpotHttp(quietLogger, [], paced ? { general: limiter(), search: limiter() } : undefined)
  return new ConversationsApi(http, { type: 'oauth', accessToken: async () => accessToken }, quietLogger)
}

async function burst(paced: boolean) {
  const h = harness()
  const token = h.hubspot.issueAccessToken()
  const waits: number[] = []
  const [a, b] = [instance(token, paced, waits), instance(token, paced, waits)]
  const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).getActor('A-5001')))
  return {
    ok: results.filter((r) => r.status === 'fulfilled').length,
    rejected429: h.hubspot.calls.filter((c) => c.status === 429).length,
    sent: h.hubspot.calls.length,
    waits,
  }
}

describe('rate limiting across instances', () => {
  it("two paced instances share one account's budget without a 429 storm", async () => {
    const paced = await burst(true)
    expect(paced.ok).toBe(40)
    // 40 calls at 20 per second: about two windows, with at most a handful of 429s while the pacers learn.
    expect(paced.rejected429).toBeLessThanOrEqual(4)
    // Each 429 was sent again once, and nothing else was: 40 calls reached HubSpot plus one per 429.
    expect(paced.sent).toBe(40 + paced.rejected429)
    // The budget ran out in the first window, so the pacers held calls back, but never past one window:
    // the whole burst takes about two windows, not a pause per call.
    expect(paced.waits.length).toBeGreaterThan(0)
    expect(Math.max(...paced.waits)).toBeLessThanOrEqual(BUDGET.intervalMs)
  })

  it('without pacing the same burst hits the limit hard (the control)', async () => {
    const unpaced = await burst(false)
    expect(unpaced.rejected429).toBeGreaterThanOrEqual(15)
    expect(unpaced.waits).toEqual([])
  })
})
