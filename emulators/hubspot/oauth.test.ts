import { DEFAULT_SCOPES } from './hubspot-emulator'
import { api, incomingMessage, publish, setupChannel, useHubSpot, UUID_PATTERN } from './test-support'

const hub = useHubSpot()
const REDIRECT = 'https://botpress.test/oauth/callback'
const TOKEN = '/oauth/2026-03/token'
const INTROSPECT = '/oauth/2026-03/token/introspect'

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
    const response = await api(hub.emulator, 'POST', TOKEN, {
      form: tokenForm({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }),
    })
    expect(response.status).toBe(200)
    expect(response.body).toEqual({
      token_type: 'bearer',
      token_use: 'access_token',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: 1800,
      hub_id: hub.emulator.defaultHubId,
      user_id: 5001,
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
    const wrongRedirect = await api(hub.emulator, 'POST', TOKEN, {
      form: tokenForm({ grant_type: 'authorization_code', code, redirect_uri: 'https://evil.test/cb' }),
    })
    expect(wrongRedirect.status).toBe(400)
    expect(wrongRedirect.body.status).toBe('BAD_REDIRECT_URI')

    const first = await api(hub.emulator, 'POST', TOKEN, {
      form: tokenForm({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }),
    })
    expect(first.status).toBe(200)
    const again = await api(hub.emulator, 'POST', TOKEN, {
      form: tokenForm({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }),
    })
    expect(again.status).toBe(400)
    expect(again.body).toEqual({
      status: 'BAD_AUTH_CODE',
      message: expect.any(String),
      error: 'invalid_grant',
      error_description: expect.any(String),
      correlationId: expect.stringMatching(UUID_PATTERN),
    })
  })

  it('rejects an expired code', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z')
    const emulator = hub.reset({ listingDelay: 0, now: () => now })
    const code = emulator.issueAuthorizationCode({ redirectUri: REDIRECT })
    now += 6 * 60_000
    const response = await api(emulator, 'POST', TOKEN, {
      form: tokenForm({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }),
    })
    expect(response.status).toBe(400)
    expect(response.body.status).toBe('EXPIRED_AUTH_CODE')
  })

  it('refreshes with a pasted refresh token and keeps the same refresh token', async () => {
    const refreshToken = hub.emulator.issueRefreshToken({ scopes: ['oauth', 'conversations.read'] })
    const response = await api(hub.emulator, 'POST', TOKEN, {
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

  it('answers a bad refresh token with the RFC 6749 fields and HubSpot’s legacy ones', async () => {
    const response = await api(hub.emulator, 'POST', TOKEN, {
      form: tokenForm({ grant_type: 'refresh_token', refresh_token: 'na1-not-a-real-token' }),
    })
    expect(response.status).toBe(400)
    expect(response.body).toEqual({
      status: 'BAD_REFRESH_TOKEN',
      message: 'missing or invalid refresh token',
      error: 'invalid_grant',
      error_description: 'missing or invalid refresh token',
      correlationId: expect.stringMatching(UUID_PATTERN),
    })
  })

  it('stops refreshing a revoked refresh token', async () => {
    const refreshToken = hub.emulator.issueRefreshToken()
    hub.emulator.revokeRefreshToken(refreshToken)
    const response = await api(hub.emulator, 'POST', TOKEN, {
      form: tokenForm({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    })
    expect(response.body.status).toBe('BAD_REFRESH_TOKEN')
  })

  it('rejects a wrong client secret without echoing it', async () => {
    const refreshToken = hub.emulator.issueRefreshToken()
    const response = await api(hub.emulator, 'POST', TOKEN, {
      form: tokenForm({ grant_type: 'refresh_token', refresh_token: refreshToken, client_secret: 'guessed-secret' }),
    })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ status: 'BAD_CLIENT_ID', error: 'invalid_client' })
    expect(JSON.stringify(response.body)).not.toContain('guessed-secret')
  })

  it('reads parameters from a form body only (a JSON body has no grant_type)', async () => {
    const refreshToken = hub.emulator.issueRefreshToken()
    const response = await api(hub.emulator, 'POST', TOKEN, {
      json: tokenForm({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ status: 'BAD_GRANT_TYPE', error: 'unsupported_grant_type' })
  })

  it('answers the same at /oauth/v3/token, the spec’s other name for the endpoint', async () => {
    const refreshToken = hub.emulator.issueRefreshToken()
    const response = await api(hub.emulator, 'POST', '/oauth/v3/token', {
      form: tokenForm({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    })
    expect(response.status).toBe(200)
    expect(hub.emulator.callCount('refreshToken')).toBe(1)
  })

  it('answers every v1 endpoint with its sunset error, so a leftover v1 call fails', async () => {
    const refreshToken = hub.emulator.issueRefreshToken()
    const token = hub.emulator.issueAccessToken()
    const calls = [
      api(hub.emulator, 'POST', '/oauth/v1/token', {
        form: tokenForm({ grant_type: 'refresh_token', refresh_token: refreshToken }),
      }),
      api(hub.emulator, 'GET', `/oauth/v1/access-tokens/${token}`),
      api(hub.emulator, 'GET', `/oauth/v1/refresh-tokens/${refreshToken}`),
      api(hub.emulator, 'DELETE', `/oauth/v1/refresh-tokens/${refreshToken}`),
    ]
    for (const response of await Promise.all(calls)) {
      expect(response.status).toBe(410)
      expect(response.body).toEqual({
        status: 'OAUTH_V1_SUNSET',
        message: expect.stringContaining('/oauth/2026-03/token'),
        error: 'invalid_request',
        error_description: expect.any(String),
        correlationId: expect.stringMatching(UUID_PATTERN),
      })
    }
    expect(hub.emulator.callCount('oauthV1Sunset')).toBe(4)
    // Nothing was minted or revoked.
    expect(hub.emulator.store.accessTokens.size).toBe(1)
    expect(hub.emulator.store.refreshTokens.get(refreshToken)?.revoked).toBe(false)
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

  it('introspects an access token: who, which app, which scopes, for how long', async () => {
    const token = hub.emulator.issueAccessToken({ scopes: ['oauth', 'files'] })
    const info = await api(hub.emulator, 'POST', INTROSPECT, {
      form: tokenForm({ token, token_type_hint: 'access_token' }),
    })
    expect(info.status).toBe(200)
    expect(info.body).toMatchObject({
      active: true,
      token,
      token_use: 'access_token',
      client_id: hub.emulator.app.clientId,
      app_id: 1234567,
      hub_id: hub.emulator.defaultHubId,
      hub_domain: expect.any(String),
      user: 'alice@agents.example.com',
      user_id: 5001,
      scopes: ['oauth', 'files'],
      expires_in: expect.any(Number),
      is_private_distribution: false,
      signed_access_token: expect.objectContaining({ hubId: hub.emulator.defaultHubId, appId: 1234567 }),
    })
    expect(hub.emulator.callCount('introspectToken')).toBe(1)
  })

  it('introspects a refresh token, and answers { active: false } once it is revoked or for one it never issued', async () => {
    const refreshToken = hub.emulator.issueRefreshToken({ scopes: ['oauth'] })
    const introspect = (token: string) =>
      api(hub.emulator, 'POST', INTROSPECT, { form: tokenForm({ token, token_type_hint: 'refresh_token' }) })
    expect((await introspect(refreshToken)).body).toMatchObject({
      active: true,
      token_use: 'refresh_token',
      hub_id: hub.emulator.defaultHubId,
      scopes: ['oauth'],
    })
    const revoked = await api(hub.emulator, 'POST', '/oauth/2026-03/token/revoke', {
      form: tokenForm({ token: refreshToken, token_type_hint: 'refresh_token' }),
    })
    expect(revoked.status).toBe(200)
    expect((await introspect(refreshToken)).body).toEqual({ active: false })
    expect((await introspect('unknown-token')).body).toEqual({ active: false })
  })

  it('checks the client credentials and the token parameter before introspecting', async () => {
    const token = hub.emulator.issueAccessToken()
    const badSecret = await api(hub.emulator, 'POST', INTROSPECT, {
      form: tokenForm({ token, client_secret: 'guessed-secret' }),
    })
    expect(badSecret.status).toBe(400)
    expect(badSecret.body).toMatchObject({ status: 'BAD_CLIENT_ID', error: 'invalid_client' })
    const noToken = await api(hub.emulator, 'POST', INTROSPECT, { form: tokenForm({}) })
    expect(noToken.status).toBe(400)
    expect(noToken.body).toMatchObject({ error: 'invalid_request' })
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
