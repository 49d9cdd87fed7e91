import { Harness, useHarness } from '../support/harness'

const harness = useHarness()

/** Follows /oauth/start the way a browser would, and returns where HubSpot was asked to send the admin back. */
async function startConnect(h: Harness) {
  const response = await h.browse('/oauth/start')
  expect(response.status).toBe(302)
  const location = new URL(response.headers.location!)
  return {
    location,
    state: location.searchParams.get('state')!,
    redirectUri: location.searchParams.get('redirect_uri')!,
  }
}

describe('built-in OAuth connect flow', () => {
  it('redirects to the consent page with the client id, our callback, every scope and a state value', async () => {
    const h = harness()
    const { location, state, redirectUri } = await startConnect(h)
    expect(location.origin + location.pathname).toBe('https://api.hubapi.test/oauth/authorize')
    expect(location.searchParams.get('client_id')).toBe(h.config.clientId)
    expect(redirectUri).toBe(`${h.webhookUrl}/oauth/callback`)
    expect(location.searchParams.get('scope')!.split(' ')).toEqual(
      expect.arrayContaining([
        'oauth',
        'conversations.read',
        'conversations.write',
        'conversations.custom_channels.read',
        'conversations.custom_channels.write',
        'files',
      ]),
    )
    expect(state.length).toBeGreaterThanOrEqual(32)
  })

  it('exchanges the code, stores the refresh token and connects the configured inboxes', async () => {
    const h = harness()
    const config = { ...h.config, refreshToken: undefined }
    h.config = config
    await h.register()
    expect(h.hubspot.channelAccounts()).toHaveLength(0)

    const { state, redirectUri } = await startConnect(h)
    const code = h.hubspot.issueAuthorizationCode({ redirectUri })
    const page = await h.browse('/oauth/callback', `code=${code}&state=${state}`)
    expect(page.status).toBe(200)
    expect(page.body).toContain('HubSpot connected')
    expect(h.hubspot.callCount('exchangeAuthorizationCode')).toBe(1)
    const credentials = h.botpress.statePayload('integration', h.ids.integrationId, 'credentials') as {
      refreshToken?: string
    }
    expect(credentials.refreshToken).toBeTruthy()
    expect(
      h.hubspot
        .channelAccounts()
        .filter((a) => a.authorized)
        .map((a) => a.inboxId),
    ).toEqual(config.inboxIds)

    // Registering again later works from the stored token, with no token pasted in the configuration.
    expect((await h.register()).status).toBe(200)
    expect(h.hubspot.channelAccounts()).toHaveLength(1)
  })

  it('refuses a forged state without exchanging the code', async () => {
    const h = harness()
    await startConnect(h)
    const code = h.hubspot.issueAuthorizationCode({ redirectUri: `${h.webhookUrl}/oauth/callback` })
    const page = await h.browse('/oauth/callback', `code=${code}&state=forged-state-value`)
    expect(page.status).toBe(400)
    expect(page.body).toContain('Link expired or invalid')
    expect(h.hubspot.callCount('exchangeAuthorizationCode')).toBe(0)
  })

  it('refuses a state used once already', async () => {
    const h = harness()
    const { state, redirectUri } = await startConnect(h)
    const first = await h.browse(
      '/oauth/callback',
      `code=${h.hubspot.issueAuthorizationCode({ redirectUri })}&state=${state}`,
    )
    expect(first.status).toBe(200)
    const replay = await h.browse(
      '/oauth/callback',
      `code=${h.hubspot.issueAuthorizationCode({ redirectUri })}&state=${state}`,
    )
    expect(replay.status).toBe(400)
    expect(h.hubspot.callCount('exchangeAuthorizationCode')).toBe(1)
  })

  it('explains a consent the admin declined', async () => {
    const h = harness()
    const { state } = await startConnect(h)
    const page = await h.browse(
      '/oauth/callback',
      `state=${state}&error=access_denied&error_description=The+user+declined`,
    )
    expect(page.status).toBe(400)
    expect(page.body).toContain('The user declined')
  })

  it('serves the channel logo on the connect flow, unsigned', async () => {
    const h = harness()
    const logo = await h.browse('/oauth/logo.svg')
    expect(logo.status).toBe(200)
    expect(logo.headers['content-type']).toBe('image/svg+xml')
    expect(logo.body).toContain('<svg')
  })
})
