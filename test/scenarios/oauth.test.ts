import fs from 'node:fs'
import path from 'node:path'
import { Harness, useHarness } from '../support/harness'
import { escalate, loggedConnectLink, registeredHarness } from '../support/scenario'

const harness = useHarness()

/** A second HubSpot account, as a stranger who installed the same public app in their own portal has. */
const STRANGER_HUB = 99_999_999

type Credentials = { refreshToken?: string; hubId?: number }
const credentialsOf = (h: Harness) =>
  h.botpress.statePayload('integration', h.ids.integrationId, 'credentials') as Credentials | undefined
const pendingStates = (h: Harness) =>
  Object.keys(
    (h.botpress.statePayload('integration', h.ids.integrationId, 'oauthRequests') as { pending?: object } | undefined)
      ?.pending ?? {},
  )

/** An install saved without a refresh token: its admin connects through the OAuth link. */
async function unconnected(h: Harness) {
  h.config = { ...h.config, refreshToken: undefined }
  return registeredHarness(h)
}

/** Opens the logged connect link the way a browser would; returns where HubSpot was asked to send the admin back. */
async function startConnect(h: Harness, mode: 'connect' | 'switch' = 'connect') {
  const { path, query } = loggedConnectLink(h, mode)
  const response = await h.browse(path, query)
  expect(response.status).toBe(302)
  const location = new URL(response.headers.location!)
  return {
    location,
    state: location.searchParams.get('state')!,
    redirectUri: location.searchParams.get('redirect_uri')!,
  }
}

/** The admin (or whoever holds the link) approves the app in HubSpot account `hubId`. */
async function approve(h: Harness, mode: 'connect' | 'switch' = 'connect', hubId?: number) {
  const { state, redirectUri } = await startConnect(h, mode)
  const code = h.hubspot.issueAuthorizationCode({ hubId, redirectUri })
  return h.browse('/oauth/callback', `code=${code}&state=${state}`)
}

