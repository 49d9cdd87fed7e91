import { backoffDelay, DEFAULT_RETRY, isTransient, mayRetry, parseRetryAfter } from './retry-policy'

describe('retry policy', () => {
  it.each([
    [{ status: 429 }, false, true],
    [{ status: 503 }, false, false],
    [{ status: 503 }, true, true],
    [{ networkError: true }, true, true],
    [{ networkError: true }, false, false],
    [{ status: 400 }, true, false],
    [{ status: 404 }, true, false],
  ])('%j (safe to repeat: %s) → retry %s', (outcome, safe, expected) => {
    expect(mayRetry(outcome, safe)).toBe(expected)
  })

  it('treats 5xx, 429 and dropped connections as transient, other 4xx as permanent', () => {
    expect([500, 502, 503, 504, 429].every((status) => isTransient({ status }))).toBe(true)
    expect(isTransient({ status: 401 })).toBe(false)
  })

  it('backs off exponentially with jitter, capped, and never below Retry-After', () => {
    expect(backoffDelay(1, {}, DEFAULT_RETRY, () => 0)).toBe(125)
    expect(backoffDelay(1, {}, DEFAULT_RETRY, () => 1)).toBe(250)
    expect(backoffDelay(3, {}, DEFAULT_RETRY, () => 1)).toBe(1000)
    expect(backoffDelay(20, {}, DEFAULT_RETRY, () => 1)).toBe(DEFAULT_RETRY.maxDelayMs)
    expect(backoffDelay(1, { retryAfterMs: 3000 }, DEFAULT_RETRY, () => 0)).toBe(3000)
  })

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-22T10:00:00Z')
    expect(parseRetryAfter('2', now)).toBe(2000)
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:05 GMT', now)).toBe(5000)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
  })
})
