import { ConversationsApi } from '../../src/hubspot/conversations'
import { HubSpotHttp } from '../../src/hubspot/http'
import { RateLimiter } from '../../src/hubspot/rate-limiter'
import { useHarness } from '../support/harness'

// A small, fast window so the test runs in seconds; the algorithm is the same at 100 per 10 s.
const BUDGET = { max: 20, intervalMs: 1000 }
const harness = useHarness({ rateLimit: BUDGET })

const quietLogger = { debug: () => {}, info: () => {}, warn: () => {} }

/** What one serverless instance has: its own pacer, knowing nothing of the other's calls. */
function instance(accessToken: string, paced: boolean) {
  const limiter = () => new RateLimiter({ ...BUDGET, reserve: 2 })
  const http = new HubSpotHttp(quietLogger, [], paced ? { general: limiter(), search: limiter() } : undefined)
  return new ConversationsApi(http, { type: 'oauth', accessToken: async () => accessToken })
}

async function burst(paced: boolean) {
  const h = harness()
  const token = h.hubspot.issueAccessToken()
  const [a, b] = [instance(token, paced), instance(token, paced)]
  const started = Date.now()
  const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).getActor('A-5001')))
  return {
    ok: results.filter((r) => r.status === 'fulfilled').length,
    rejected429: h.hubspot.calls.filter((c) => c.status === 429).length,
    ms: Date.now() - started,
  }
}

describe('rate limiting across instances', () => {
  it("two paced instances share one account's budget without a 429 storm", async () => {
    const paced = await burst(true)
    expect(paced.ok).toBe(40)
    // 40 calls at 20 per second: about two windows, with at most a handful of 429s while the pacers learn.
    expect(paced.rejected429).toBeLessThanOrEqual(4)
    expect(paced.ms).toBeLessThan(8000)
  })

  it('without pacing the same burst hits the limit hard (the control)', async () => {
    const unpaced = await burst(false)
    expect(unpaced.rejected429).toBeGreaterThanOrEqual(15)
  })
})
