import { Harness, useHarness } from '../support/harness'
import { escalate, registeredHarness, threadItems } from '../support/scenario'

const harness = useHarness()
const ALICE = 'A-5001'
const BOB = 'A-5002'

async function session() {
  const h = await registeredHarness(harness())
  return { h, ...(await escalate(h)) }
}

const agentMessages = (h: Harness, conversationId: string) =>
  h.botpress.messagesIn(conversationId).filter((m) => h.botpress.getUser(m.userId)?.tags.kind === 'agent')
const eventsOf = (h: Harness, type: string) => h.botpress.events.filter((e) => e.type === type)
const statusOf = (h: Harness, threadId: string, messageId: string) =>
  threadItems(h, threadId).find((m) => m.id === messageId)?.status?.statusType
const messageIdOf = (body: string) => (JSON.parse(body) as { message: { id: string } }).message.id

describe('agent replies', () => {
  it('delivers a text reply as the agent, with their real profile, and reports SENT', async () => {
    const { h, conversationId, threadId } = await session()
    const delivery = h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'Hi Ada, I am on it.' })
    expect((await h.deliver(delivery)).status).toBe(200)
    const [message] = agentMessages(h, conversationId)
    expect(message).toMatchObject({ type: 'text', payload: { text: 'Hi Ada, I am on it.' } })
    const agent = h.botpress.getUser(message!.userId)!
    expect(agent).toMatchObject({ name: 'Alice Agent', pictureUrl: 'https://avatars.example.com/5001.png' })
    expect(agent.tags).toMatchObject({ hubspotActorId: ALICE, email: 'alice@agents.example.com', kind: 'agent' })
    expect(statusOf(h, threadId, messageIdOf(delivery.body))).toBe('SENT')
  })

  it("reads an agent's profile from HubSpot once, even when it has neither avatar nor email", async () => {
    const { h, conversationId, threadId } = await session()
    h.hubspot.store.portal(h.hubspot.defaultHubId).agents.push({ userId: 5003, name: 'Carol Agent', email: '' })
    for (const text of ['First answer', 'Second answer', 'Third answer'])
      expect((await h.deliver(h.hubspot.agentReply({ threadId, actorId: 'A-5003', text }))).status).toBe(200)
    expect(h.hubspot.callCount('getActor')).toBe(1)
    const authors = new Set(agentMessages(h, conversationId).map((m) => m.userId))
    expect([...authors].map((id) => h.botpress.getUser(id)!.name)).toEqual(['Carol Agent'])
  })

  it('converts rich text to markdown: links, bold and lists survive, scripts do not', async () => {
    const { h, conversationId, threadId } = await session()
    const richText =
      '<p>Please <b>check</b> <a href="https://help.example/refunds">our policy</a>:</p><ul><li>one</li><li>two</li></ul><script>alert(1)</script>'
    await h.deliver(
      h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'Please check our policy: one two', richText }),
    )
    const text = (agentMessages(h, conversationId)[0]!.payload as { text: string }).text
    expect(text).toContain('**check**')
    expect(text).toContain('[our policy](https://help.example/refunds)')
    expect(text).toMatch(/^- one$/m)
    expect(text).not.toMatch(/alert|script/)
  })

  it.each([
    ['photo.png', 'image/png', 'IMAGE', 'image', 'imageUrl'],
    ['memo.mp3', 'audio/mpeg', 'AUDIO', 'audio', 'audioUrl'],
    ['demo.mp4', 'video/mp4', 'OTHER', 'video', 'videoUrl'],
    ['invoice.pdf', 'application/pdf', 'OTHER', 'file', 'fileUrl'],
  ])(
    'delivers an attached %s as a %s message with a link the customer can open',
    async (name, mimeType, usage, type, urlField) => {
      const { h, conversationId, threadId } = await session()
      const fileId = h.hubspot.uploadAgentFile({ name, mimeType, bytes: new TextEncoder().encode(`bytes of ${name}`) })
      await h.deliver(
        h.hubspot.agentReply({ threadId, actorId: ALICE, attachments: [{ fileId, fileUsageType: usage }] }),
      )
      const [message] = agentMessages(h, conversationId)
      expect(message!.type).toBe(type)
      const url = (message!.payload as Record<string, string>)[urlField]!
      // The signed URL downloads the file without HubSpot credentials.
      const download = await h.hubspot.handle(new Request(url))
      expect(download.status).toBe(200)
      expect(await download.text()).toBe(`bytes of ${name}`)
    },
  )

  it('creates each message once when HubSpot delivers the same reply three times', async () => {
    const { h, conversationId, threadId } = await session()
    const delivery = h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'Only once' })
    for (let i = 0; i < 3; i++) expect((await h.deliver(delivery)).status).toBe(200)
    expect(agentMessages(h, conversationId)).toHaveLength(1)
  })

  it('answers 5xx when Botpress fails, so HubSpot redelivers, and ends with exactly one message', async () => {
    const { h, conversationId, threadId } = await session()
    const delivery = h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'Survives an outage' })
    h.botpress.injectFault({ operation: 'getOrCreateMessage', status: 503 })
    const first = await h.deliver(delivery)
    expect(first.status).toBeGreaterThanOrEqual(500)
    expect(agentMessages(h, conversationId)).toHaveLength(0)
    expect((await h.deliver(delivery)).status).toBe(200)
    expect(agentMessages(h, conversationId)).toHaveLength(1)
    expect(statusOf(h, threadId, messageIdOf(delivery.body))).toBe('SENT')
  })

  it('ignores threads this install did not open and other channel accounts, creating nothing', async () => {
    const { h, threadId } = await session()
    const delivery = h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'not for you' })
    const foreignThread = JSON.parse(delivery.body)
    foreignThread.message.conversationsThreadId = '8999999999'
    const otherAccount = JSON.parse(delivery.body)
    otherAccount.message.channelAccountId = '39999'
    otherAccount.channelAccountId = '39999'
    const before = {
      users: h.botpress.users.length,
      conversations: h.botpress.conversations.length,
      messages: h.botpress.messages.length,
    }
    for (const body of [foreignThread, otherAccount])
      expect((await h.deliver({ body: JSON.stringify(body) })).status).toBe(200)
    expect({
      users: h.botpress.users.length,
      conversations: h.botpress.conversations.length,
      messages: h.botpress.messages.length,
    }).toEqual(before)
  })

  it('never sends internal comments to the customer', async () => {
    const { h, conversationId, threadId } = await session()
    expect(
      (await h.deliver(h.hubspot.agentComment({ threadId, actorId: ALICE, text: 'internal: VIP customer' }))).status,
    ).toBe(200)
    expect(agentMessages(h, conversationId)).toHaveLength(0)
    expect(JSON.stringify(h.botpress.messages)).not.toContain('VIP customer')
  })

  it('tells the agent a reply was not delivered once the customer left', async () => {
    const { h, conversationId, threadId } = await session()
    await h.action('stopHitl', { conversationId })
    const delivery = h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'Are you still there?' })
    expect((await h.deliver(delivery)).status).toBe(200)
    expect(agentMessages(h, conversationId)).toHaveLength(0)
    expect(statusOf(h, threadId, messageIdOf(delivery.body))).toBe('FAILED')
  })

  it('costs 2 Botpress calls and 1 HubSpot call for a warm text reply from an agent this instance has met', async () => {
    const { h, threadId } = await session()
    await h.deliver(h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'first' }))
    const marks = () => ({ hubspot: h.hubspot.calls.length, botpress: h.botpress.calls.length })
    const before = marks()
    const delivery = h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'second' })
    await h.deliver(delivery)
    expect(h.botpress.calls.slice(before.botpress).map((c) => c.operation)).toEqual([
      'listConversations',
      'getOrCreateMessage',
    ])
    expect(h.hubspot.calls.slice(before.hubspot).map((c) => c.operation)).toEqual(['updateMessageStatus'])
  })
})

