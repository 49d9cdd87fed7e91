import { api, DEV, incomingMessage, publish, setupChannel, useHubSpot } from './test-support'

const hub = useHubSpot()
const THREADS = '/conversations/v3/conversations/threads'

async function openThread() {
  const setup = await setupChannel(hub.emulator)
  const published = await publish(hub.emulator, setup.token, setup.channelId, incomingMessage(setup.accountId))
  return { ...setup, threadId: published.body.conversationsThreadId as string, messageId: published.body.id as string }
}

describe('Conversations API: threads', () => {
  it('GETs a thread as PublicThread', async () => {
    const { token, threadId, inboxId, channelId, accountId } = await openThread()
    const response = await api(hub.emulator, 'GET', `${THREADS}/${threadId}`, { token })
    expect(response.status).toBe(200)
    expect(response.body).toEqual({
      id: threadId,
      associatedContactId: expect.stringMatching(/^\d+$/),
      createdAt: expect.any(String),
      inboxId,
      originalChannelId: channelId,
      originalChannelAccountId: accountId,
      spam: false,
      status: 'OPEN',
      archived: false,
      latestMessageTimestamp: '2026-01-02T03:04:05.000Z',
      latestMessageReceivedTimestamp: '2026-01-02T03:04:05.000Z',
    })
  })

  it('closes with PATCH {status} and refuses to combine status and archived', async () => {
    const { token, threadId } = await openThread()
    const both = await api(hub.emulator, 'PATCH', `${THREADS}/${threadId}`, {
      token,
      json: { status: 'CLOSED', archived: false },
    })
    expect(both.status).toBe(400)
    const bad = await api(hub.emulator, 'PATCH', `${THREADS}/${threadId}`, { token, json: { status: 'DONE' } })
    expect(bad.status).toBe(400)
    const closed = await api(hub.emulator, 'PATCH', `${THREADS}/${threadId}`, { token, json: { status: 'CLOSED' } })
    expect(closed.status).toBe(200)
    expect(closed.body).toMatchObject({ status: 'CLOSED', closedAt: expect.any(String) })
  })

  it('archives with DELETE (then 404 unless archived=true) and restores with archived:false', async () => {
    const { token, threadId } = await openThread()
    expect((await api(hub.emulator, 'DELETE', `${THREADS}/${threadId}`, { token })).status).toBe(204)
    expect((await api(hub.emulator, 'GET', `${THREADS}/${threadId}`, { token })).status).toBe(404)
    const archived = await api(hub.emulator, 'GET', `${THREADS}/${threadId}`, { token, query: { archived: 'true' } })
    expect(archived.body.archived).toBe(true)
    expect(
      (await api(hub.emulator, 'PATCH', `${THREADS}/${threadId}`, { token, json: { status: 'CLOSED' } })).status,
    ).toBe(404)
    const restored = await api(hub.emulator, 'PATCH', `${THREADS}/${threadId}`, { token, json: { archived: false } })
    expect(restored.body.archived).toBe(false)
    expect((await api(hub.emulator, 'GET', `${THREADS}/${threadId}`, { token })).status).toBe(200)
  })

  it('hides threads of other portals', async () => {
    const { threadId } = await openThread()
    const other = hub.emulator.seedPortal({ hubId: 333 })
    const token = hub.emulator.issueAccessToken({ hubId: other.hubId })
    expect((await api(hub.emulator, 'GET', `${THREADS}/${threadId}`, { token })).status).toBe(404)
  })

  it('assigns on the odd /conversations/conversations/v3 path only, to agents only', async () => {
    const { token, threadId } = await openThread()
    const path = `/conversations/conversations/v3/threads/${threadId}/assignee`
    const assigned = await api(hub.emulator, 'PUT', path, { token, json: { actorId: 'A-5002' } })
    expect(assigned.status).toBe(200)
    expect(assigned.body.assignedTo).toBe('A-5002')
    expect((await api(hub.emulator, 'PUT', path, { token, json: { actorId: 'A-999' } })).status).toBe(400)
    expect(
      (await api(hub.emulator, 'PUT', `${THREADS}/${threadId}/assignee`, { token, json: { actorId: 'A-5002' } }))
        .status,
    ).toBe(404)
    expect((await api(hub.emulator, 'DELETE', path, { token })).status).toBe(204)
    expect(hub.emulator.threads()[0]?.assignedTo).toBeUndefined()
  })
})

