import { Harness, useHarness } from '../support/harness'

const harness = useHarness()

const authorizedInboxes = (h: Harness) =>
  h.hubspot
    .channelAccounts()
    .filter((account) => account.authorized && !account.archived)
    .map((account) => account.inboxId)
    .sort()

async function expectRegisterError(h: Harness, config: Harness['config'], message: RegExp) {
  const response = await h.register(config)
  expect(response.status).toBe(400)
  expect(response.json<{ message: string }>().message).toMatch(message)
  // Bad input changes nothing in HubSpot.
  expect(h.hubspot.channels().filter((c) => !c.archived)).toHaveLength(0)
  expect(h.hubspot.channelAccounts()).toHaveLength(0)
}

describe('register', () => {
  it('creates one channel and one account per inbox, however many times it runs', async () => {
    const h = harness()
    for (let run = 0; run < 3; run++) expect((await h.register()).status).toBe(200)
    const channels = h.hubspot.channels()
    expect(channels).toHaveLength(1)
    expect(channels[0]!.webhookUrl).toBe(h.webhookUrl)
    expect(authorizedInboxes(h)).toEqual(h.config.inboxIds)
    expect(h.hubspot.callCount('createChannel')).toBe(1)
    expect(h.hubspot.callCount('createChannelAccount')).toBe(1)
  })

  it('costs a repeat run six reads and no write', async () => {
    const h = harness()
    await h.register()
    const before = h.hubspot.calls.length
    await h.register()
    expect(h.hubspot.calls.slice(before).map((c) => c.operation)).toEqual([
      'introspectToken',
      'listInboxes',
      'listChannels',
      'listChannelAccounts',
      'listSubscriptions',
      'getWebhookSettings',
    ])
  })

  it('declares real capabilities and records the ids in state', async () => {
    const h = harness()
    await h.register()
    const [channel] = h.hubspot.channels()
    expect(channel!.capabilities).toMatchObject({
      threadingModel: 'INTEGRATION_THREAD_ID',
      deliveryIdentifierTypes: expect.arrayContaining([
        'HS_EMAIL_ADDRESS',
        'HS_PHONE_NUMBER',
        'CHANNEL_SPECIFIC_OPAQUE_ID',
      ]),
      allowOutgoingMessages: true,
      outgoingAttachmentTypes: ['FILE'],
    })
    const state = h.botpress.statePayload('integration', h.ids.integrationId, 'channel') as {
      channelId: string
      channelAccounts: Record<string, string>
    }
    expect(state.channelId).toBe(channel!.id)
    expect(Object.keys(state.channelAccounts)).toEqual(h.config.inboxIds)
  })

  it('connects added inboxes and disconnects removed ones', async () => {
    const h = harness()
    const [first, second] = h.hubspot.portal().inboxes.map((inbox) => inbox.id)
    await h.register({ ...h.config, inboxIds: [first!] })
    await h.register({ ...h.config, inboxIds: [first!, second!] })
    expect(authorizedInboxes(h)).toEqual([first, second].sort())
    await h.register({ ...h.config, inboxIds: [second!] })
    expect(authorizedInboxes(h)).toEqual([second])
    expect(h.hubspot.channels()).toHaveLength(1)
    // Re-adding the first inbox re-authorizes its account instead of creating a second one.
    await h.register({ ...h.config, inboxIds: [first!, second!] })
    expect(h.hubspot.channelAccounts().filter((a) => a.inboxId === first)).toHaveLength(1)
  })

  it('corrects a channel whose capabilities drifted', async () => {
    const h = harness()
    await h.register()
    const [channel] = h.hubspot.store.channels.values() as IterableIterator<{ capabilities: Record<string, unknown> }>
    channel!.capabilities = { ...channel!.capabilities, allowOutgoingMessages: false }
    await h.register()
    expect(h.hubspot.callCount('updateChannel')).toBe(1)
    expect(h.hubspot.channels()[0]!.capabilities).toMatchObject({ allowOutgoingMessages: true })
  })

  it('waits until HubSpot lists a new channel before connecting inboxes', async () => {
    const h = harness({ listingDelay: 2 })
    expect((await h.register()).status).toBe(200)
    // One list to look for an existing channel, then polls until the new one shows up (hidden for two lists).
    expect(h.hubspot.callCount('listChannels')).toBe(4)
    expect(h.hubspot.channels()).toHaveLength(1)
    expect(h.hubspot.channelAccounts()).toHaveLength(1)
  })

  it('points the app webhooks at this install and subscribes the conversation events', async () => {
    const h = harness()
    await h.register()
    expect(h.hubspot.webhookSettings()?.targetUrl).toBe(h.webhookUrl)
    const subscriptions = h.hubspot
      .subscriptions()
      .map((s) => `${s.eventType}:${s.propertyName ?? ''}`)
      .sort()
    expect(subscriptions).toEqual([
      'conversation.deletion:',
      'conversation.privacyDeletion:',
      'conversation.propertyChange:assignedTo',
      'conversation.propertyChange:status',
    ])
    await h.register()
    expect(h.hubspot.subscriptions()).toHaveLength(4)
  })

  it("logs a new app's missing webhook settings (HubSpot's 404) as expected information, not as an HTTP error", async () => {
    const h = harness()
    const info = jest.spyOn(console, 'info')
    await h.register()
    const said = info.mock.calls.map((args) => args.join(' '))
    info.mockRestore()
    expect(said).toContainEqual(
      expect.stringMatching(/read the app webhook settings: none yet.*\(HTTP 404, expected\)/),
    )
    expect(h.logs.text).not.toMatch(/webhook settings: HTTP 404/)
  })

  it('never overwrites an app webhook target that points at another install, and says what to change', async () => {
    const h = harness()
    h.hubspot.store.webhookSettings = {
      targetUrl: 'https://webhook.botpress.cloud/another-install',
      createdAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-01-01T00:00:00Z',
    } as never
    expect((await h.register()).status).toBe(200)
    expect(h.hubspot.webhookSettings()?.targetUrl).toBe('https://webhook.botpress.cloud/another-install')
    expect(h.logs.text).toMatch(/webhook target URL is https:\/\/webhook\.botpress\.cloud\/another-install/)
  })

  describe('configuration errors say what to fix and change nothing', () => {
    it('a refresh token HubSpot does not know', async () => {
      const h = harness()
      await expectRegisterError(
        h,
        { ...h.config, refreshToken: 'not-a-real-refresh-token' },
        /rejected the refresh token/,
      )
    })

    it('a wrong client secret', async () => {
      const h = harness()
      await expectRegisterError(h, { ...h.config, clientSecret: 'wrong-secret-value' }, /client ID and client secret/)
    })

    it('a wrong client id', async () => {
      const h = harness()
      await expectRegisterError(h, { ...h.config, clientId: 'wrong-client-id' }, /client ID and client secret/)
    })

    it('a rejected developer API key', async () => {
      const h = harness()
      await expectRegisterError(
        h,
        { ...h.config, developerApiKey: 'wrong-developer-key' },
        /developer API key or the app ID/,
      )
    })

    it('an app id that is not the app of the developer key', async () => {
      const h = harness()
      await expectRegisterError(h, { ...h.config, appId: '999' }, /developer API key or the app ID/)
    })

    it('a developer key refused on the app webhooks API gets the same advice, not the OAuth one', async () => {
      const h = harness()
      h.hubspot.injectFault({ operation: 'getWebhookSettings', status: 401 })
      const response = await h.register()
      expect(response.status).toBe(400)
      expect(response.json<{ message: string }>().message).toMatch(
        /could not read the app webhook settings \(HTTP 401.*\)\. HubSpot rejected the developer API key or the app ID/,
      )
    })

    it('an inbox that does not exist, listing those that do', async () => {
      const h = harness()
      await expectRegisterError(
        h,
        { ...h.config, inboxIds: ['424242'] },
        /Inbox ID 424242 does not exist.*147001 \(Support inbox\), 147002 \(Help desk\)/,
      )
    })

    it('a token missing a scope, named', async () => {
      const h = harness()
      const refreshToken = h.hubspot.issueRefreshToken({
        scopes: ['oauth', 'conversations.read', 'conversations.write', 'files'],
      })
      await expectRegisterError(
        h,
        { ...h.config, refreshToken },
        /missing these scopes: conversations\.custom_channels\.read, conversations\.custom_channels\.write/,
      )
    })
  })

  it('without a connected account prepares the channel and points to the connect link', async () => {
    const h = harness()
    const response = await h.register({ ...h.config, refreshToken: undefined })
    expect(response.status).toBe(200)
    expect(h.hubspot.channels()).toHaveLength(1)
    expect(h.hubspot.channelAccounts()).toHaveLength(0)
    expect(h.logs.text).toContain(`${h.webhookUrl}/oauth/start?link=`)
  })

  it('reads configuration values as the admin meant them: whitespace around them is no error', async () => {
    const h = harness()
    // Botpress hands the values as typed, without the definition's trims.
    const typed = {
      ...h.config,
      clientId: ` ${h.config.clientId}\t`,
      appId: ` ${h.config.appId} `,
      inboxIds: [` ${h.config.inboxIds[0]} `],
      refreshToken: `${h.config.refreshToken}\n`,
    }
    const response = await h.register(typed)
    expect(response.status).toBe(200)
    expect(authorizedInboxes(h)).toEqual(h.config.inboxIds)
    expect(h.botpress.statePayload('integration', h.ids.integrationId, 'channel')).toMatchObject({
      channelAccounts: { [h.config.inboxIds[0]!]: expect.any(String) },
    })
  })
})

