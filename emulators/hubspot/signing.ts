/**
 * Webhook signatures as HubSpot computes them, written from hubspot-facts.md §6 (independent of the integration's
 * verifier on purpose, so a shared mistake cannot make both sides agree).
 *  - v3: base64( HMAC-SHA256( key = client secret, message = METHOD + URL + rawBody + timestampMs ) )
 *  - v1: hex( SHA-256( clientSecret + rawBody ) )
 */
import { createHash, createHmac } from 'node:crypto'

export type SignWebhookInput = {
  /** Defaults to POST. */
  method?: string
  /** The exact public URL HubSpot calls, including query string. */
  url: string
  /** The raw body bytes as a string (exactly what will be sent). */
  body: string
  /** Epoch milliseconds; defaults to the emulator clock. */
  timestamp?: number
}

export type SignedWebhookHeaders = {
  'content-type': string
  'x-hubspot-signature-v3': string
  'x-hubspot-request-timestamp': string
  'x-hubspot-signature': string
  'x-hubspot-signature-version': 'v1'
}

export function signatureV3(
  clientSecret: string,
  method: string,
  url: string,
  body: string,
  timestamp: number,
): string {
  const source = `${method.toUpperCase()}${url}${body}${timestamp}`
  return createHmac('sha256', clientSecret).update(source, 'utf8').digest('base64')
}

export function signatureV1(clientSecret: string, body: string): string {
  return createHash('sha256').update(`${clientSecret}${body}`, 'utf8').digest('hex')
}

export function signWebhookHeaders(clientSecret: string, input: SignWebhookInput, now: number): SignedWebhookHeaders {
  const timestamp = input.timestamp ?? now
  const method = input.method ?? 'POST'
  return {
    'content-type': 'application/json',
    'x-hubspot-signature-v3': signatureV3(clientSecret, method, input.url, input.body, timestamp),
    'x-hubspot-request-timestamp': String(timestamp),
    'x-hubspot-signature': signatureV1(clientSecret, input.body),
    'x-hubspot-signature-version': 'v1',
  }
}
