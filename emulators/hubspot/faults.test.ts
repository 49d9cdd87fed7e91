import { HubSpotEmulator } from './hubspot-emulator'
import { api, DEV, useHubSpot, UUID_PATTERN } from './test-support'

const hub = useHubSpot()
const INBOXES = '/conversations/v3/conversations/inboxes'

describe('fault injection', () => {
  it('answers 429 like HubSpot’s rate limit, with Retry-After, for `times` calls', async () => {
    const token = hub.emulator.issueAccessToken()
    hub.emulator.injectFault({ operation: 'listInboxes', status: 429, retryAfterSeconds: 3, times: 2 })
    for (let i = 0; i < 2; i++) {
      const limited = await api(hub.emulator, 'GET', INBOXES, { token })
      expect(limited.status).toBe(429)
      expect(limited.headers.get('retry-after')).toBe('3')
      expect(limited.body).toEqual({
        status: 'error',
        category: 'RATE_LIMITS',
        policyName: 'TEN_SECONDLY_ROLLING',
        message: expect.any(String),
        correlationId: expect.stringMatching(UUID_PATTERN),
      })
    }
    expect((await api(hub.emulator, 'GET', INBOXES, { token })).status).toBe(200)
    expect(hub.emulator.callsTo('listInboxes').map((call) => [call.status, call.faulted ?? false])).toEqual([
      [429, true],
      [429, true],
      [200, false],
    ])
  })

  it('matches by method and path (string or RegExp) and only the matching calls', async () => {
    const token = hub.emulator.issueAccessToken()
    hub.emulator.injectFault({ method: 'GET', path: /\/inboxes\/\d+$/, status: 503 })
    expect((await api(hub.emulator, 'GET', INBOXES, { token })).status).toBe(200)
    const faulted = await api(hub.emulator, 'GET', `${INBOXES}/147001`, { token })
    expect(faulted.status).toBe(503)
    expect(faulted.body.status).toBe('error')
    expect((await api(hub.emulator, 'GET', `${INBOXES}/147001`, { token })).status).toBe(200)

    hub.emulator.injectFault({ path: INBOXES, status: 500 })
    hub.emulator.clearFaults()
    expect((await api(hub.emulator, 'GET', INBOXES, { token })).status).toBe(200)
  })

  it('drops the connection with networkError (fetch rejects)', async () => {
    hub.emulator.injectFault({ operation: 'refreshToken', networkError: true })
    const request = api(hub.emulator, 'POST', '/oauth/2026-03/token', {
      form: { grant_type: 'refresh_token', refresh_token: 'x', client_id: 'y', client_secret: 'z' },
    })
    await expect(request).rejects.toThrow()
    expect(hub.emulator.callsTo('refreshToken')[0]?.status).toBe(0)
    const direct = await hub.emulator.handle(
      new Request('https://api.hubapi.com/oauth/2026-03/token', { method: 'POST' }),
    )
    expect(direct.type).not.toBe('error')
  })

  it('delays a call that then proceeds normally', async () => {
    const token = hub.emulator.issueAccessToken()
    hub.emulator.injectFault({ operation: 'listInboxes', delayMs: 120 })
    const started = Date.now()
    const response = await api(hub.emulator, 'GET', INBOXES, { token })
    expect(response.status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(100)
  })
})

describe('routing and the call log', () => {
  it('answers unknown paths and methods with a HubSpot-shaped 404 at once', async () => {
    const unknown = await api(hub.emulator, 'GET', '/crm/v3/objects/unicorns', { token: 'x' })
    expect(unknown.status).toBe(404)
    expect(unknown.body).toMatchObject({
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      correlationId: expect.stringMatching(UUID_PATTERN),
    })
    expect((await api(hub.emulator, 'PUT', INBOXES, { token: 'x' })).status).toBe(404)
    expect(hub.emulator.callCount('unknown')).toBe(2)
  })

  it('works on any base URL (matching is on the pathname)', async () => {
    const emulator = new HubSpotEmulator()
    const token = emulator.issueAccessToken()
    const response = await emulator.handle(
      new Request(`http://127.0.0.1:9999${INBOXES}`, { headers: { authorization: `Bearer ${token}` } }),
    )
    expect(response.status).toBe(200)
  })

  it('logs method, path, query, body and auth kind', async () => {
    const token = hub.emulator.issueAccessToken()
    await api(hub.emulator, 'GET', INBOXES, { token, query: { limit: '1' } })
    await api(hub.emulator, 'POST', '/conversations/v3/custom-channels', {
      ...DEV,
      json: { name: 'n', capabilities: {} },
    })
    const [inboxes, channel] = hub.emulator.calls
    expect(inboxes).toMatchObject({
      operation: 'listInboxes',
      method: 'GET',
      path: INBOXES,
      auth: 'bearer',
      status: 200,
    })
    expect(inboxes?.query.get('limit')).toBe('1')
    expect(channel).toMatchObject({
      operation: 'createChannel',
      auth: 'hapikey',
      body: { name: 'n', capabilities: {} },
      status: 201,
    })
    hub.emulator.clearCalls()
    expect(hub.emulator.calls).toEqual([])
  })
})

describe('HubSpot’s own rate limit (100 per 10 s per account)', () => {
  it('answers the 101st call in the window with 429 and recovers when the window moves', async () => {
    let now = Date.parse('2026-02-01T00:00:00Z')
    const emulator = hub.reset({ listingDelay: 0, now: () => now })
    const token = emulator.issueAccessToken()
    const responses = await Promise.all(Array.from({ length: 101 }, () => api(emulator, 'GET', INBOXES, { token })))
    expect(responses.filter((response) => response.status === 200)).toHaveLength(100)
    const limited = responses.find((response) => response.status === 429)
    expect(limited?.body.category).toBe('RATE_LIMITS')
    expect(responses[0]?.headers.get('x-hubspot-ratelimit-max')).toBe('100')
    now += 10_000
    expect((await api(emulator, 'GET', INBOXES, { token })).status).toBe(200)
  })

  it('can be turned off', async () => {
    const emulator = hub.reset({ listingDelay: 0, rateLimit: false })
    const token = emulator.issueAccessToken()
    const responses = await Promise.all(Array.from({ length: 120 }, () => api(emulator, 'GET', INBOXES, { token })))
    expect(responses.every((response) => response.status === 200)).toBe(true)
  })
})
