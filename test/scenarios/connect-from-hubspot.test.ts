import { selectableInboxIds } from '../../src/setup/inboxes'
import { Harness, useHarness } from '../support/harness'
import { escalate, loggedConnectLink, registeredHarness } from '../support/scenario'

const harness = useHarness()
const HELP_DESK = '147002'

type ChannelState = {
  channelId: string
  channelAccounts: Record<string, string>
  inboxesConnectedInHubSpot?: string[]
}

const channelState = (h: Harness) =>
  h.botpress.statePayload('integration', h.ids.integrationId, 'channel') as ChannelState | undefined

/** What the admin's browser does with the URL HubSpot sends it to: a GET on the integration's webhook. */
function openLink(h: Harness, url: string) {
  const link = new URL(url)
  expect(link.href.startsWith(`${h.webhookUrl}/`)).toBe(true)
  return h.browse(link.pathname.slice(new URL(h.webhookUrl).pathname.length), link.search.slice(1))
}

/** The admin picks an inbox for the Botpress channel in HubSpot's inbox settings. */
function connectInHubSpot(h: Harness, inboxId = HELP_DESK) {
  const channelId = channelState(h)!.channelId
  return { channelId, ...h.hubspot.startChannelConnection({ channelId, inboxId }) }
}

const authorizedInboxes = (h: Harness) =>
  h.hubspot
    .channelAccounts()
    .filter((account) => account.authorized)
    .map((account) => account.inboxId)
    .sort()

