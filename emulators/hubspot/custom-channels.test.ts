import { api, CAPABILITIES, DEV, setupChannel, useHubSpot, UUID_PATTERN, WEBHOOK_URL } from './test-support'

const hub = useHubSpot()
const CHANNELS = '/conversations/v3/custom-channels'

const createChannel = (json: unknown, options = DEV) => api(hub.emulator, 'POST', CHANNELS, { ...options, json })

describe('custom channel definitions', () => {
  it('creates a channel with 201, a Location header and string id', async () => {
    const response = await createChannel({ name: 'Botpress', capabilities: CAPABILITIES, webhookUrl: WEBHOOK_URL })
    expect(response.status).toBe(201)
    expect(response.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      name: 'Botpress',
      capabilities: CAPABILITIES,
      webhookUrl: WEBHOOK_URL,
      createdAt: expect.any(String),
    })
    expect(response.headers.get('location')).toBe(`https://api.hubapi.com${CHANNELS}/${response.body.id}`)
    expect(hub.emulator.callsTo('createChannel')[0]?.auth).toBe('hapikey')
  })

  it('lists and creates at the v3 spec’s /conversations/custom-channels/v3 as well', async () => {
    const SPEC_PATH = '/conversations/custom-channels/v3'
    const created = await api(hub.emulator, 'POST', SPEC_PATH, {
      dev: {},
      json: { name: 'Botpress', capabilities: CAPABILITIES },
    })
    expect(created.status).toBe(201)
    const listed = await api(hub.emulator, 'GET', SPEC_PATH, { dev: {} })
    expect(listed.body).toMatchObject({ results: [{ id: created.body.id }], total: 1 })
    expect(hub.emulator.callCount('createChannel')).toBe(1)
    expect(hub.emulator.callCount('listChannels')).toBe(1)
  })

  it.each([
    ['guide', '/conversations/custom-channels/v3', CHANNELS],
    ['spec', CHANNELS, '/conversations/custom-channels/v3'],
  ] as const)('serving only the %s path, answers list and create on the other 404', async (mode, unserved, served) => {
    const emulator = hub.reset({ listingDelay: 0, served: { channelList: mode } })
    const json = { name: 'Botpress', capabilities: CAPABILITIES }
    expect((await api(emulator, 'GET', unserved, DEV)).status).toBe(404)
    expect((await api(emulator, 'POST', unserved, { ...DEV, json })).status).toBe(404)
    expect(emulator.channels()).toEqual([])
    expect((await api(emulator, 'POST', served, { ...DEV, json })).status).toBe(201)
    expect((await api(emulator, 'GET', served, DEV)).body.results).toHaveLength(1)
  })

  it('rejects deliveryIdentifierTypes given as objects with HubSpot’s capability error', async () => {
    const response = await createChannel({
      name: 'Botpress',
      capabilities: { ...CAPABILITIES, deliveryIdentifierTypes: [{ type: 'HS_EMAIL_ADDRESS', value: 'x' }] },
    })
    expect(response.status).toBe(400)
    expect(response.body).toEqual({
      status: 'error',
      category: 'VALIDATION_ERROR',
      subCategory: 'CustomChannelsError.INVALID_CHANNEL_CAPABILITY_VALUES',
      message: expect.stringContaining('deliveryIdentifierTypes'),
      correlationId: expect.stringMatching(UUID_PATTERN),
      context: { capabilityKeysAndValues: [expect.stringContaining('deliveryIdentifierTypes=')] },
    })
    expect(hub.emulator.channels()).toHaveLength(0)
  })

  it.each([
    ['an unknown enum string', { deliveryIdentifierTypes: ['EMAIL'] }],
    ['an unknown threading model', { threadingModel: 'BY_MAGIC' }],
    ['a numeric limit sent as a string', { maxFileAttachmentCount: '1' }],
    ['an unknown capability key', { allowTelepathy: true }],
    ['a boolean as a string', { allowOutgoingMessages: 'true' }],
  ])('rejects %s', async (_label, bad) => {
    const response = await createChannel({ name: 'Botpress', capabilities: { ...CAPABILITIES, ...bad } })
    expect(response.status).toBe(400)
    expect(response.body.subCategory).toBe('CustomChannelsError.INVALID_CHANNEL_CAPABILITY_VALUES')
    expect(response.body.context.capabilityKeysAndValues).toEqual([
      expect.stringContaining(Object.keys(bad)[0] as string),
    ])
  })

  it('requires name and capabilities', async () => {
    const response = await createChannel({ webhookUrl: WEBHOOK_URL })
    expect(response.status).toBe(400)
    expect(response.body.message).toBe('Some required fields were not set: [name, capabilities]')
    expect(response.body.errors.map((error: { in: string }) => error.in)).toEqual(['name', 'capabilities'])
  })

  it('accepts only the developer key and our app id', async () => {
    const body = { name: 'Botpress', capabilities: CAPABILITIES }
    const bearer = await api(hub.emulator, 'POST', CHANNELS, { token: hub.emulator.issueAccessToken(), json: body })
    expect(bearer.status).toBe(401)
    expect(bearer.body.category).toBe('INVALID_AUTHENTICATION')

    const wrongKey = await createChannel(body, { dev: { key: 'wrong-key-123' } })
    expect(wrongKey.status).toBe(401)
    expect(JSON.stringify(wrongKey.body)).not.toContain('wrong-key-123')

    expect((await createChannel(body, { dev: { appId: '999' } })).status).toBe(403)
    expect((await createChannel(body, { dev: { appId: null } })).status).toBe(400)
    expect(hub.emulator.channels()).toHaveLength(0)
  })

  it('hides a new channel from the list for `listingDelay` list calls (eventual consistency)', async () => {
    const emulator = hub.reset({ listingDelay: 2 })
    const created = await api(emulator, 'POST', CHANNELS, {
      ...DEV,
      json: { name: 'Late', capabilities: CAPABILITIES },
    })
    const ids = async () => (await api(emulator, 'GET', CHANNELS, DEV)).body.results.map((c: { id: string }) => c.id)
    expect(await ids()).toEqual([])
    expect(await ids()).toEqual([])
    expect(await ids()).toEqual([created.body.id])
    // GET by id sees it at once.
    expect((await api(emulator, 'GET', `${CHANNELS}/${created.body.id}`, DEV)).status).toBe(200)
  })

  it('defaults to one invisible list call', async () => {
    const emulator = hub.reset({})
    await api(emulator, 'POST', CHANNELS, { ...DEV, json: { name: 'Late', capabilities: CAPABILITIES } })
    expect((await api(emulator, 'GET', CHANNELS, DEV)).body.total).toBe(0)
    expect((await api(emulator, 'GET', CHANNELS, DEV)).body.total).toBe(1)
  })

  it('pages the list with after/limit', async () => {
    for (const name of ['a', 'b', 'c']) await createChannel({ name, capabilities: {} })
    const first = await api(hub.emulator, 'GET', CHANNELS, { ...DEV, query: { limit: '2' } })
    expect(first.body.results.map((c: { name: string }) => c.name)).toEqual(['a', 'b'])
    expect(first.body.total).toBe(3)
    const after = first.body.paging.next.after
    expect(first.body.paging.next.link).not.toContain('hapikey')
    const second = await api(hub.emulator, 'GET', CHANNELS, { ...DEV, query: { limit: '2', after } })
    expect(second.body.results.map((c: { name: string }) => c.name)).toEqual(['c'])
    expect(second.body.paging).toBeUndefined()
  })

  it('PATCH needs the full object, then updates it', async () => {
    const { body: channel } = await createChannel({ name: 'Botpress', capabilities: CAPABILITIES })
    const partial = await api(hub.emulator, 'PATCH', `${CHANNELS}/${channel.id}`, {
      ...DEV,
      json: { webhookUrl: WEBHOOK_URL },
    })
    expect(partial.status).toBe(400)
    expect(partial.body.message).toContain('channelAccountConnectionRedirectUrl')
    const full = {
      name: 'Botpress 2',
      capabilities: CAPABILITIES,
      webhookUrl: `${WEBHOOK_URL}/v2`,
      channelAccountConnectionRedirectUrl: 'https://botpress.test/connect',
      channelDescription: 'Bot handoff',
      channelLogoUrl: 'https://botpress.test/logo.png',
    }
    const updated = await api(hub.emulator, 'PATCH', `${CHANNELS}/${channel.id}`, { ...DEV, json: full })
    expect(updated.status).toBe(200)
    expect(updated.body).toMatchObject(full)
    expect(hub.emulator.channels()[0]?.webhookUrl).toBe(`${WEBHOOK_URL}/v2`)
  })

  it('archives with DELETE: 204, then gone from list and GET, second DELETE 404', async () => {
    const { body: channel } = await createChannel({ name: 'Botpress', capabilities: CAPABILITIES })
    expect((await api(hub.emulator, 'DELETE', `${CHANNELS}/${channel.id}`, DEV)).status).toBe(204)
    expect((await api(hub.emulator, 'GET', CHANNELS, DEV)).body.results).toEqual([])
    expect((await api(hub.emulator, 'GET', `${CHANNELS}/${channel.id}`, DEV)).status).toBe(404)
    const again = await api(hub.emulator, 'DELETE', `${CHANNELS}/${channel.id}`, DEV)
    expect(again.status).toBe(404)
    expect(again.body.category).toBe('OBJECT_NOT_FOUND')
  })
})

