import { createHmac } from 'node:crypto'
import { constantTimeEqual, signV1, verifyHubSpotSignature, verifyV3 } from './signature'

const secret = 'client-secret-for-tests'
const url = 'https://webhook.botpress.cloud/wh-123'
const rawBody = '{"type":"OUTGOING_CHANNEL_MESSAGE_CREATED","text":"héllo ✓"}'
const now = 1_800_000_000_000

// Computed independently of the module under test, straight from HubSpot's description.
const expectedV3 = (timestamp: string, body = rawBody, method = 'POST', target = url) =>
  createHmac('sha256', secret)
    .update(method + target + body + timestamp)
    .digest('base64')

const request = (headers: Record<string, string>, body = rawBody) => ({ method: 'POST', url, rawBody: body, headers })

describe('v3 signatures', () => {
  const timestamp = String(now - 1000)
  const valid = { 'x-hubspot-signature-v3': expectedV3(timestamp), 'x-hubspot-request-timestamp': timestamp }

  it.each([
    ['valid', valid, true],
    ['missing signature', { 'x-hubspot-request-timestamp': timestamp }, false],
    ['missing timestamp', { 'x-hubspot-signature-v3': valid['x-hubspot-signature-v3'] }, false],
    ['wrong signature', { ...valid, 'x-hubspot-signature-v3': expectedV3(timestamp, '{}') }, false],
    [
      'truncated signature',
      { ...valid, 'x-hubspot-signature-v3': valid['x-hubspot-signature-v3'].slice(0, 10) },
      false,
    ],
    ['non-numeric timestamp', { ...valid, 'x-hubspot-request-timestamp': 'abc' }, false],
  ])('%s', (_name, headers, expected) => {
    expect(verifyV3(secret, request(headers), now).valid).toBe(expected)
  })

  it('rejects a body changed after signing', () => {
    expect(verifyV3(secret, request(valid, rawBody.replace('héllo', 'hello')), now)).toEqual({
      valid: false,
      reason: 'v3 signature mismatch',
    })
  })

  it('rejects a timestamp older than five minutes, even when correctly signed', () => {
    const old = String(now - 5 * 60_000 - 1)
    const headers = { 'x-hubspot-signature-v3': expectedV3(old), 'x-hubspot-request-timestamp': old }
    expect(verifyV3(secret, request(headers), now)).toEqual({ valid: false, reason: 'stale timestamp' })
  })

  it('rejects a timestamp from the future beyond a minute of clock skew', () => {
    const future = String(now + 2 * 60_000)
    const headers = { 'x-hubspot-signature-v3': expectedV3(future), 'x-hubspot-request-timestamp': future }
    expect(verifyV3(secret, request(headers), now)).toEqual({ valid: false, reason: 'timestamp in the future' })
  })

  it('signs over the exact URL, query included', () => {
    const withQuery = `${url}?a=1`
    const headers = {
      'x-hubspot-signature-v3': expectedV3(timestamp, rawBody, 'POST', withQuery),
      'x-hubspot-request-timestamp': timestamp,
    }
    expect(verifyV3(secret, { ...request(headers), url: withQuery }, now).valid).toBe(true)
    expect(verifyV3(secret, request(headers), now).valid).toBe(false)
  })
})

describe('verifyHubSpotSignature', () => {
  const v1Headers = { 'x-hubspot-signature-version': 'v1', 'x-hubspot-signature': signV1(secret, rawBody) }

  it('refuses everything when no secret is configured', () => {
    expect(verifyHubSpotSignature(undefined, request(v1Headers), { acceptV1: true, now })).toEqual({
      valid: false,
      reason: 'no client secret configured',
    })
  })

  it('accepts v1 only where allowed (app webhooks)', () => {
    expect(verifyHubSpotSignature(secret, request(v1Headers), { acceptV1: true, now })).toEqual({
      valid: true,
      version: 'v1',
    })
    expect(verifyHubSpotSignature(secret, request(v1Headers), { acceptV1: false, now }).valid).toBe(false)
  })

  it('never falls back to v1 when a v3 header is present: a stale or wrong v3 fails the request', () => {
    const stale = String(now - 10 * 60_000)
    const staleV3 = { ...v1Headers, 'x-hubspot-signature-v3': expectedV3(stale), 'x-hubspot-request-timestamp': stale }
    expect(verifyHubSpotSignature(secret, request(staleV3), { acceptV1: true, now })).toEqual({
      valid: false,
      reason: 'stale timestamp',
    })
    const fresh = String(now)
    const wrongV3 = {
      ...v1Headers,
      'x-hubspot-signature-v3': expectedV3(fresh, '{}'),
      'x-hubspot-request-timestamp': fresh,
    }
    expect(verifyHubSpotSignature(secret, request(wrongV3), { acceptV1: true, now }).valid).toBe(false)
  })

  it('rejects a v1 signature computed with another secret', () => {
    const forged = { ...v1Headers, 'x-hubspot-signature': signV1('another-secret', rawBody) }
    expect(verifyHubSpotSignature(secret, request(forged), { acceptV1: true, now }).valid).toBe(false)
  })
})

describe('constantTimeEqual', () => {
  it('returns false instead of throwing on a length mismatch', () => {
    expect(() => constantTimeEqual('abc', 'abcd')).not.toThrow()
    expect(constantTimeEqual('abc', 'abcd')).toBe(false)
    expect(constantTimeEqual('abc', 'abc')).toBe(true)
  })
})
