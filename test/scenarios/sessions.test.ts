import { Harness, useHarness } from '../support/harness'
import { acceptedPublishes, escalate, pastActivationWindow, registeredHarness, threadItems } from '../support/scenario'

const harness = useHarness()
const ALICE = 'A-5001'

const eventsOf = (h: Harness, type: string) => h.botpress.events.filter((e) => e.type === type)
const withAssignee = (delivery: { body: string }, value: string) => {
  const events = JSON.parse(delivery.body) as Record<string, unknown>[]
  return { body: JSON.stringify(events.map((event) => ({ ...event, propertyValue: value }))) }
}
const customerSays = (h: Harness, conversationId: string, userId: string, text: string) =>
  h.sendToAgent(conversationId, 'text', { text, userId })

describe('any message history', () => {
  it('hands over a chat whose history holds custom components, markdown and unknown types', async () => {
    const h = await registeredHarness(harness())
    const { threadId } = await escalate(h, {
      history: (userId) => [
        { source: { type: 'user', userId }, type: 'text', payload: { text: 'Where is my order?' } },
        { source: { type: 'bot' }, type: 'markdown', payload: { markdown: 'Let me **check**.' } },
        {
          source: { type: 'bot' },
          type: 'custom',
          payload: { url: 'https://cdn.example/widget.js', name: 'OrderStatus', data: { title: 'Order 1234 shipped' } },
        },
        { source: { type: 'bot' }, type: 'hologram', payload: { caption: 'A future type' } },
        { source: { type: 'bot' }, type: 'dropdown', payload: { text: 'Anything else?', options: [] } },
        { source: { type: 'user', userId }, type: 'text', payload: {} },
      ],
    })
    const opening = threadItems(h, threadId)[0]!.text!
    expect(opening).toContain('Let me check.')
    expect(opening).toContain('[custom message] https://cdn.example/widget.js · OrderStatus · Order 1234 shipped')
    expect(opening).toContain('[hologram message] A future type')
  })

  it('still refuses what the integration itself needs: a history that is not a list, a missing userId', async () => {
    const h = await registeredHarness(harness())
    const { userId } = await h.action<{ userId: string }>('createUser', { name: 'Ada', email: 'ada@example.com' })
    await expect(h.action('startHitl', { userId, title: 'x', messageHistory: 'hello' })).rejects.toThrow(
      /Invalid input for startHitl: messageHistory/,
    )
    await expect(h.action('startHitl', { userId, title: 'x', messageHistory: [null] })).rejects.toThrow(
      /Invalid input for startHitl: messageHistory\.0/,
    )
    await expect(h.action('startHitl', { title: 'x', messageHistory: [] })).rejects.toThrow(/userId/)
    expect(h.hubspot.threads()).toHaveLength(0)
  })
})

