import { api, CAPABILITIES, DEV, incomingMessage, publish, setupChannel, useHubSpot, WEBHOOK_URL } from './test-support'

const hub = useHubSpot()
const NOW = Date.parse('2026-05-05T10:00:00Z')

async function openThread(capabilities: Record<string, unknown> = CAPABILITIES) {
  const setup = await setupChannel(hub.emulator, capabilities)
  const published = await publish(hub.emulator, setup.token, setup.channelId, incomingMessage(setup.accountId))
  return { ...setup, threadId: published.body.conversationsThreadId as string }
}

async function subscribe(eventType: string, propertyName?: string, active = true) {
  await api(hub.emulator, 'PUT', '/webhooks/v3/1234567/settings', {
    ...DEV,
    json: {
      targetUrl: 'https://webhook.botpress.test/app',
      throttling: { maxConcurrentRequests: 10, period: 'SECONDLY' },
    },
  })
  const created = await api(hub.emulator, 'POST', '/webhooks/v3/1234567/subscriptions', {
    ...DEV,
    json: { eventType, ...(propertyName ? { propertyName } : {}), active },
  })
  // A string in the subscriptions API (SubscriptionResponse), a number in event payloads.
  return Number(created.body.id)
}

beforeEach(() => hub.reset({ listingDelay: 0, now: () => NOW }))

describe('agentReply', () => {
  it('returns the OUTGOING_CHANNEL_MESSAGE_CREATED channel webhook', async () => {
    const { threadId, channelId, accountId } = await openThread()
    const delivery = hub.emulator.agentReply({ threadId, actorId: 'A-5001', text: 'Hi <you>\nHow can I help?' })
    expect(delivery).toMatchObject({ kind: 'channel', targetUrl: WEBHOOK_URL, subscribed: true })
    const event = JSON.parse(delivery.body)
    expect(event).toEqual({
      type: 'OUTGOING_CHANNEL_MESSAGE_CREATED',
      portalId: hub.emulator.defaultHubId,
      channelId,
      channelAccountId: accountId,
      eventTimestamp: '2026-05-05T10:00:00.000Z',
      eventId: expect.any(String),
      message: {
        id: expect.any(String),
        type: 'MESSAGE',
        archived: false,
        attachments: [],
        channelAccountId: accountId,
        channelId,
        client: { clientType: 'HUBSPOT' },
        conversationsThreadId: threadId,
        channelIntegrationThreadIds: ['bp-conv-1'],
        createdAt: '2026-05-05T10:00:00.000Z',
        createdBy: 'A-5001',
        direction: 'OUTGOING',
        senders: [{ actorId: 'A-5001', name: 'Alice Agent' }],
        recipients: [
          {
            actorId: expect.stringMatching(/^V-\d+$/),
            name: 'Vera Visitor',
            deliveryIdentifier: { type: 'HS_EMAIL_ADDRESS', value: 'vera@example.com' },
          },
        ],
        text: 'Hi <you>\nHow can I help?',
        richText: '<p>Hi &lt;you&gt;<br>How can I help?</p>',
        truncationStatus: 'NOT_TRUNCATED',
      },
    })
    // The reply is in the thread, as HubSpot's API would show it.
    expect(hub.emulator.threadMessages(threadId).at(-1)).toMatchObject({ id: event.message.id, direction: 'OUTGOING' })
  })

  it('attaches agent-uploaded files (private, with a URL) within the channel capabilities', async () => {
    const { threadId } = await openThread()
    const fileId = hub.emulator.uploadAgentFile({
      name: 'invoice.pdf',
      mimeType: 'application/pdf',
      bytes: new Uint8Array([1, 2, 3]),
    })
    const event = JSON.parse(hub.emulator.agentReply({ threadId, actorId: 'A-5002', attachments: [{ fileId }] }).body)
    expect(event.message.attachments).toEqual([
      {
        type: 'FILE',
        fileId,
        fileUsageType: 'OTHER',
        name: 'invoice.pdf',
        url: expect.stringContaining(`/_emulator/files/${fileId}`),
      },
    ])
    expect(hub.emulator.files()[0]?.access).toBe('PRIVATE')
    const zip = hub.emulator.uploadAgentFile({ name: 'a.zip', mimeType: 'application/zip', bytes: new Uint8Array([1]) })
    expect(() => hub.emulator.agentReply({ threadId, actorId: 'A-5002', attachments: [{ fileId: zip }] })).toThrow(
      /does not allow/,
    )
  })

  it('refuses what HubSpot’s UI would not allow', async () => {
    const { threadId } = await openThread({ ...CAPABILITIES, allowOutgoingMessages: false })
    expect(() => hub.emulator.agentReply({ threadId, actorId: 'A-5001', text: 'hi' })).toThrow(/allowOutgoingMessages/)
    expect(() => hub.emulator.agentReply({ threadId, actorId: 'A-777', text: 'hi' })).toThrow(/not an agent/)
  })

  it('reopens a closed thread and queues the subscribed newMessage app event', async () => {
    const { threadId } = await openThread()
    const subscriptionId = await subscribe('conversation.newMessage')
    hub.emulator.closeThread(threadId)
    hub.emulator.takeWebhookDeliveries()
    const event = JSON.parse(hub.emulator.agentReply({ threadId, actorId: 'A-5001', text: 'back' }).body)
    expect(hub.emulator.threads()[0]?.status).toBe('OPEN')
    const queued = hub.emulator.takeWebhookDeliveries().map((delivery) => JSON.parse(delivery.body)[0])
    expect(queued).toEqual([
      expect.objectContaining({
        subscriptionId,
        subscriptionType: 'conversation.newMessage',
        messageId: event.message.id,
        messageType: 'MESSAGE',
      }),
    ])
  })
})