describe('assignment', () => {
  it('emits hitlAssigned with the same Botpress user the agent replies as; reassignment emits again; redelivery does not', async () => {
    const { h, conversationId, threadId } = await session()
    const assign = h.hubspot.assignThread(threadId, ALICE)
    expect((await h.deliver(assign)).status).toBe(200)
    await h.deliver(assign)
    await h.deliver(h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'hello' }))
    const [assigned] = eventsOf(h, 'hitlAssigned')
    expect(eventsOf(h, 'hitlAssigned')).toHaveLength(1)
    expect(assigned!.payload).toEqual({ conversationId, userId: agentMessages(h, conversationId)[0]!.userId })
    expect(h.botpress.getUser((assigned!.payload as { userId: string }).userId)!.name).toBe('Alice Agent')

    await h.deliver(h.hubspot.assignThread(threadId, BOB))
    const reassigned = eventsOf(h, 'hitlAssigned')
    expect(reassigned).toHaveLength(2)
    expect(h.botpress.getUser((reassigned[1]!.payload as { userId: string }).userId)!.name).toBe('Bob Agent')
  })

  it('costs 1 HubSpot and 4 Botpress calls for an agent never met, and 3 Botpress calls once this instance knows them', async () => {
    const { h, threadId } = await session()
    const cost = async (delivery: { body: string }) => {
      const before = { hubspot: h.hubspot.calls.length, botpress: h.botpress.calls.length }
      expect((await h.deliver(delivery)).status).toBe(200)
      return {
        hubspot: h.hubspot.calls.slice(before.hubspot).map((c) => c.operation),
        botpress: h.botpress.calls.slice(before.botpress).map((c) => c.operation),
      }
    }
    expect(await cost(h.hubspot.assignThread(threadId, ALICE))).toEqual({
      hubspot: ['getActor'],
      botpress: ['listConversations', 'getOrCreateUser', 'createEvent', 'updateConversation'],
    })
    await cost(h.hubspot.assignThread(threadId, BOB))
    expect(await cost(h.hubspot.assignThread(threadId, ALICE))).toEqual({
      hubspot: [],
      botpress: ['listConversations', 'createEvent', 'updateConversation'],
    })
    expect(h.botpress.getUser(eventsOf(h, 'hitlAssigned')[0]!.payload.userId as string)).toMatchObject({
      name: 'Alice Agent',
      pictureUrl: 'https://avatars.example.com/5001.png',
    })
  })

  it('logs an unassignment without emitting anything', async () => {
    const { h, threadId } = await session()
    expect((await h.deliver(h.hubspot.assignThread(threadId, null))).status).toBe(200)
    expect(eventsOf(h, 'hitlAssigned')).toHaveLength(0)
    expect(h.logs.text).toMatch(/was unassigned/)
  })
})

