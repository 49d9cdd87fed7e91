import { createHmac } from 'node:crypto'
import { useHarness } from '../support/harness'

const harness = useHarness()

const body = JSON.stringify({
  type: 'CHANNEL_ACCOUNT_UPDATED',
  portalId: 9876543,
  channelId: '1001',
  channelAccountId: '30001',
})

describe('webhook authentication', () => {
  it('accepts a correctly signed delivery of a type it does not handle, and ignores it', async () => {
    const h = harness()
    expect((await h.deliver({ body })).status).toBe(200)
  })

  it.each([
    ['missing', () => ({ 'x-hubspot-signature-v3': '', 'x-hubspot-request-timestamp': '' })],
    [
      'wrong',
      () => ({ 'x-hubspot-signature-v3': createHmac('sha256', 'another secret').update('x').digest('base64') }),
    ],
    ['truncated', () => ({ 'x-hubspot-signature-v3': 'abc' })],
  ])('rejects a %s signature with 401', async (_name, override) => {
    const h = harness()
    const response = await h.deliver({ body }, { headers: { 'x-hubspot-signature': '', ...override() } })
    expect(response.status).toBe(401)
  })

  it.each([
    ['stale', -6 * 60_000],
    ['future', 10 * 60_000],
  ])('rejects a %s timestamp even when correctly signed', async (_name, offset) => {
    const h = harness()
    const url = h.webhookUrl
    const headers = h.hubspot.signWebhook({ url, body, timestamp: Date.now() + offset })
    const response = await h.deliver({ body }, { sign: false, headers })
    expect(response.status).toBe(401)
  })

  it('rejects a body changed after signing', async () => {
    const h = harness()
    const headers = h.hubspot.signWebhook({ url: h.webhookUrl, body })
    const response = await h.deliver({ body: body.replace('30001', '30002') }, { sign: false, headers })
    expect(response.status).toBe(401)
  })

  it('signs over the path and query HubSpot called', async () => {
    const h = harness()
    expect((await h.deliver({ body }, { path: '/hubspot', query: 'source=app' })).status).toBe(200)
    const signedForRoot = h.hubspot.signWebhook({ url: h.webhookUrl, body })
    expect((await h.deliver({ body }, { sign: false, headers: signedForRoot, path: '/hubspot' })).status).toBe(401)
  })

  it('refuses everything when no client secret is configured', async () => {
    const h = harness()
    const headers = h.hubspot.signWebhook({ url: h.webhookUrl, body })
    const response = await h.call(
      'webhook_received',
      { req: { method: 'POST', path: '/', query: '', headers, body } },
      { ...h.config, clientSecret: '' },
    )
    expect(response.status).toBe(401)
  })

  it('accepts a v1-only signature on app webhooks (arrays) but not on channel webhooks', async () => {
    const h = harness()
    const events = JSON.stringify([
      { subscriptionType: 'conversation.creation', objectId: 1, portalId: 9876543, occurredAt: Date.now() },
    ])
    const v1 = (raw: string) => ({
      'x-hubspot-signature-version': 'v1',
      'x-hubspot-signature': h.hubspot.signWebhook({ url: h.webhookUrl, body: raw })['x-hubspot-signature'],
    })
    expect((await h.deliver({ body: events }, { sign: false, headers: v1(events) })).status).toBe(200)
    expect((await h.deliver({ body }, { sign: false, headers: v1(body) })).status).toBe(401)
  })

  it.each([
    ['not JSON', 'not json at all'],
    ['an object without a type', '{"portalId":1}'],
    ['an empty batch', '[]'],
    ['a JSON string', '"hello"'],
  ])('answers 400 to a signed body that is %s', async (_name, raw) => {
    const h = harness()
    expect((await h.deliver({ body: raw })).status).toBe(400)
  })

  it('does nothing else for a rejected call: no API call at all', async () => {
    const h = harness()
    await h.deliver({ body }, { sign: false })
    expect(h.hubspot.calls).toHaveLength(0)
    expect(h.botpress.calls).toHaveLength(0)
  })
})