describe("connecting an inbox from HubSpot's inbox settings", () => {
  it('connects the inbox the admin picked, says which, and a later config save keeps it', async () => {
    const h = await registeredHarness(harness())
    expect(h.hubspot.channels()[0]!.channelAccountConnectionRedirectUrl).toBe(`${h.webhookUrl}/oauth/connect-inbox`)
    const { channelId, url } = connectInHubSpot(h)

    const page = await openLink(h, url)
    expect(page.status).toBe(200)
    expect(page.body).toContain('Inbox connected')
    expect(page.body).toContain('HubSpot inbox &quot;Help desk&quot; (147002) now receives')
    expect(page.body).toMatch(/<a href="https:\/\/app\.hubspot\.com\/[^"]+">Back to HubSpot<\/a>/)
    expect(page.body).not.toContain(new URL(url).searchParams.get('accountToken')!)

    const account = h.hubspot.channelAccounts().find((candidate) => candidate.inboxId === HELP_DESK)!
    expect(account).toMatchObject({
      channelId,
      name: 'Botpress bot',
      authorized: true,
      deliveryIdentifier: { type: 'CHANNEL_SPECIFIC_OPAQUE_ID', value: `botpress-${channelId}-${HELP_DESK}` },
    })
    expect(channelState(h)).toMatchObject({
      channelAccounts: { [h.config.inboxIds[0]!]: expect.any(String), [HELP_DESK]: account.id },
      inboxesConnectedInHubSpot: [HELP_DESK],
    })
    expect(selectableInboxIds(h.config.inboxIds, channelState(h))).toEqual([...h.config.inboxIds, HELP_DESK])

    // Saving the configuration (which names only the first inbox) neither disconnects nor duplicates it.
    expect((await h.register()).status).toBe(200)
    expect(authorizedInboxes(h)).toEqual(['147001', HELP_DESK])
    expect(h.hubspot.channelAccounts()).toHaveLength(2)
    expect(channelState(h)).toMatchObject({
      channelAccounts: { [HELP_DESK]: account.id },
      inboxesConnectedInHubSpot: [HELP_DESK],
    })

    // A session may pick it: its thread opens in that inbox, through that channel account.
    const { threadId, conversation } = await escalate(h, { hitlSession: { inboxId: HELP_DESK } })
    expect(conversation.tags).toMatchObject({ inboxId: HELP_DESK, channelAccountId: account.id })
    expect(h.hubspot.threads().find((thread) => thread.id === threadId)!.inboxId).toBe(HELP_DESK)
  })

  it('never connects an account: an install not connected yet sends the admin to its own connect link first', async () => {
    const h = harness()
    h.config = { ...h.config, refreshToken: undefined }
    await registeredHarness(h)
    // Any portal that installed the app can send someone here: the page connects no account and stores nothing.
    const { url } = connectInHubSpot(h)
    const writes = h.botpress.callsTo('setState').length
    const page = await openLink(h, url)
    expect(page.status).toBe(409)
    expect(page.body).toContain('Connect the HubSpot account first')
    expect(page.headers.location).toBeUndefined()
    expect(h.botpress.callsTo('setState')).toHaveLength(writes)
    expect(h.hubspot.callCount('completeStagingToken')).toBe(0)

    // Once the admin connected the account with the logged link, the same HubSpot flow connects the inbox.
    const { path, query } = loggedConnectLink(h)
    const consent = new URL((await h.browse(path, query)).headers.location!)
    const code = h.hubspot.issueAuthorizationCode({ redirectUri: consent.searchParams.get('redirect_uri')! })
    expect((await h.browse('/oauth/callback', `code=${code}&state=${consent.searchParams.get('state')}`)).status).toBe(
      200,
    )
    const again = await openLink(h, connectInHubSpot(h).url)
    expect(again.status).toBe(200)
    expect(again.body).toContain('HubSpot inbox &quot;Help desk&quot; (147002) now receives')
    expect(authorizedInboxes(h)).toEqual(['147001', HELP_DESK])
  })

  it('is safe to repeat: a reloaded page or a lost answer ends with the one account, not an error', async () => {
    const h = await registeredHarness(harness())
    const { url } = connectInHubSpot(h)
    // HubSpot makes the account, then the answer is lost; the retried PATCH is told the token was used (409).
    h.hubspot.injectFault({ operation: 'completeStagingToken', dropResponse: true })
    const first = await openLink(h, url)
    expect(first.status).toBe(200)
    expect(h.hubspot.callsTo('completeStagingToken').map((call) => call.status)).toEqual([200, 409])

    const reloaded = await openLink(h, url)
    expect(reloaded.status).toBe(200)
    expect(reloaded.body).toContain('(147002) was already connected')
    expect(h.hubspot.channelAccounts()).toHaveLength(2)
    expect(channelState(h)?.inboxesConnectedInHubSpot).toEqual([HELP_DESK])
  })

  it('explains an expired or unknown link, changing nothing', async () => {
    const h = await registeredHarness(harness())
    const { url, accountToken } = connectInHubSpot(h)
    const before = channelState(h)
    // The admin comes back after the token's lifetime (the emulator's clock is not the integration's).
    h.hubspot.store.stagingTokens.get(accountToken)!.expiresAt = Date.now() - 1
    const expired = await openLink(h, url)
    expect(expired.status).toBe(400)
    expect(expired.body).toContain('This connection link is unknown to HubSpot or has expired')
    expect(expired.body).toContain('staging token has expired')
    expect(expired.body).toContain('Start again from HubSpot&#39;s inbox settings')
    const forged = new URL(url)
    forged.searchParams.set('accountToken', 'made-up-token')
    const unknown = await openLink(h, forged.toString())
    expect(unknown.status).toBe(400)
    expect(unknown.body).toContain('unknown to HubSpot or has expired')
    expect(h.hubspot.channelAccounts()).toHaveLength(1)
    expect(channelState(h)).toEqual(before)
  })

  it('explains a link without token or inbox, a channel not registered yet, and HubSpot refusing', async () => {
    const fresh = harness()
    const notRegistered = await fresh.browse('/oauth/connect-inbox', 'accountToken=abc&inboxId=147002')
    expect(notRegistered.status).toBe(409)
    expect(notRegistered.body).toContain('channel is not registered yet')

    const h = await registeredHarness(harness())
    const incomplete = await h.browse('/oauth/connect-inbox', 'accountToken=abc')
    expect(incomplete.status).toBe(400)
    expect(incomplete.body).toContain('Connection link incomplete')

    const { url } = connectInHubSpot(h)
    h.hubspot.injectFault({ operation: 'completeStagingToken', status: 403 })
    const refused = await openLink(h, url)
    expect(refused.status).toBe(400)
    expect(refused.body).toContain('HubSpot could not finish connecting the inbox (HTTP 403')
    expect(h.logs.text).toContain('Connecting a HubSpot inbox failed')
    expect(h.logs.text).not.toContain(new URL(url).searchParams.get('accountToken')!)
    expect(channelState(h)?.inboxesConnectedInHubSpot).toEqual([])
  })

  it('offers no way back to a site that is not HubSpot', async () => {
    const h = await registeredHarness(harness())
    const link = new URL(connectInHubSpot(h).url)
    link.searchParams.set('redirectUrl', 'https://evil.example/phish')
    const page = await openLink(h, link.toString())
    expect(page.status).toBe(200)
    expect(page.body).not.toContain('evil.example')
  })
})
