import type { ServedPaths } from '../../emulators/hubspot/hubspot-emulator'
import { Harness, useHarness } from '../support/harness'
import { escalate } from '../support/scenario'

/**
 * HubSpot documents the app webhooks API and the custom channel list under two paths each. Whichever one an
 * account serves, register, a whole session and unregister work, and the fallback is said in one log line.
 */
const harness = useHarness()

const DATED = /^\/app-webhooks\/2026-09\/\d+\//
const V3 = /^\/webhooks\/v3\/\d+\//
const GUIDE_LIST = '/conversations/v3/custom-channels'
const SPEC_LIST = '/conversations/custom-channels/v3'
const APP_WEBHOOK_OPERATIONS = [
  'getWebhookSettings',
  'updateWebhookSettings',
  'deleteWebhookSettings',
  'listSubscriptions',
  'createSubscription',
  'updateSubscription',
]

const appWebhookCalls = (h: Harness) => h.hubspot.calls.filter((c) => APP_WEBHOOK_OPERATIONS.includes(c.operation))
const channelListCalls = (h: Harness) =>
  h.hubspot.calls.filter((c) => c.operation === 'listChannels' || c.operation === 'createChannel')
const fallbackLines = (h: Harness, api: string) => h.logs.lines.filter((line) => line.includes(`on the ${api} at`))

const MODES: { label: string; served: ServedPaths; appWebhooks: RegExp; channelList: string }[] = [
  {
    label: 'date-versioned app webhooks served (and v3)',
    served: {},
    appWebhooks: DATED,
    channelList: GUIDE_LIST,
  },
  {
    label: 'only v3 app webhooks, channel list only at the spec path',
    served: { appWebhooks: 'v3-only', channelList: 'spec' },
    appWebhooks: V3,
    channelList: SPEC_LIST,
  },
  {
    label: 'only date-versioned app webhooks, channel list only at the guide path',
    served: { appWebhooks: 'date-versioned-only', channelList: 'guide' },
    appWebhooks: DATED,
    channelList: GUIDE_LIST,
  },
]

describe.each(MODES)('$label', ({ served, appWebhooks, channelList }) => {
  it('registers idempotently on the path HubSpot serves, with the spec’s settings body', async () => {
    const h = harness({ served })
    for (let run = 0; run < 2; run++) expect((await h.register()).status).toBe(200)
    expect(h.hubspot.webhookSettings()?.targetUrl).toBe(h.webhookUrl)
    expect(h.hubspot.subscriptions().map((s) => `${s.eventType}:${s.propertyName ?? ''}:${s.active}`)).toEqual([
      'conversation.propertyChange:assignedTo:true',
      'conversation.propertyChange:status:true',
      'conversation.deletion::true',
      'conversation.privacyDeletion::true',
    ])
    expect(h.hubspot.channels()).toHaveLength(1)
    expect(h.hubspot.callCount('createChannel')).toBe(1)
    // The path is settled once per register; every later call of that register goes straight to it.
    const answered = appWebhookCalls(h).filter((c) => c.status !== 404)
    expect(answered.length).toBeGreaterThan(0)
    expect(answered.every((c) => appWebhooks.test(c.path))).toBe(true)
    expect(
      channelListCalls(h)
        .filter((c) => c.status !== 404)
        .every((c) => c.path === channelList),
    ).toBe(true)
    const [settings] = h.hubspot.callsTo('updateWebhookSettings').filter((c) => c.status === 200)
    expect(settings!.body).toEqual({ targetUrl: h.webhookUrl, throttling: { maxConcurrentRequests: 10 } })
  })

  it('runs a whole session: handoff, messages both ways, assignment and the agent closing it', async () => {
    const h = harness({ served })
    expect((await h.register()).status).toBe(200)
    const { conversationId, threadId } = await escalate(h)
    expect((await h.sendToAgent(conversationId, 'text', { text: 'Are you there?' })).response.status).toBe(200)
    const assign = h.hubspot.assignThread(threadId, 'A-5001')
    expect(assign.subscribed).toBe(true)
    expect((await h.deliver(assign)).status).toBe(200)
    expect((await h.deliver(h.hubspot.agentReply({ threadId, actorId: 'A-5001', text: 'Yes, Ada.' }))).status).toBe(200)
    const agentTexts = h.botpress
      .messagesIn(conversationId)
      .filter((m) => h.botpress.getUser(m.userId)?.tags.kind === 'agent')
      .map((m) => (m.payload as { text?: string }).text)
    expect(agentTexts).toEqual(['Yes, Ada.'])
    const close = h.hubspot.closeThread(threadId)
    expect(close.subscribed).toBe(true)
    expect((await h.deliver(close)).status).toBe(200)
    expect(h.botpress.events.filter((e) => e.type === 'hitlStopped').map((e) => e.payload)).toEqual([
      { conversationId },
    ])
  })

  it('unregisters: clears its own target URL and channel, and succeeds again when all is gone', async () => {
    const h = harness({ served })
    expect((await h.register()).status).toBe(200)
    expect(h.hubspot.webhookSettings()?.targetUrl).toBe(h.webhookUrl)
    h.hubspot.clearCalls()
    expect((await h.unregister()).status).toBe(200)
    expect(h.hubspot.webhookSettings()).toBeUndefined()
    expect(h.hubspot.channels().filter((c) => !c.archived)).toHaveLength(0)
    expect(
      appWebhookCalls(h)
        .filter((c) => c.status !== 404)
        .every((c) => appWebhooks.test(c.path)),
    ).toBe(true)
    expect((await h.unregister()).status).toBe(200)
  })
})