describe('closing', () => {
  it.each([
    ['closed', (h: Harness, threadId: string) => [h.hubspot.closeThread(threadId)]],
    ['archived', (h: Harness, threadId: string) => [h.hubspot.archiveThread(threadId)]],
    [
      'closed then archived, each delivered twice',
      (h: Harness, threadId: string) => {
        const close = h.hubspot.closeThread(threadId)
        const archive = h.hubspot.archiveThread(threadId)
        return [close, close, archive, archive]
      },
    ],
  ])('emits hitlStopped once when the thread is %s', async (_case, events) => {
    const { h, conversationId, threadId } = await session()
    for (const delivery of events(h, threadId)) expect((await h.deliver(delivery)).status).toBe(200)
    expect(eventsOf(h, 'hitlStopped').map((e) => e.payload)).toEqual([{ conversationId }])
    expect(h.botpress.getConversation(conversationId)!.tags.open).toBe('false')
  })

  it('emits hitlStopped once even when close events arrive concurrently', async () => {
    const { h, conversationId, threadId } = await session()
    const close = h.hubspot.closeThread(threadId)
    await Promise.all(Array.from({ length: 5 }, () => h.deliver(close)))
    expect(eventsOf(h, 'hitlStopped').map((e) => e.payload)).toEqual([{ conversationId }])
  })

  it('does not emit hitlStopped back at the bot when the bot closed the session', async () => {
    const { h, conversationId, threadId } = await session()
    await h.action('stopHitl', { conversationId })
    // HubSpot reports the close the integration itself made.
    expect((await h.deliver(h.hubspot.closeThread(threadId))).status).toBe(200)
    expect(eventsOf(h, 'hitlStopped')).toHaveLength(0)
  })

  it('still emits hitlStopped when the first attempt failed half-way (Botpress down)', async () => {
    const { h, conversationId, threadId } = await session()
    const close = h.hubspot.closeThread(threadId)
    h.botpress.injectFault({ operation: 'createEvent', status: 503 })
    expect((await h.deliver(close)).status).toBeGreaterThanOrEqual(500)
    const realNow = Date.now
    Date.now = () => realNow() + 60_000
    try {
      expect((await h.deliver(close)).status).toBe(200)
    } finally {
      Date.now = realNow
    }
    expect(eventsOf(h, 'hitlStopped').map((e) => e.payload)).toEqual([{ conversationId }])
  })
})

describe('routing', () => {
  it('processes a batch event by event: malformed and foreign events do not block valid ones', async () => {
    const { h, conversationId, threadId } = await session()
    const assign = JSON.parse(h.hubspot.assignThread(threadId, ALICE).body) as object[]
    const close = JSON.parse(h.hubspot.closeThread(threadId).body) as object[]
    const batch = [
      { subscriptionType: 'conversation.propertyChange' }, // no objectId
      'not an event',
      ...assign,
      {
        subscriptionType: 'conversation.propertyChange',
        propertyName: 'status',
        propertyValue: 'CLOSED',
        objectId: 8999999999,
        portalId: 1,
        occurredAt: Date.now(),
      },
      ...close,
    ]
    const response = await h.deliver({ body: JSON.stringify(batch) })
    expect(response.status).toBe(200)
    expect(response.json<{ outcomes: string[] }>().outcomes).toEqual(['malformed', 'malformed', 'done', 'done', 'done'])
    expect(eventsOf(h, 'hitlAssigned')).toHaveLength(1)
    expect(eventsOf(h, 'hitlStopped').map((e) => e.payload)).toEqual([{ conversationId }])
  })
})
