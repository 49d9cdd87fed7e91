import { api, CAPABILITIES, DEV, UUID_PATTERN, useHubSpot, WEBHOOK_URL } from './test-support'
import type { HubSpotEmulator } from './hubspot-emulator'

const hub = useHubSpot()
const CONNECT_PAGE = 'https://webhook.botpress.test/hubspot/oauth/connect-inbox'
const IDENTIFIER = { type: 'CHANNEL_SPECIFIC_OPAQUE_ID', value: 'botpress-1001-147002' }

async function createChannel(emulator: HubSpotEmulator, redirect: string | null = CONNECT_PAGE) {
  const created = await api(emulator, 'POST', '/conversations/v3/custom-channels', {
    ...DEV,
    json: {
      name: 'Botpress',
      capabilities: CAPABILITIES,
      webhookUrl: WEBHOOK_URL,
      ...(redirect ? { channelAccountConnectionRedirectUrl: redirect } : {}),
    },
  })
  return created.body.id as string
}

const complete = (emulator: HubSpotEmulator, channelId: string, accountToken: string, options: object) =>
  api(
    emulator,
    'PATCH',
    `/conversations/v3/custom-channels/${channelId}/channel-account-staging-tokens/${accountToken}`,
    {
      json: { accountName: 'Botpress bot', deliveryIdentifier: IDENTIFIER },
      ...options,
    },
  )

describe('connecting the channel from HubSpot’s inbox settings (staging tokens)', () => {
  it('sends the admin to the channel’s redirect URL with the token, and makes the account once it is completed', async () => {
    const channelId = await createChannel(hub.emulator)
    const { accountToken, url } = hub.emulator.startChannelConnection({ channelId, inboxId: '147002' })
    const page = new URL(url)
    expect(page.origin + page.pathname).toBe(CONNECT_PAGE)
    expect(Object.fromEntries(page.searchParams)).toEqual({
      accountToken,
      channelId,
      inboxId: '147002',
      portalId: String(hub.emulator.defaultHubId),
      redirectUrl: expect.stringMatching(/^https:\/\/app\.hubspot\.com\//),
    })

    const token = hub.emulator.issueAccessToken()
    const response = await complete(hub.emulator, channelId, accountToken, { token })
    expect(response.status).toBe(200)
    expect(response.body).toEqual({
      accountToken,
      createdAt: expect.any(String),
      genericChannelId: Number(channelId),
      inboxId: 147002,
      userId: 5001,
      accountName: 'Botpress bot',
      deliveryIdentifier: IDENTIFIER,
    })
    expect(hub.emulator.channelAccounts()).toEqual([
      expect.objectContaining({
        channelId,
        inboxId: '147002',
        name: 'Botpress bot',
        authorized: true,
        deliveryIdentifier: IDENTIFIER,
      }),
    ])
    expect(hub.emulator.callCount('completeStagingToken')).toBe(1)
  })

  it('refuses a used, expired, unknown or foreign token with HubSpot’s error body, and makes nothing', async () => {
    let now = Date.parse('2026-06-01T00:00:00Z')
    const emulator = hub.reset({ listingDelay: 0, now: () => now })
    const channelId = await createChannel(emulator)
    const otherChannelId = await createChannel(emulator)
    const token = emulator.issueAccessToken()
    const first = emulator.startChannelConnection({ channelId, inboxId: '147001' })
    expect((await complete(emulator, channelId, first.accountToken, { token })).status).toBe(200)

    const reused = await complete(emulator, channelId, first.accountToken, { token })
    expect(reused.status).toBe(409)
    expect(reused.body).toMatchObject({
      status: 'error',
      category: 'CONFLICT',
      correlationId: expect.stringMatching(UUID_PATTERN),
    })

    const unknown = await complete(emulator, channelId, 'made-up-token', { token })
    expect(unknown.status).toBe(404)
    expect(unknown.body.category).toBe('OBJECT_NOT_FOUND')

    const second = emulator.startChannelConnection({ channelId, inboxId: '147002' })
    expect((await complete(emulator, otherChannelId, second.accountToken, { token })).status).toBe(404)
    const otherPortal = emulator.seedPortal({ hubId: 1111 })
    const foreignToken = emulator.issueAccessToken({ hubId: otherPortal.hubId })
    expect((await complete(emulator, channelId, second.accountToken, { token: foreignToken })).status).toBe(404)

    now += 30 * 60_000
    const expired = await complete(emulator, channelId, second.accountToken, { token: emulator.issueAccessToken() })
    expect(expired.status).toBe(400)
    expect(expired.body).toMatchObject({ category: 'VALIDATION_ERROR', message: expect.stringContaining('expired') })
    expect(emulator.channelAccounts()).toHaveLength(1)
  })

  it('needs the installed account’s OAuth token with a custom-channels scope; the developer key is refused', async () => {
    const channelId = await createChannel(hub.emulator)
    const { accountToken } = hub.emulator.startChannelConnection({ channelId, inboxId: '147002' })
    const developerKey = await complete(hub.emulator, channelId, accountToken, DEV)
    expect(developerKey.status).toBe(401)
    expect(developerKey.body.category).toBe('INVALID_AUTHENTICATION')
    const noScope = await complete(hub.emulator, channelId, accountToken, {
      token: hub.emulator.issueAccessToken({ scopes: ['oauth', 'conversations.read'] }),
    })
    expect(noScope.status).toBe(403)
    expect(noScope.body.context.requiredGranularScopes).toEqual([
      'conversations.custom_channels.read',
      'conversations.custom_channels.write',
    ])
    // The spec accepts the read scope as well as the write one.
    const readOnly = hub.emulator.issueAccessToken({ scopes: ['oauth', 'conversations.custom_channels.read'] })
    expect((await complete(hub.emulator, channelId, accountToken, { token: readOnly })).status).toBe(200)
  })

  it('checks the body, and leaves the token usable when the account cannot be made', async () => {
    const channelId = await createChannel(hub.emulator)
    const token = hub.emulator.issueAccessToken()
    const taken = hub.emulator.startChannelConnection({ channelId, inboxId: '147001' })
    expect((await complete(hub.emulator, channelId, taken.accountToken, { token })).status).toBe(200)

    const { accountToken } = hub.emulator.startChannelConnection({ channelId, inboxId: '147002' })
    const badIdentifier = await complete(hub.emulator, channelId, accountToken, {
      token,
      json: { accountName: 'Botpress bot', deliveryIdentifier: { type: 'EMAIL', value: 'x' } },
    })
    expect(badIdentifier.status).toBe(400)
    expect(badIdentifier.body.category).toBe('VALIDATION_ERROR')
    // Same delivery identifier as the first account: HubSpot's uniqueness rule (our assumption, as on create).
    const duplicate = await complete(hub.emulator, channelId, accountToken, { token })
    expect(duplicate.status).toBe(409)
    expect(hub.emulator.channelAccounts()).toHaveLength(1)

    const fixed = await complete(hub.emulator, channelId, accountToken, {
      token,
      json: { accountName: 'Help desk bot', deliveryIdentifier: { ...IDENTIFIER, value: 'botpress-1001-help' } },
    })
    expect(fixed.status).toBe(200)
    expect(hub.emulator.channelAccounts().map((account) => account.inboxId)).toEqual(['147001', '147002'])
  })

  it('offers no connection for a channel without a redirect URL (HubSpot shows no connect button)', async () => {
    const channelId = await createChannel(hub.emulator, null)
    expect(() => hub.emulator.startChannelConnection({ channelId, inboxId: '147001' })).toThrow(
      /no channelAccountConnectionRedirectUrl/,
    )
  })
})