describe('falling back', () => {
  it('says once per register that HubSpot does not serve the date-versioned app webhooks, and uses v3', async () => {
    const h = harness({ served: { appWebhooks: 'v3-only' } })
    await h.register()
    expect(fallbackLines(h, 'app webhooks API')).toEqual([
      expect.stringContaining(
        'HubSpot answered HTTP 404 on the app webhooks API at /app-webhooks/2026-09/{appId}; using /webhooks/v3/{appId} instead.',
      ),
    ])
    // One probe on the unserved path (an unknown route to HubSpot), then v3 only.
    expect(h.hubspot.calls.filter((c) => DATED.test(c.path)).map((c) => c.status)).toEqual([404])
  })

  it.each([401, 403])(
    'uses v3 when the date-versioned path refuses the developer key (%i), still idempotent',
    async (status) => {
      const h = harness()
      h.hubspot.injectFault({ path: /^\/app-webhooks\/2026-09\//, status, times: 2 })
      for (let run = 0; run < 2; run++) expect((await h.register()).status).toBe(200)
      expect(fallbackLines(h, 'app webhooks API')).toHaveLength(2)
      expect(fallbackLines(h, 'app webhooks API')[0]).toContain(`HTTP ${status}`)
      expect(h.hubspot.subscriptions()).toHaveLength(4)
      expect(h.hubspot.webhookSettings()?.targetUrl).toBe(h.webhookUrl)
    },
  )

  it('does not fall back on other refusals: a 400 from the date-versioned path is reported', async () => {
    const h = harness()
    h.hubspot.injectFault({ path: /^\/app-webhooks\/2026-09\//, operation: 'listSubscriptions', status: 400 })
    const response = await h.register()
    expect(response.status).toBe(400)
    expect(response.json<{ message: string }>().message).toMatch(/could not list the app webhook subscriptions/)
    expect(appWebhookCalls(h).filter((c) => V3.test(c.path))).toHaveLength(0)
  })

  it('says once that the channel list is only at the spec path, and creates the channel there once', async () => {
    const h = harness({ served: { channelList: 'spec' } })
    expect((await h.register()).status).toBe(200)
    expect(fallbackLines(h, 'custom channel list')).toEqual([
      expect.stringContaining(
        `HubSpot answered HTTP 404 on the custom channel list at ${GUIDE_LIST}; using ${SPEC_LIST} instead.`,
      ),
    ])
    expect(h.hubspot.calls.filter((c) => c.path === GUIDE_LIST).map((c) => c.status)).toEqual([404])
    expect(h.hubspot.channels()).toHaveLength(1)
  })

  it('logs nothing about paths where HubSpot serves the preferred ones', async () => {
    const h = harness()
    await h.register()
    await h.unregister()
    expect(h.logs.lines.filter((line) => line.includes('instead.'))).toEqual([])
  })
})