describe('built-in OAuth connect flow', () => {
  it('redirects to the consent page with the client id, our callback, every scope and a state value', async () => {
    const h = await unconnected(harness())
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
    const h = await unconnected(harness())
    expect(h.hubspot.channelAccounts()).toHaveLength(0)

    const page = await approve(h)
    expect(page.status).toBe(200)
    expect(page.body).toContain('HubSpot connected')
    expect(h.hubspot.callCount('exchangeAuthorizationCode')).toBe(1)
    expect(credentialsOf(h)).toMatchObject({ refreshToken: expect.any(String), hubId: h.hubspot.defaultHubId })
    expect(
      h.hubspot
        .channelAccounts()
        .filter((a) => a.authorized)
        .map((a) => a.inboxId),
    ).toEqual(h.config.inboxIds)

    // Registering again later works from the stored token, with no token pasted in the configuration.
    expect((await h.register()).status).toBe(200)
    expect(h.hubspot.channelAccounts()).toHaveLength(1)
  })

  it('refuses a forged state without exchanging the code', async () => {
    const h = await unconnected(harness())
    await startConnect(h)
    const code = h.hubspot.issueAuthorizationCode({ redirectUri: `${h.webhookUrl}/oauth/callback` })
    const page = await h.browse('/oauth/callback', `code=${code}&state=forged-state-value`)
    expect(page.status).toBe(400)
    expect(page.body).toContain('Link expired or invalid')
    expect(h.hubspot.callCount('exchangeAuthorizationCode')).toBe(0)
  })

  it('refuses a state used once already', async () => {
    const h = await unconnected(harness())
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

  it('refuses a state past its ten minutes', async () => {
    const h = await unconnected(harness())
    const { state, redirectUri } = await startConnect(h)
    const code = h.hubspot.issueAuthorizationCode({ redirectUri })
    const now = Date.now()
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 11 * 60_000)
    try {
      const page = await h.browse('/oauth/callback', `code=${code}&state=${state}`)
      expect(page.status).toBe(400)
    } finally {
      clock.mockRestore()
    }
    expect(h.hubspot.callCount('exchangeAuthorizationCode')).toBe(0)
    expect(credentialsOf(h)).toBeUndefined()
  })

  it('explains a consent the admin declined', async () => {
    const h = await unconnected(harness())
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
    // The definition's icon, byte for byte: the integration carries it as code because `bp build` has no .svg loader.
    expect(logo.body).toBe(fs.readFileSync(path.join(__dirname, '../../icon.svg'), 'utf8'))
  })
})

describe('the connection belongs to the install’s admin', () => {
  it('starts OAuth only from a link signed for this install: 2,000 unsigned or forged starts store nothing', async () => {
    const h = await unconnected(harness())
    const other = loggedConnectLink(h)
    const attempts = [
      '',
      'link=',
      'link=forged',
      `${other.query}x`,
      other.query.replace(/link=(.)/, (_, first: string) => `link=${first === 'A' ? 'B' : 'A'}`),
    ]
    const writesBefore = h.botpress.callsTo('setState').length
    for (let i = 0; i < 2000; i++) {
      const page = await h.browse('/oauth/start', attempts[i % attempts.length])
      expect(page.status).toBe(403)
      expect(page.headers.location).toBeUndefined()
    }
    expect(h.botpress.callsTo('setState')).toHaveLength(writesBefore)
    expect(h.botpress.statePayload('integration', h.ids.integrationId, 'oauthRequests')).toBeUndefined()
  })

  it('refuses a link signed for another install', async () => {
    const first = await unconnected(harness())
    const link = loggedConnectLink(first)
    const second = await unconnected(harness({}))
    const page = await second.browse(link.path, link.query)
    expect(page.status).toBe(403)
    expect(pendingStates(second)).toEqual([])
  })

  it('keeps a few pending state values per install, however often the link is opened', async () => {
    const h = await unconnected(harness())
    for (let i = 0; i < 20; i++) await startConnect(h)
    expect(pendingStates(h).length).toBeLessThanOrEqual(5)
    // The newest still works.
    const { state, redirectUri } = await startConnect(h)
    const code = h.hubspot.issueAuthorizationCode({ redirectUri })
    expect((await h.browse('/oauth/callback', `code=${code}&state=${state}`)).status).toBe(200)
  })

  it('a stranger approving their own HubSpot account cannot take the install over', async () => {
    const h = await unconnected(harness())
    h.hubspot.seedPortal({ hubId: STRANGER_HUB })
    const own = await approve(h)
    expect(own.status).toBe(200)
    const before = credentialsOf(h)
    expect(before?.hubId).toBe(h.hubspot.defaultHubId)

    // Even holding the admin's connect link, approving another account is refused and changes nothing.
    const { state, redirectUri } = await startConnect(h)
    const code = h.hubspot.issueAuthorizationCode({ hubId: STRANGER_HUB, redirectUri })
    const page = await h.browse('/oauth/callback', `code=${code}&state=${state}`)
    expect(page.status).toBe(409)
    expect(page.body).toContain(`connected to HubSpot account ${h.hubspot.defaultHubId}`)
    expect(credentialsOf(h)).toEqual(before)
    // Its state value is spent: replaying it with another code of the stranger's reaches no exchange.
    const exchanges = h.hubspot.callCount('exchangeAuthorizationCode')
    const againCode = h.hubspot.issueAuthorizationCode({ hubId: STRANGER_HUB, redirectUri })
    expect((await h.browse('/oauth/callback', `code=${againCode}&state=${state}`)).status).toBe(400)
    expect(h.hubspot.callCount('exchangeAuthorizationCode')).toBe(exchanges)

    // The next escalation still goes to the install's own account.
    await escalate(h)
    expect(h.hubspot.threads(h.hubspot.defaultHubId)).toHaveLength(1)
    expect(h.hubspot.threads(STRANGER_HUB)).toHaveLength(0)
    expect(h.hubspot.crmObjects('tickets', STRANGER_HUB)).toHaveLength(0)
  })

  it('moves the install to another account only through the switch link', async () => {
    const h = await unconnected(harness())
    expect((await approve(h)).status).toBe(200)
    expect((await h.register()).status).toBe(200)
    const other = h.hubspot.seedPortal({ hubId: 55_555_555 })

    const page = await approve(h, 'switch', other.hubId)
    expect(page.status).toBe(200)
    expect(credentialsOf(h)?.hubId).toBe(other.hubId)
    await escalate(h)
    expect(h.hubspot.threads(other.hubId)).toHaveLength(1)
  })

  it('a callback that fails leaves the stored connection as it was', async () => {
    const h = await unconnected(harness())
    expect((await approve(h)).status).toBe(200)
    const before = credentialsOf(h)

    // The same account approved again, without the scopes the integration needs: refused before anything is stored.
    const { state, redirectUri } = await startConnect(h)
    const code = h.hubspot.issueAuthorizationCode({ redirectUri, scopes: ['oauth', 'conversations.read'] })
    const page = await h.browse('/oauth/callback', `code=${code}&state=${state}`)
    expect(page.status).toBe(400)
    expect(page.body).toContain('HubSpot was not connected')
    expect(credentialsOf(h)).toEqual(before)

    // HubSpot refusing the code (used already) changes nothing either.
    const retry = await startConnect(h)
    const replayed = await h.browse('/oauth/callback', `code=${code}&state=${retry.state}`)
    expect(replayed.status).toBe(400)
    expect(credentialsOf(h)).toEqual(before)
  })
})