describe('channel accounts', () => {
  it('creates an account in an inbox of the token’s portal', async () => {
    const { token, channelId, accountId, inboxId } = await setupChannel(hub.emulator)
    const got = await api(hub.emulator, 'GET', `${CHANNELS}/${channelId}/channel-accounts/${accountId}`, { token })
    expect(got.status).toBe(200)
    expect(got.body).toEqual({
      id: accountId,
      channelId,
      inboxId,
      name: 'Botpress bot',
      active: true,
      authorized: true,
      archived: false,
      createdAt: expect.any(String),
      deliveryIdentifier: { type: 'CHANNEL_SPECIFIC_OPAQUE_ID', value: `botpress-${inboxId}` },
    })
  })

  it('rejects an unknown inbox and missing required fields', async () => {
    const { token, channelId } = await setupChannel(hub.emulator)
    const path = `${CHANNELS}/${channelId}/channel-accounts`
    const unknownInbox = await api(hub.emulator, 'POST', path, {
      token,
      json: { inboxId: '1', name: 'x', authorized: true },
    })
    expect(unknownInbox.status).toBe(400)
    expect(unknownInbox.body.errors[0].in).toBe('inboxId')
    const missing = await api(hub.emulator, 'POST', path, { token, json: { inboxId: '147001', name: 'x' } })
    expect(missing.status).toBe(400)
    expect(missing.body.message).toBe('Some required fields were not set: [authorized]')
    const otherChannel = await api(hub.emulator, 'POST', `${CHANNELS}/424242/channel-accounts`, {
      token,
      json: { inboxId: '147001', name: 'x', authorized: true },
    })
    expect(otherChannel.status).toBe(404)
  })

  it('refuses a second live account with the same delivery identifier (409)', async () => {
    const { token, channelId, inboxId } = await setupChannel(hub.emulator)
    const duplicate = await api(hub.emulator, 'POST', `${CHANNELS}/${channelId}/channel-accounts`, {
      token,
      json: {
        inboxId,
        name: 'again',
        authorized: true,
        deliveryIdentifier: { type: 'CHANNEL_SPECIFIC_OPAQUE_ID', value: `botpress-${inboxId}` },
      },
    })
    expect(duplicate.status).toBe(409)
    expect(duplicate.body.category).toBe('CONFLICT')
  })

  it('lists, filters and updates accounts, scoped to the portal', async () => {
    const { token, channelId, accountId } = await setupChannel(hub.emulator)
    const path = `${CHANNELS}/${channelId}/channel-accounts`
    const list = await api(hub.emulator, 'GET', path, { token })
    expect(list.body.results.map((a: { id: string }) => a.id)).toEqual([accountId])
    expect((await api(hub.emulator, 'GET', path, { token, query: { archived: 'true' } })).body.results).toEqual([])
    const filtered = await api(hub.emulator, 'GET', path, {
      token,
      query: { deliveryIdentifierType: 'HS_EMAIL_ADDRESS' },
    })
    expect(filtered.body.results).toEqual([])

    const patched = await api(hub.emulator, 'PATCH', `${path}/${accountId}`, { token, json: { authorized: false } })
    expect(patched.body).toMatchObject({ authorized: false, active: false, name: 'Botpress bot' })
    expect(
      (await api(hub.emulator, 'PATCH', `${path}/${accountId}`, { token, json: { authorized: 'no' } })).status,
    ).toBe(400)

    const other = hub.emulator.seedPortal({ hubId: 111 })
    const otherToken = hub.emulator.issueAccessToken({ hubId: other.hubId })
    expect((await api(hub.emulator, 'GET', path, { token: otherToken })).body.results).toEqual([])
    expect((await api(hub.emulator, 'GET', `${path}/${accountId}`, { token: otherToken })).status).toBe(404)
  })
})