describe('customers', () => {
  it("treats the plugin's `Unknown User` as no name: neither the agent nor the CRM sees it", async () => {
    const h = await registeredHarness(harness())
    const { userId, threadId } = await escalate(h, { name: 'Unknown User', email: 'nobody@example.com' })
    expect(h.botpress.getUser(userId)!.name).toBeUndefined()
    expect(acceptedPublishes(h)[0]!.senders[0]!.name ?? '').not.toMatch(/unknown user/i)
    expect(threadItems(h, threadId)[0]!.text).not.toMatch(/unknown user/i)
    const [contact] = h.hubspot.crmObjects('contacts')
    expect(contact!.properties.firstname ?? '').not.toMatch(/unknown/i)
  })

  it('does not let `Unknown User` replace a name known earlier', async () => {
    const h = harness()
    const { userId } = await h.action<{ userId: string }>('createUser', { name: 'Ada', email: 'ada@example.com' })
    await h.action('createUser', { name: 'Unknown User', email: 'ada@example.com' })
    expect(h.botpress.getUser(userId)!.name).toBe('Ada')
  })

  it('hands over a user another HITL integration linked: by its email tag, with one warning', async () => {
    const h = await registeredHarness(harness())
    const foreign = h.botpress.seed.user({ name: 'Grace', tags: { email: 'Grace@Example.com' } })
    const start = () =>
      h.action<{ conversationId: string }>('startHitl', { userId: foreign.id, title: 'Help', messageHistory: [] })
    await start()
    expect(acceptedPublishes(h)[0]!.senders[0]!.deliveryIdentifier).toEqual({
      type: 'HS_EMAIL_ADDRESS',
      value: 'grace@example.com',
    })
    await h.action('startHitl', { userId: foreign.id, title: 'Help again', messageHistory: [] })
    expect(h.logs.text.match(/was not created by this integration's createUser/g)).toHaveLength(1)
    expect(h.botpress.getUser(foreign.id)!.tags).toMatchObject({
      identity: 'email:grace@example.com',
      kind: 'customer',
    })
  })

  it('hands over a foreign user without contact details as an anonymous visitor', async () => {
    const h = await registeredHarness(harness())
    const foreign = h.botpress.seed.user({ tags: {} })
    await h.action('startHitl', { userId: foreign.id, title: 'Help', messageHistory: [] })
    expect(acceptedPublishes(h)[0]!.senders[0]!.deliveryIdentifier).toEqual({
      type: 'CHANNEL_SPECIFIC_OPAQUE_ID',
      value: `botpress-visitor-${foreign.id}`,
    })
    expect(h.logs.text).toMatch(/as an anonymous visitor/)
  })

  it("identifies an anonymous customer by the card's email, and refuses an invalid one before opening anything", async () => {
    const h = await registeredHarness(harness())
    const placeholder = 'u_1@no-reply.bot-1.botpress.com'
    await expect(escalate(h, { email: placeholder, hitlSession: { email: 'not-an-email' } })).rejects.toThrow(
      /The email address "not-an-email" is not valid/,
    )
    expect(h.hubspot.threads()).toHaveLength(0)
    const { userId } = await escalate(h, { email: placeholder, hitlSession: { email: 'Ada@Example.com' } })
    expect(acceptedPublishes(h)[0]!.senders[0]!.deliveryIdentifier).toEqual({
      type: 'HS_EMAIL_ADDRESS',
      value: 'ada@example.com',
    })
    expect(h.botpress.getUser(userId)!.tags.email).toBe('ada@example.com')
  })
})

describe('assignment across the plugin activation', () => {
  it('keeps an early assignment pending, answers for redelivery, and announces it once with the next customer message', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId, userId } = await escalate(h, { justStarted: true })
    const assign = h.hubspot.assignThread(threadId, ALICE)
    expect((await h.deliver(assign)).status).toBe(503)
    expect((await h.deliver(assign)).status).toBe(503)
    expect(eventsOf(h, 'hitlAssigned')).toHaveLength(0)

    await customerSays(h, conversationId, userId, 'Hello?')
    await customerSays(h, conversationId, userId, 'Anyone there?')
    const [assigned] = eventsOf(h, 'hitlAssigned')
    expect(eventsOf(h, 'hitlAssigned')).toHaveLength(1)
    expect(h.botpress.getUser((assigned!.payload as { userId: string }).userId)!.name).toBe('Alice Agent')

    // HubSpot's redelivery, once the window has passed: already announced, nothing new.
    pastActivationWindow(h, conversationId)
    expect((await h.deliver(assign)).status).toBe(200)
    expect(eventsOf(h, 'hitlAssigned')).toHaveLength(1)
  })

  it("announces an early assignment on HubSpot's redelivery when the customer says nothing", async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId } = await escalate(h, { justStarted: true })
    const assign = h.hubspot.assignThread(threadId, ALICE)
    expect((await h.deliver(assign)).status).toBe(503)
    pastActivationWindow(h, conversationId)
    expect((await h.deliver(assign)).status).toBe(200)
    expect((await h.deliver(assign)).status).toBe(200)
    expect(eventsOf(h, 'hitlAssigned')).toHaveLength(1)
    expect(h.botpress.getConversation(conversationId)!.tags.pendingAgentUserId).toBeUndefined()
  })

  it('names the agent the same whether HubSpot sends A-<id> or the bare user id; a blank value is an unassignment', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId } = await escalate(h)
    expect((await h.deliver(withAssignee(h.hubspot.assignThread(threadId, ALICE), '5001'))).status).toBe(200)
    expect((await h.deliver(h.hubspot.assignThread(threadId, ALICE))).status).toBe(200)
    expect(eventsOf(h, 'hitlAssigned')).toHaveLength(1)
    await h.deliver(h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'Hi' }))
    const reply = h.botpress.messagesIn(conversationId).find((m) => m.userId !== h.ids.botUserId)!
    expect((eventsOf(h, 'hitlAssigned')[0]!.payload as { userId: string }).userId).toBe(reply.userId)
    expect(h.botpress.users.filter((u) => u.tags.kind === 'agent')).toHaveLength(1)

    expect((await h.deliver(withAssignee(h.hubspot.assignThread(threadId, null), '  '))).status).toBe(200)
    expect(eventsOf(h, 'hitlAssigned')).toHaveLength(1)
  })
})

describe('closing across the plugin activation', () => {
  it('waits for redelivery when the agent closes a session the plugin may not have activated yet', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId } = await escalate(h, { justStarted: true })
    const close = h.hubspot.closeThread(threadId)
    expect((await h.deliver(close)).status).toBe(503)
    expect(eventsOf(h, 'hitlStopped')).toHaveLength(0)
    expect(h.botpress.getConversation(conversationId)!.tags.open).toBe('true')
    pastActivationWindow(h, conversationId)
    expect((await h.deliver(close)).status).toBe(200)
    expect(eventsOf(h, 'hitlStopped').map((e) => e.payload)).toEqual([{ conversationId }])
  })
})

describe('a relayed customer message proves the plugin activated the session', () => {
  it('lets a later assignment and close through at once, and costs a Botpress call only on the first message', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId, userId } = await escalate(h, { justStarted: true })
    await customerSays(h, conversationId, userId, 'Hello?')
    expect(h.botpress.getConversation(conversationId)!.tags.activeSeenAt).toBeDefined()
    const calls = h.botpress.calls.length
    await customerSays(h, conversationId, userId, 'Anyone?')
    expect(h.botpress.calls.length - calls).toBe(1)
    expect((await h.deliver(h.hubspot.assignThread(threadId, ALICE))).status).toBe(200)
    expect(eventsOf(h, 'hitlAssigned')).toHaveLength(1)
    expect((await h.deliver(h.hubspot.closeThread(threadId))).status).toBe(200)
    expect(eventsOf(h, 'hitlStopped')).toHaveLength(1)
  })
})