describe('Conversations API: messages, comments, actors, inboxes', () => {
  it('lists history newest first by default, oldest first with sort=createdAt', async () => {
    // The visitor message is dated by its `timestamp` (2026-01-02); the agent replies later on the emulator clock.
    hub.reset({ listingDelay: 0, now: () => Date.parse('2026-06-01T00:00:00Z') })
    const { token, threadId } = await openThread()
    hub.emulator.agentReply({ threadId, actorId: 'A-5001', text: 'agent here' })
    const path = `${THREADS}/${threadId}/messages`
    const newestFirst = await api(hub.emulator, 'GET', path, { token })
    expect(newestFirst.body.results.map((m: { text: string }) => m.text)).toEqual([
      'agent here',
      'Hello, I need a human',
    ])
    const oldestFirst = await api(hub.emulator, 'GET', path, { token, query: { sort: 'createdAt' } })
    expect(oldestFirst.body.results[0].direction).toBe('INCOMING')
    // CollectionResponsePublicMessageForwardPaging (conversations.json): results and paging, no total.
    expect(oldestFirst.body).not.toHaveProperty('total')
    const threads = await api(hub.emulator, 'GET', THREADS, { token })
    expect(threads.body.results).toHaveLength(1)
    expect(threads.body).not.toHaveProperty('total')
  })

  it('posts an internal COMMENT; attachments is required', async () => {
    const { token, threadId } = await openThread()
    const path = `${THREADS}/${threadId}/messages`
    const missing = await api(hub.emulator, 'POST', path, { token, json: { type: 'COMMENT', text: 'note' } })
    expect(missing.status).toBe(400)
    expect(missing.body.message).toBe('Some required fields were not set: [attachments]')
    const created = await api(hub.emulator, 'POST', path, {
      token,
      json: { type: 'COMMENT', text: 'Handoff summary', richText: '<p>Handoff summary</p>', attachments: [] },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      type: 'COMMENT',
      text: 'Handoff summary',
      createdBy: 'I-1234567',
      conversationsThreadId: threadId,
    })
    // PublicComment requires recipients and richText, even for a comment posted without HTML.
    const plain = await api(hub.emulator, 'POST', path, {
      token,
      json: { type: 'COMMENT', text: 'a < b', attachments: [] },
    })
    expect(plain.body).toMatchObject({
      recipients: [],
      richText: '<p>a &lt; b</p>',
      senders: [{ actorId: 'I-1234567' }],
    })
    const readOnly = hub.emulator.issueAccessToken({ scopes: ['conversations.read'] })
    const forbidden = await api(hub.emulator, 'POST', path, {
      token: readOnly,
      json: { type: 'COMMENT', text: 'x', attachments: [] },
    })
    expect(forbidden.status).toBe(403)
    expect(forbidden.body.context.requiredGranularScopes).toEqual(['conversations.write'])
  })

  it('reads actors one by one and in batch (207 with unknown ids)', async () => {
    const { token } = await openThread()
    const agent = await api(hub.emulator, 'GET', '/conversations/v3/conversations/actors/A-5001', { token })
    expect(agent.body).toEqual({
      type: 'AGENT',
      id: 'A-5001',
      name: 'Alice Agent',
      email: 'alice@agents.example.com',
      avatar: 'https://avatars.example.com/5001.png',
    })
    const visitorId = hub.emulator.threads()[0]?.visitor?.actorId as string
    const batch = await api(hub.emulator, 'POST', '/conversations/v3/conversations/actors/batch/read', {
      token,
      json: { inputs: ['A-5002', visitorId, 'A-404'] },
    })
    expect(batch.status).toBe(207)
    expect(batch.body.results.map((a: { id: string }) => a.id)).toEqual(['A-5002', visitorId])
    expect(batch.body.results[1]).toMatchObject({ type: 'VISITOR', name: 'Vera Visitor', email: 'vera@example.com' })
    expect(batch.body.errors[0].context.ids).toEqual(['A-404'])
    expect((await api(hub.emulator, 'GET', '/conversations/v3/conversations/actors/A-404', { token })).status).toBe(404)
  })

  it('lists inboxes with type and paging fields', async () => {
    const token = hub.emulator.issueAccessToken()
    const response = await api(hub.emulator, 'GET', '/conversations/v3/conversations/inboxes', { token })
    expect(response.body.total).toBe(2)
    expect(response.body.results.map((i: { type: string }) => i.type)).toEqual(['INBOX', 'HELP_DESK'])
    expect(response.body.results[0]).toEqual({
      id: '147001',
      name: 'Support inbox',
      type: 'INBOX',
      archived: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
  })
})

describe('webhooks caused by our own API calls', () => {
  it('queues the app event HubSpot would send, only for active subscriptions', async () => {
    const { token, threadId } = await openThread()
    const settings = {
      targetUrl: 'https://webhook.botpress.test/app',
      throttling: { maxConcurrentRequests: 10, period: 'SECONDLY' },
    }
    await api(hub.emulator, 'PUT', '/webhooks/v3/1234567/settings', { ...DEV, json: settings })
    const created = await api(hub.emulator, 'POST', '/webhooks/v3/1234567/subscriptions', {
      ...DEV,
      json: { eventType: 'conversation.propertyChange', propertyName: 'status', active: true },
    })
    hub.emulator.takeWebhookDeliveries()

    await api(hub.emulator, 'PATCH', `${THREADS}/${threadId}`, { token, json: { status: 'CLOSED' } })
    const deliveries = hub.emulator.takeWebhookDeliveries()
    expect(deliveries).toHaveLength(1)
    expect(deliveries[0]).toMatchObject({ kind: 'app', subscribed: true, targetUrl: settings.targetUrl })
    expect(JSON.parse(deliveries[0]?.body as string)).toEqual([
      expect.objectContaining({
        objectId: Number(threadId),
        // The subscription's id is a string in its API, a number in event payloads.
        subscriptionId: Number(created.body.id),
        subscriptionType: 'conversation.propertyChange',
        propertyName: 'status',
        propertyValue: 'CLOSED',
        changeSource: 'INTEGRATION',
      }),
    ])
    // Assignments have no subscription here: nothing is queued.
    await api(hub.emulator, 'PUT', `/conversations/conversations/v3/threads/${threadId}/assignee`, {
      token,
      json: { actorId: 'A-5001' },
    })
    expect(hub.emulator.takeWebhookDeliveries()).toEqual([])
  })
})