describe('app webhook helpers', () => {
  it('agentComment → conversation.newMessage with messageType COMMENT (array payload)', async () => {
    const { threadId } = await openThread()
    const subscriptionId = await subscribe('conversation.newMessage')
    const delivery = hub.emulator.agentComment({ threadId, actorId: 'A-5001', text: 'internal note' })
    expect(delivery).toMatchObject({ kind: 'app', subscribed: true, targetUrl: 'https://webhook.botpress.test/app' })
    const events = JSON.parse(delivery.body)
    expect(events).toEqual([
      {
        objectId: Number(threadId),
        eventId: expect.any(Number),
        subscriptionId,
        portalId: hub.emulator.defaultHubId,
        appId: 1234567,
        occurredAt: NOW,
        subscriptionType: 'conversation.newMessage',
        attemptNumber: 0,
        changeSource: 'CONVERSATIONS',
        messageId: expect.any(String),
        messageType: 'COMMENT',
        changeFlag: 'NEW_MESSAGE',
      },
    ])
    expect(hub.emulator.threadMessages(threadId).at(-1)).toMatchObject({ type: 'COMMENT', id: events[0].messageId })
  })

  it('assignThread / closeThread → propertyChange events and state changes', async () => {
    const { threadId, token } = await openThread()
    const assignedSub = await subscribe('conversation.propertyChange', 'assignedTo')
    const assigned = JSON.parse(hub.emulator.assignThread(threadId, 'A-5002').body)[0]
    expect(assigned).toMatchObject({ subscriptionId: assignedSub, propertyName: 'assignedTo', propertyValue: 'A-5002' })
    expect(hub.emulator.threads()[0]?.assignedTo).toBe('A-5002')
    const unassigned = JSON.parse(hub.emulator.assignThread(threadId, null).body)[0]
    expect(unassigned.propertyValue).toBe('')

    const closed = hub.emulator.closeThread(threadId)
    // No status subscription exists, so HubSpot would not send this one.
    expect(closed.subscribed).toBe(false)
    expect(JSON.parse(closed.body)[0]).toMatchObject({
      subscriptionType: 'conversation.propertyChange',
      propertyName: 'status',
      propertyValue: 'CLOSED',
      subscriptionId: 0,
    })
    const thread = await api(hub.emulator, 'GET', `/conversations/v3/conversations/threads/${threadId}`, { token })
    expect(thread.body.status).toBe('CLOSED')
  })

  it('archiveThread → conversation.deletion, and the thread 404s', async () => {
    const { threadId, token } = await openThread()
    const event = JSON.parse(hub.emulator.archiveThread(threadId).body)[0]
    expect(event).toMatchObject({ objectId: Number(threadId), subscriptionType: 'conversation.deletion' })
    expect(event.propertyName).toBeUndefined()
    expect(
      (await api(hub.emulator, 'GET', `/conversations/v3/conversations/threads/${threadId}`, { token })).status,
    ).toBe(404)
  })

  it('marks deliveries of inactive subscriptions as not sent', async () => {
    const { threadId } = await openThread()
    await subscribe('conversation.propertyChange', 'status', false)
    expect(hub.emulator.closeThread(threadId).subscribed).toBe(false)
  })
})

describe('changeTicketProperty', () => {
  it('returns the ticket.propertyChange app webhook with the new value and who changed it', async () => {
    const subscriptionId = await subscribe('ticket.propertyChange', 'hs_ticket_priority')
    const ticketId = hub.emulator.seedTicket({ properties: { subject: 'Refund' } })
    const delivery = hub.emulator.changeTicketProperty({
      ticketId,
      property: 'hs_ticket_priority',
      value: 'HIGH',
      userId: 5001,
    })
    expect(delivery).toMatchObject({ kind: 'app', subscribed: true })
    expect(JSON.parse(delivery.body)).toEqual([
      {
        objectId: Number(ticketId),
        eventId: expect.any(Number),
        subscriptionId,
        portalId: hub.emulator.defaultHubId,
        appId: 1234567,
        occurredAt: NOW,
        subscriptionType: 'ticket.propertyChange',
        attemptNumber: 0,
        changeSource: 'CRM_UI',
        sourceId: 'userId:5001',
        propertyName: 'hs_ticket_priority',
        propertyValue: 'HIGH',
      },
    ])
    expect(hub.emulator.store.crm.portal().objects.tickets.get(ticketId)!.properties.hs_ticket_priority).toBe('HIGH')
  })

  it('is not sent for a property without an active subscription, and refuses a value the property does not take', async () => {
    await subscribe('ticket.propertyChange', 'hs_ticket_priority', false)
    const ticketId = hub.emulator.seedTicket({ properties: { subject: 'Refund' } })
    const change = (property: string, value: string) => hub.emulator.changeTicketProperty({ ticketId, property, value })
    expect(change('hs_ticket_priority', 'LOW').subscribed).toBe(false)
    expect(change('subject', 'Refund, urgent').subscribed).toBe(false)
    expect(() => change('hs_ticket_priority', 'SOMEDAY')).toThrow()
  })
})
