import { webcrypto } from 'node:crypto'
import { HubSpotEmulator } from './hubspot-emulator'

/**
 * Expected values are computed here with WebCrypto (a different API from the emulator's node:crypto calls),
 * straight from hubspot-facts.md §6, §6.
 */
async function expectedV3(
  secret: string,
  method: string,
  url: string,
  body: string,
  timestamp: number,
): Promise<string> {
  const encoder = new TextEncoder()
  const key = await webcrypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = await webcrypto.subtle.sign('HMAC', key, encoder.encode(method + url + body + String(timestamp)))
  return Buffer.from(mac).toString('base64')
}

async function expectedV1(secret: string, body: string): Promise<string> {
  const digest = await webcrypto.subtle.digest('SHA-256', new TextEncoder().encode(secret + body))
  return Buffer.from(digest).toString('hex')
}

describe('signWebhook', () => {
  const secret = 'test-client-secret-ä'
  const emulator = new HubSpotEmulator({ app: { clientSecret: secret }, now: () => 1_767_225_600_123 })
  const url = 'https://webhook.botpress.test/hubspot?x=1&y=%20z'
  const body = JSON.stringify([{ objectId: 1, text: 'héllo “quotes”' }])

  it('computes v3 over METHOD + URL + body + timestamp (ms) with the client secret', async () => {
    const headers = emulator.signWebhook({ url, body })
    expect(headers['x-hubspot-request-timestamp']).toBe('1767225600123')
    expect(headers['x-hubspot-signature-v3']).toBe(await expectedV3(secret, 'POST', url, body, 1_767_225_600_123))
    expect(headers['content-type']).toBe('application/json')
  })

  it('computes v1 as hex sha256(secret + body)', async () => {
    const headers = emulator.signWebhook({ url, body })
    expect(headers['x-hubspot-signature-version']).toBe('v1')
    expect(headers['x-hubspot-signature']).toBe(await expectedV1(secret, body))
  })

  it('honours an explicit method and timestamp, and changes with every signed input', async () => {
    const headers = emulator.signWebhook({ method: 'put', url, body, timestamp: 42 })
    expect(headers['x-hubspot-signature-v3']).toBe(await expectedV3(secret, 'PUT', url, body, 42))
    const base = emulator.signWebhook({ url, body, timestamp: 42 })['x-hubspot-signature-v3']
    expect(emulator.signWebhook({ url: `${url}&z=2`, body, timestamp: 42 })['x-hubspot-signature-v3']).not.toBe(base)
    expect(emulator.signWebhook({ url, body: `${body} `, timestamp: 42 })['x-hubspot-signature-v3']).not.toBe(base)
    expect(emulator.signWebhook({ url, body, timestamp: 43 })['x-hubspot-signature-v3']).not.toBe(base)
  })

  it('uses the app’s own client secret', async () => {
    const other = new HubSpotEmulator()
    const headers = other.signWebhook({ url, body, timestamp: 1 })
    expect(headers['x-hubspot-signature-v3']).toBe(await expectedV3(other.app.clientSecret, 'POST', url, body, 1))
    expect(headers['x-hubspot-signature-v3']).not.toBe(
      emulator.signWebhook({ url, body, timestamp: 1 })['x-hubspot-signature-v3'],
    )
  })
})
