import { DEFAULT_SCOPES } from './hubspot-emulator'
import { api, incomingMessage, publish, setupChannel, useHubSpot, UUID_PATTERN } from './test-support'

const hub = useHubSpot()
const REDIRECT = 'https://botpress.test/oauth/callback'

function tokenForm(overrides: Record<string, string>): Record<string, string> {
  return {
    client_id: hub.emulator.app.clientId,
    client_secret: hub.emulator.app.clientSecret,
    ...overrides,
  }
}

describe('OAuth token endpoint', () => {
  it('exchanges an authorization code for tokens that work against the API', async () => {
    const code = hub.emulator.issueAuthorizationCode({ redirectUri: REDIRECT })
    const response = await api(hub.emulator, 'POST', '/oauth/v1/token', {
      form: tokenForm({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }),
    })
    expect(response.status).toBe(200)
    expect(response.body).toEqual({
      token_type: 'bearer',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: 1800,
      hub_id: hub.emulator.defaultHubId,
      scopes: DEFAULT_SCOPES,
    })
    const inboxes = await api(hub.emulator, 'GET', '/conversations/v3/conversations/inboxes', {
      token: response.body.access_token,
    })
    expect(inboxes.status).toBe(200)
    expect(inboxes.body.results).toHaveLength(2)
    expect(hub.emulator.callCount('exchangeAuthorizationCode')).toBe(1)
  })

  it('accepts a code once, and only with the redirect URI it was issued for', async () => {
    const code = hub.emulator.issueAuthorizationCode({ redirectUri: REDIRECT })
    const wrongRedirect = await api(hub.emulator, 'POST', '/oauth/v1/token', {
      form: tokenForm({ grant_type: 'authorization_code', code, redirect_uri: 'https://evil.test/cb' }),
    })
    expect(wrongRedirect.status).toBe(400)
    expect(wrongRedirect.body.status).toBe('BAD_REDIRECT_URI')

    const first = await api(hub.emulator, 'POST', '/oauth/v1/token', {
      form: tokenForm({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }),
    })
    expect(first.status).toBe(200)
    const again = await api(hub.emulator, 'POST', '/oauth/v1/token', {
      form: tokenForm({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }),
    })
    expect(again.status).toBe(400)
    expect(again.body).toEqual({
      status: 'BAD_AUTH_CODE',
      message: expect.any(String),
      correlationId: expect.stringMatching(UUID_PATTERN),
    })
  })

  it('rejects an expired code', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z')
    const emulator = hub.reset({ listingDelay: 0, now: () => now })
    const code = emulator.issueAuthorizationCode({ redirectUri: REDIRECT })
    now += 6 * 60_000
    const response = await api(emulator, 'POST', '/oauth/v1/token', {
      form: tokenForm({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }),
    })
    expect(response.status).toBe(400)
    expect(response.body.status).toBe('EXPIRED_AUTH_CODE')
  })

  it('refreshes with a pasted refresh token and keeps the same refresh token', async () => {
    const refreshToken = hub.emulator.issueRefreshToken({ scopes: ['oauth', 'conversations.read'] })
    const response = await api(hub.emulator, 'POST', '/oauth/v1/token', {
      form: tokenForm({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    })
    expect(response.status).toBe(200)
    expect(response.body.refresh_token).toBe(refreshToken)
    expect(response.body.scopes).toEqual(['oauth', 'conversations.read'])
    expect(hub.emulator.callCount('refreshToken')).toBe(1)
    // The call log keeps the grant for assertions but never the client secret.
    expect(hub.emulator.callsTo('refreshToken')[0]?.body).toMatchObject({
      grant_type: 'refresh_token',
      client_secret: '[redacted]',
    })
  })

  it('answers a bad refresh token with HubSpot’s BAD_REFRESH_TOKEN body', async () => {
    const response = await api(hub.emulator, 'POST', '/oauth/v1/token', {
      form: tokenForm({ grant_type: 'refresh_token', refresh_token: 'na1-not-a-real-token' }),
    })
    expect(response.status).toBe(400)
    expect(response.body).toEqual({
      status: 'BAD_REFRESH_TOKEN',
      message: 'missing or invalid refresh token',
      correlationId: expect.stringMatching(UUID_PATTERN),
    })
  })

  it('stops refreshing a revoked refresh token', async () => {
    const refreshToken = hub.emulator.issueRefreshToken()
    hub.emulator.revokeRefreshToken(refreshToken)
    const response = await api(hub.emulator, 'POST', '/oauth/v1/token', {
      form: tokenForm({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    })
    expect(response.body.status).toBe('BAD_REFRESH_TOKEN')
  })

  it('rejects a wrong client secret without echoing it', async () => {
    const refreshToken = hub.emulator.issueRefreshToken()
    const response = await api(hub.emulator, 'POST', '/oauth/v1/token', {
      form: tokenForm({ grant_type: 'refresh_token', refresh_token: refreshToken, client_secret: 'guessed-secret' }),
    })
    expect(response.status).toBe(400)
    expect(response.body.status).toBe('BAD_CLIENT_ID')
    expect(JSON.stringify(response.body)).not.toContain('guessed-secret')
  })

  it('reads parameters from a form body only (a JSON body has no grant_type)', async () => {
    const refreshToken = hub.emulator.issueRefreshToken()
    const response = await api(hub.emulator, 'POST', '/oauth/v1/token', {
      json: tokenForm({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    })
    expect(response.status).toBe(400)
    expect(response.body.status).toBe('BAD_GRANT_TYPE')
  })
})

describe('access tokens', () => {
  it('expire after expires_in seconds (401 EXPIRED_AUTHENTICATION); unknown ones are INVALID_AUTHENTICATION', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z')
    const emulator = hub.reset({ listingDelay: 0, now: () => now })
    const token = emulator.issueAccessToken()
    const path = '/conversations/v3/conversations/inboxes'
    now += 1799_000
    expect((await api(emulator, 'GET', path, { token })).status).toBe(200)
    now += 1000
    const expired = await api(emulator, 'GET', path, { token })
    expect(expired.status).toBe(401)
    expect(expired.body).toMatchObject({ status: 'error', category: 'EXPIRED_AUTHENTICATION' })
    expect(expired.body.correlationId).toMatch(UUID_PATTERN)

    const unknown = await api(emulator, 'GET', path, { token: 'made-up' })
    expect(unknown.status).toBe(401)
    expect(unknown.body.category).toBe('INVALID_AUTHENTICATION')
    expect((await api(emulator, 'GET', path)).body.category).toBe('INVALID_AUTHENTICATION')
  })

  it('describes a token at /oauth/v1/access-tokens/{token}', async () => {
    const token = hub.emulator.issueAccessToken({ scopes: ['oauth', 'files'] })
    const info = await api(hub.emulator, 'GET', `/oauth/v1/access-tokens/${token}`)
    expect(info.status).toBe(200)
    expect(info.body).toMatchObject({
      token,
      user: 'alice@agents.example.com',
      hub_domain: expect.any(String),
      scopes: ['oauth', 'files'],
      hub_id: hub.emulator.defaultHubId,
      app_id: 1234567,
      expires_in: expect.any(Number),
      user_id: 5001,
      token_type: 'access',
    })
    expect((await api(hub.emulator, 'GET', '/oauth/v1/access-tokens/unknown')).status).toBe(404)
  })

  it('enforces scopes with a 403 MISSING_SCOPES naming the required scope', async () => {
    const { channelId, accountId } = await setupChannel(hub.emulator)
    const readOnly = hub.emulator.issueAccessToken({ scopes: ['oauth', 'conversations.read'] })
    const response = await publish(hub.emulator, readOnly, channelId, incomingMessage(accountId))
    expect(response.status).toBe(403)
    expect(response.body).toMatchObject({
      status: 'error',
      category: 'MISSING_SCOPES',
      message: expect.any(String),
      correlationId: expect.stringMatching(UUID_PATTERN),
      errors: [
        { message: expect.any(String), context: { requiredGranularScopes: ['conversations.custom_channels.write'] } },
      ],
      context: { requiredGranularScopes: ['conversations.custom_channels.write'] },
    })
    expect(hub.emulator.threads()).toHaveLength(0)
    // The same token can do what its scope allows.
    expect(
      (await api(hub.emulator, 'GET', '/conversations/v3/conversations/inboxes', { token: readOnly })).status,
    ).toBe(200)
    const files = await api(hub.emulator, 'GET', '/files/v3/files/1', { token: readOnly })
    expect(files.body.context.requiredGranularScopes).toEqual(['files', 'files.read', 'files.ui_hidden.read'])
  })
})
