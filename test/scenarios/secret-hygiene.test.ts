import { Harness, useHarness } from '../support/harness'
import { escalate, loggedConnectLink, registeredHarness } from '../support/scenario'

const harness = useHarness()

/** Every credential in play: the configuration's secrets and every token the emulated HubSpot issued. */
function secretsOf(h: Harness): string[] {
  return [
    h.config.clientSecret,
    h.config.developerApiKey,
    h.config.refreshToken!,
    ...h.hubspot.store.accessTokens.keys(),
    ...h.hubspot.store.refreshTokens.keys(),
  ]
}

/** Botpress API payloads, except the integration's own state records that hold the tokens. */
function botpressPayloads(h: Harness): string {
  return h.botpress.calls
    .filter((call) => !/\/states\/integration\/[^/]+\/credentials/.test(call.path))
    .map((call) => `${call.path} ${JSON.stringify(call.body ?? '')}`)
    .join('\n')
}

async function everyScenario(h: Harness) {
  await registeredHarness(h)
  const { conversationId, userId, threadId } = await escalate(h)
  await h.sendToAgent(conversationId, 'text', { text: 'hello', userId })
  await h.sendToAgent(conversationId, 'image', { imageUrl: h.serveMedia('/a.png', 'png', 'image/png'), userId })
  await h.sendToAgent(conversationId, 'file', { fileUrl: 'http://127.0.0.1/x', userId })
  await escalate(h, { email: '+14155550123', hitlSession: { reason: 'refund', properties: { unknown_property: 'x' } } })
  await h.action('getContactContext', { email: 'ada@example.com' })
  await h.action('searchContacts', { query: 'Ada' })
  await h.action('postInternalNote', { conversationId, text: 'suggested reply' })
  await h.deliver(h.hubspot.assignThread(threadId, 'A-5001'))
  await h.deliver(h.hubspot.agentReply({ threadId, actorId: 'A-5001', text: 'hi' }))
  await h.deliver({ body: '{"type":"OUTGOING_CHANNEL_MESSAGE_CREATED"}' }, { sign: false })
  await h.deliver({ body: 'not json' })
  await h.browse('/oauth/start')
  await h.browse('/oauth/callback', 'code=x&state=forged')
  // Failures, whose messages must not echo what was sent either.
  h.hubspot.injectFault({ operation: 'publishMessage', status: 500, times: 10 })
  await h.sendToAgent(conversationId, 'text', { text: 'during an outage', userId })
  await h.register({ ...h.config, developerApiKey: 'wrong-developer-key-value' })
  await h.register({ ...h.config, refreshToken: 'wrong-refresh-token-value' })
  await h.action('stopHitl', { conversationId })
  await h.deliver(h.hubspot.closeThread(threadId))
  await h.unregister()
}

describe('secret hygiene', () => {
  it('never puts a secret or token in logs, responses or Botpress API payloads', async () => {
    const h = harness()
    await everyScenario(h)
    const secrets = secretsOf(h).concat('wrong-developer-key-value', 'wrong-refresh-token-value')
    expect(h.hubspot.store.accessTokens.size).toBeGreaterThan(0)
    const surfaces = {
      logs: h.logs.text,
      responses: h.responses.map((r) => `${JSON.stringify(r.headers)} ${r.body}`).join('\n'),
      botpress: botpressPayloads(h),
    }
    for (const [surface, text] of Object.entries(surfaces)) {
      expect(text.length).toBeGreaterThan(0)
      for (const secret of secrets) {
        if (text.includes(secret)) throw new Error(`a secret (${secret.slice(0, 4)}…) appears in ${surface}`)
      }
    }
  })

  it('sends the developer key only in the query of channel-definition and app-webhook calls', async () => {
    const h = harness()
    await everyScenario(h)
    const withKey = h.hubspot.calls.filter((call) => call.query.get('hapikey') !== null)
    expect(withKey.length).toBeGreaterThan(0)
    expect(
      withKey.every(
        (call) =>
          /^\/(conversations\/v3\/custom-channels(\/\d+)?|conversations\/custom-channels\/v3$|app-webhooks\/2026-09\/|webhooks\/v3\/)/.test(
            call.path,
          ) &&
          !call.path.includes('channel-accounts') &&
          !call.path.includes('/messages'),
      ),
    ).toBe(true)
    expect(
      h.hubspot.calls.filter((call) => call.auth === 'bearer').every((call) => call.query.get('hapikey') === null),
    ).toBe(true)
  })
})

describe('redaction of the tokens the integration holds', () => {
  afterEach(() => jest.restoreAllMocks())

  it('redacts the access token and an OAuth-obtained refresh token that HubSpot echoes in an error', async () => {
    const h = harness()
    h.config = { ...h.config, refreshToken: undefined }
    await registeredHarness(h)
    const { path, query } = loggedConnectLink(h)
    const consent = new URL((await h.browse(path, query)).headers.location!)
    const code = h.hubspot.issueAuthorizationCode({ redirectUri: consent.searchParams.get('redirect_uri')! })
    expect((await h.browse('/oauth/callback', `code=${code}&state=${consent.searchParams.get('state')}`)).status).toBe(
      200,
    )
    const { refreshToken } = h.botpress.statePayload('integration', h.ids.integrationId, 'credentials') as {
      refreshToken: string
    }

    // A HubSpot answer that quotes what it was sent (a proxy's or a debug endpoint's error page would).
    const emulator = h.hubspot.handle.bind(h.hubspot)
    let accessToken = ''
    jest.spyOn(h.hubspot, 'handle').mockImplementation(async (request: Request) => {
      if (!new URL(request.url).pathname.endsWith('/contacts/search')) return emulator(request)
      accessToken = (request.headers.get('authorization') ?? '').replace(/^Bearer /, '')
      const message = `Invalid request with token ${accessToken} (refresh token ${refreshToken})`
      return Response.json({ status: 'error', category: 'VALIDATION_ERROR', message }, { status: 400 })
    })
    const response = await h.call('action_triggered', { type: 'getContactContext', input: { email: 'a@example.com' } })
    expect(response.status).toBe(400)
    expect(response.body).toContain('[redacted]')
    expect(accessToken.length).toBeGreaterThan(20)
    for (const text of [response.body, h.logs.text]) {
      expect(text).not.toContain(accessToken)
      expect(text).not.toContain(refreshToken)
    }
  })
})
