/**
 * HubSpot webhook signatures, as pure functions.
 * v3: base64 HMAC-SHA256, keyed with the app's client secret, of method + URL + raw body + timestamp (ms).
 * v1: hex SHA-256 of client secret + raw body; app webhooks may carry it alongside v3. It covers no time, so a
 * captured v1 delivery stays valid forever: see verifyHubSpotSignature and src/webhook/replay-guard.ts.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/** HubSpot's replay window; timestamps from the future beyond a small clock skew are refused too. */
const MAX_SIGNATURE_AGE_MS = 5 * 60_000
const MAX_CLOCK_SKEW_MS = 60_000

export type SignedRequest = {
  method: string
  /** The exact URL HubSpot called, query included. */
  url: string
  rawBody: string
  headers: Record<string, string | undefined>
}

export type SignatureVerdict = { valid: true; version: 'v1' | 'v3' } | { valid: false; reason: string }

/** Compares in constant time; a different length is simply "not equal", never an exception. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  if (left.length !== right.length) {
    // Still spend the comparison so the length alone does not show in timing.
    timingSafeEqual(left, left)
    return false
  }
  return timingSafeEqual(left, right)
}

function signV3(secret: string, request: Omit<SignedRequest, 'headers'>, timestamp: string): string {
  return createHmac('sha256', secret)
    .update(`${request.method.toUpperCase()}${request.url}${request.rawBody}${timestamp}`, 'utf8')
    .digest('base64')
}

export function signV1(secret: string, rawBody: string): string {
  return createHash('sha256').update(`${secret}${rawBody}`, 'utf8').digest('hex')
}

const header = (headers: SignedRequest['headers'], name: string) => {
  const value = headers[name] ?? headers[name.toLowerCase()]
  return value === undefined || value === '' ? undefined : value
}

export function verifyV3(secret: string, request: SignedRequest, now: number = Date.now()): SignatureVerdict {
  const signature = header(request.headers, 'x-hubspot-signature-v3')
  const timestamp = header(request.headers, 'x-hubspot-request-timestamp')
  if (!signature || !timestamp) return { valid: false, reason: 'missing v3 signature or timestamp' }
  if (!/^\d{1,16}$/.test(timestamp)) return { valid: false, reason: 'malformed timestamp' }
  const age = now - Number(timestamp)
  if (age > MAX_SIGNATURE_AGE_MS) return { valid: false, reason: 'stale timestamp' }
  if (age < -MAX_CLOCK_SKEW_MS) return { valid: false, reason: 'timestamp in the future' }
  return constantTimeEqual(signV3(secret, request, timestamp), signature)
    ? { valid: true, version: 'v3' }
    : { valid: false, reason: 'v3 signature mismatch' }
}

function verifyV1(secret: string, request: SignedRequest): SignatureVerdict {
  const version = header(request.headers, 'x-hubspot-signature-version')
  const signature = header(request.headers, 'x-hubspot-signature')
  if (version?.toLowerCase() !== 'v1' || !signature) return { valid: false, reason: 'missing v1 signature' }
  return constantTimeEqual(signV1(secret, request.rawBody), signature.toLowerCase())
    ? { valid: true, version: 'v1' }
    : { valid: false, reason: 'v1 signature mismatch' }
}

const hasV3Header = (headers: SignedRequest['headers']) =>
  header(headers, 'x-hubspot-signature-v3') !== undefined ||
  header(headers, 'x-hubspot-request-timestamp') !== undefined

/**
 * Custom-channel webhooks are v3 only. App webhooks (`acceptV1`) are checked on v3 whenever HubSpot sent a v3
 * header, and then only on v3: HubSpot signs them v1 and, for newer apps, v3 as well, and falling back to v1 when
 * v3 fails (a stale timestamp) would accept a delivery captured and replayed at any later time. Only a request
 * with no v3 header at all is checked on v1; the verdict says so, and the caller then guards against replays.
 */
export function verifyHubSpotSignature(
  secret: string | undefined,
  request: SignedRequest,
  options: { acceptV1: boolean; now?: number },
): SignatureVerdict {
  if (!secret) return { valid: false, reason: 'no client secret configured' }
  if (!options.acceptV1 || hasV3Header(request.headers)) return verifyV3(secret, request, options.now)
  return verifyV1(secret, request)
}