describe('unregister', () => {
  it("removes this install's channel and accounts, clears state, and succeeds again when all is gone", async () => {
    const h = harness()
    await h.register()
    expect((await h.unregister()).status).toBe(200)
    expect(h.hubspot.channels().filter((c) => !c.archived)).toHaveLength(0)
    expect(h.hubspot.channelAccounts().filter((a) => a.authorized)).toHaveLength(0)
    expect(h.hubspot.webhookSettings()?.targetUrl).toBeUndefined()
    for (const name of ['channel', 'credentials', 'oauthRequests']) {
      expect(h.botpress.statePayload('integration', h.ids.integrationId, name)).toBeUndefined()
    }
    expect((await h.unregister()).status).toBe(200)
  })

  it("never deletes another install's channel", async () => {
    const h = harness()
    await h.register()
    const other = await h.hubspot.handle(
      new Request(
        `https://api.hubapi.test/conversations/v3/custom-channels?hapikey=${h.config.developerApiKey}&appId=${h.config.appId}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            name: 'Other bot',
            webhookUrl: 'https://webhook.botpress.cloud/other',
            capabilities: {
              threadingModel: 'INTEGRATION_THREAD_ID',
              deliveryIdentifierTypes: ['CHANNEL_SPECIFIC_OPAQUE_ID'],
            },
          }),
        },
      ),
    )
    expect(other.status).toBe(201)
    await h.unregister()
    expect(
      h.hubspot
        .channels()
        .filter((c) => !c.archived)
        .map((c) => c.webhookUrl),
    ).toEqual(['https://webhook.botpress.cloud/other'])
  })
})
