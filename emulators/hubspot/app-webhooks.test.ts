import { api, DEV, useHubSpot } from './test-support'

const hub = useHubSpot()
const SETTINGS = '/webhooks/v3/1234567/settings'
const SUBSCRIPTIONS = '/webhooks/v3/1234567/subscriptions'
const settingsBody = {
  targetUrl: 'https://webhook.botpress.test/app',
  throttling: { maxConcurrentRequests: 10, period: 'SECONDLY' },
}

describe('app webhook settings', () => {
  it('404s until settings exist, then returns what PUT stored', async () => {
    const before = await api(hub.emulator, 'GET', SETTINGS, DEV)
    expect(before.status).toBe(404)
    expect(before.body.category).toBe('OBJECT_NOT_FOUND')
    const put = await api(hub.emulator, 'PUT', SETTINGS, { ...DEV, json: settingsBody })
    expect(put.status).toBe(200)
    // A `period` sent as HubSpot once required is taken, but SettingsResponse has none to answer.
    expect(put.body).toEqual({
      targetUrl: settingsBody.targetUrl,
      throttling: { maxConcurrentRequests: 10 },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    expect((await api(hub.emulator, 'GET', SETTINGS, DEV)).body.targetUrl).toBe(settingsBody.targetUrl)
    expect(hub.emulator.webhookSettings()?.throttling.maxConcurrentRequests).toBe(10)
  })

  it('validates targetUrl and throttling', async () => {
    const noThrottling = await api(hub.emulator, 'PUT', SETTINGS, {
      ...DEV,
      json: { targetUrl: settingsBody.targetUrl },
    })
    expect(noThrottling.status).toBe(400)
    const badUrl = await api(hub.emulator, 'PUT', SETTINGS, {
      ...DEV,
      json: { ...settingsBody, targetUrl: 'not a url' },
    })
    expect(badUrl.status).toBe(400)
    expect(hub.emulator.webhookSettings()).toBeUndefined()
  })

  it('takes throttling with maxConcurrentRequests only (ThrottlingSettings has no period)', async () => {
    const json = { targetUrl: settingsBody.targetUrl, throttling: { maxConcurrentRequests: 5 } }
    const put = await api(hub.emulator, 'PUT', SETTINGS, { ...DEV, json })
    expect(put.status).toBe(200)
    expect(put.body.throttling).toEqual({ maxConcurrentRequests: 5 })
    const badPeriod = { ...json, throttling: { maxConcurrentRequests: 5, period: 'HOURLY' } }
    expect((await api(hub.emulator, 'PUT', SETTINGS, { ...DEV, json: badPeriod })).status).toBe(400)
  })

  it('needs the developer key, or an OAuth token with the developers scope the v3 spec names, and our app id', async () => {
    expect((await api(hub.emulator, 'GET', '/webhooks/v3/999/settings', DEV)).status).toBe(403)
    const portalToken = await api(hub.emulator, 'GET', SETTINGS, { token: hub.emulator.issueAccessToken() })
    expect(portalToken.status).toBe(403)
    expect(portalToken.body.category).toBe('MISSING_SCOPES')
    const reader = hub.emulator.issueAccessToken({ scopes: ['developers-read'] })
    expect((await api(hub.emulator, 'GET', SUBSCRIPTIONS, { token: reader })).status).toBe(200)
    const write = await api(hub.emulator, 'PUT', SETTINGS, { token: reader, json: settingsBody })
    expect(write.status).toBe(403)
    const writer = hub.emulator.issueAccessToken({ scopes: ['developers-write'] })
    expect((await api(hub.emulator, 'PUT', SETTINGS, { token: writer, json: settingsBody })).status).toBe(200)
    expect((await api(hub.emulator, 'GET', '/webhooks/v3/999/subscriptions', { token: reader })).status).toBe(403)
  })
})

describe('the date-versioned form (/app-webhooks/2026-09)', () => {
  const DATED = '/app-webhooks/2026-09/1234567'
  const json = { targetUrl: settingsBody.targetUrl, throttling: { maxConcurrentRequests: 10 } }

  it('shares the settings and subscriptions of the v3 form', async () => {
    expect((await api(hub.emulator, 'PUT', `${DATED}/settings`, { ...DEV, json })).status).toBe(200)
    expect((await api(hub.emulator, 'GET', SETTINGS, DEV)).body.targetUrl).toBe(json.targetUrl)
    const created = await api(hub.emulator, 'POST', `${DATED}/subscriptions`, {
      ...DEV,
      json: { eventType: 'conversation.deletion', active: true },
    })
    expect(created.status).toBe(201)
    expect((await api(hub.emulator, 'GET', SUBSCRIPTIONS, DEV)).body.results).toEqual([created.body])
    expect((await api(hub.emulator, 'DELETE', `${DATED}/settings`, DEV)).status).toBe(204)
    expect(hub.emulator.webhookSettings()).toBeUndefined()
  })

  it('takes the developer key only, and requires active on create (SubscriptionCreateRequest)', async () => {
    const token = hub.emulator.issueAccessToken({ scopes: ['developers-read', 'developers-write'] })
    expect((await api(hub.emulator, 'GET', `${DATED}/subscriptions`, { token })).status).toBe(401)
    const noActive = await api(hub.emulator, 'POST', `${DATED}/subscriptions`, {
      ...DEV,
      json: { eventType: 'conversation.deletion' },
    })
    expect(noActive.status).toBe(400)
    expect(noActive.body.errors.map((error: { in: string }) => error.in)).toContain('active')
  })

  it.each([
    ['v3-only', `${DATED}/subscriptions`, SUBSCRIPTIONS],
    ['date-versioned-only', SUBSCRIPTIONS, `${DATED}/subscriptions`],
  ] as const)('in mode %s answers the other form 404 (unknown path)', async (mode, unserved, served) => {
    const emulator = hub.reset({ listingDelay: 0, served: { appWebhooks: mode } })
    expect((await api(emulator, 'GET', unserved, DEV)).status).toBe(404)
    expect((await api(emulator, 'GET', served, DEV)).status).toBe(200)
  })
})

describe('app webhook subscriptions', () => {
  it('creates conversation subscriptions (inactive unless active:true) and lists them', async () => {
    const created = await api(hub.emulator, 'POST', SUBSCRIPTIONS, {
      ...DEV,
      json: { eventType: 'conversation.propertyChange', propertyName: 'assignedTo' },
    })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      eventType: 'conversation.propertyChange',
      propertyName: 'assignedTo',
      active: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    await api(hub.emulator, 'POST', SUBSCRIPTIONS, {
      ...DEV,
      json: { eventType: 'conversation.deletion', active: true },
    })
    const list = await api(hub.emulator, 'GET', SUBSCRIPTIONS, DEV)
    expect(list.body.results.map((s: { eventType: string }) => s.eventType)).toEqual([
      'conversation.propertyChange',
      'conversation.deletion',
    ])
  })

  it.each([
    ['an unknown eventType', { eventType: 'contact.creation', active: true }, 'eventType'],
    ['propertyChange without propertyName', { eventType: 'conversation.propertyChange', active: true }, 'propertyName'],
    [
      'an unknown conversation property',
      { eventType: 'conversation.propertyChange', propertyName: 'priority' },
      'propertyName',
    ],
    [
      'propertyName on a non-propertyChange type',
      { eventType: 'conversation.newMessage', propertyName: 'status' },
      'propertyName',
    ],
    ['active as a string', { eventType: 'conversation.newMessage', active: 'true' }, 'active'],
  ])('rejects %s', async (_label, json, field) => {
    const response = await api(hub.emulator, 'POST', SUBSCRIPTIONS, { ...DEV, json })
    expect(response.status).toBe(400)
    expect(response.body.errors.map((error: { in: string }) => error.in)).toContain(field)
    expect(hub.emulator.subscriptions()).toEqual([])
  })

  it('answers a duplicate (eventType, propertyName) with 409', async () => {
    const json = { eventType: 'conversation.propertyChange', propertyName: 'status', active: true }
    expect((await api(hub.emulator, 'POST', SUBSCRIPTIONS, { ...DEV, json })).status).toBe(201)
    const duplicate = await api(hub.emulator, 'POST', SUBSCRIPTIONS, { ...DEV, json })
    expect(duplicate.status).toBe(409)
    expect(duplicate.body.category).toBe('CONFLICT')
    // A different property of the same type is fine.
    expect(
      (await api(hub.emulator, 'POST', SUBSCRIPTIONS, { ...DEV, json: { ...json, propertyName: 'assignedTo' } }))
        .status,
    ).toBe(201)
  })

  it('PATCHes active and DELETEs', async () => {
    const { body } = await api(hub.emulator, 'POST', SUBSCRIPTIONS, {
      ...DEV,
      json: { eventType: 'conversation.creation' },
    })
    const patched = await api(hub.emulator, 'PATCH', `${SUBSCRIPTIONS}/${body.id}`, { ...DEV, json: { active: true } })
    expect(patched.body.active).toBe(true)
    expect(hub.emulator.subscriptions()[0]?.active).toBe(true)
    expect((await api(hub.emulator, 'DELETE', `${SUBSCRIPTIONS}/${body.id}`, DEV)).status).toBe(204)
    expect((await api(hub.emulator, 'DELETE', `${SUBSCRIPTIONS}/${body.id}`, DEV)).status).toBe(404)
    expect(hub.emulator.subscriptions()).toEqual([])
  })
})
