import { REFRESH_MARGIN_MS } from '../../src/hubspot/auth'
import { errorMessageOf } from '../../emulators/botpress/runtime-call'
import { useHarness } from '../support/harness'
import { escalate, registeredHarness } from '../support/scenario'

const harness = useHarness()

afterEach(() => jest.restoreAllMocks())

describe('access tokens', () => {
  it('reuses a cached token: a warm text message reads no state and refreshes nothing', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, userId } = await escalate(h)
    const refreshes = h.hubspot.callCount('refreshToken')
    const stateReads = h.botpress.callsTo('getState').length
    await h.sendToAgent(conversationId, 'text', { text: 'warm', userId })
    expect(h.hubspot.callCount('refreshToken')).toBe(refreshes)
    expect(h.botpress.callsTo('getState')).toHaveLength(stateReads)
  })

  it('refreshes ahead of expiry exactly once under 20 concurrent calls, and stores the new token', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, userId } = await escalate(h)
    const refreshes = h.hubspot.callCount('refreshToken')
    // 30-minute tokens: move to just inside the refresh margin, while HubSpot still accepts the old token.
    const later = Date.now() + 30 * 60_000 - REFRESH_MARGIN_MS + 1000
    jest.spyOn(Date, 'now').mockReturnValue(later)
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => h.sendToAgent(conversationId, 'text', { text: `burst ${i}`, userId })),
    )
    expect(results.map((r) => r.response.status)).toEqual(Array(20).fill(200))
    expect(h.hubspot.callCount('refreshToken')).toBe(refreshes + 1)
    const stored = h.botpress.statePayload('integration', h.ids.integrationId, 'credentials') as {
      accessTokenExpiresAt: number
    }
    expect(stored.accessTokenExpiresAt).toBe(later + 1800 * 1000)
  })

  it('refreshes again when the refresh token in the configuration changes', async () => {
    const h = await registeredHarness(harness())
    const refreshes = h.hubspot.callCount('refreshToken')
    const config = { ...h.config, refreshToken: h.hubspot.issueRefreshToken() }
    expect((await h.register(config)).status).toBe(200)
    expect(h.hubspot.callCount('refreshToken')).toBe(refreshes + 1)
  })

  it('does not retry a refused token refresh as if HubSpot were unreachable: one refresh, a message that says why', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, userId } = await escalate(h)
    h.hubspot.revokeRefreshToken(h.config.refreshToken!)
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 31 * 60_000)
    const refreshes = h.hubspot.callCount('refreshToken')
    const publishes = h.hubspot.callCount('publishMessage')
    const { response } = await h.sendToAgent(conversationId, 'text', { text: 'after expiry', userId })
    expect(response.status).toBe(400)
    // HubSpot's OAuth errors now carry RFC 6749 fields too; the message still names HubSpot's reason.
    expect(errorMessageOf(response.body)).toMatch(/rejected the refresh token \(BAD_REFRESH_TOKEN\)/)
    expect(errorMessageOf(response.body)).not.toMatch(/network error|unavailable/)
    expect(h.hubspot.callCount('refreshToken')).toBe(refreshes + 1)
    expect(h.hubspot.callCount('publishMessage')).toBe(publishes)
  })

  it('refuses to save when introspection says the token is no longer active (the app was uninstalled)', async () => {
    const h = await registeredHarness(harness())
    // Uninstalling the app invalidates its tokens; this process still holds the access token in memory.
    h.hubspot.store.accessTokens.clear()
    const response = await h.register()
    expect(response.status).toBe(400)
    expect(errorMessageOf(response.body)).toMatch(/access token is no longer active.*Reconnect the HubSpot account/)
    expect(h.hubspot.callsTo('introspectToken').at(-1)?.status).toBe(200)
  })

  it('refreshes and reads token facts through the 2026-03 endpoints, credentials in the form body only', async () => {
    const h = await registeredHarness(harness())
    const oauthCalls = h.hubspot.calls.filter((call) => call.path.startsWith('/oauth/'))
    expect(oauthCalls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'POST /oauth/2026-03/token',
      'POST /oauth/2026-03/token/introspect',
    ])
    for (const call of oauthCalls) {
      expect([...call.query.keys()]).toEqual([])
      expect(call.body).toMatchObject({ client_id: h.config.clientId, client_secret: '[redacted]' })
    }
    expect(h.hubspot.callsTo('introspectToken')[0]?.body).toMatchObject({ token_type_hint: 'access_token' })
    const stored = h.botpress.statePayload('integration', h.ids.integrationId, 'credentials') as {
      hubId?: number
      scopes?: string[]
    }
    expect(stored.hubId).toBe(h.hubspot.defaultHubId)
    expect(stored.scopes).toEqual(expect.arrayContaining(['conversations.custom_channels.write']))
  })
})
