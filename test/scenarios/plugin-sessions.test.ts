/**
 * The pitfalls of the real HITL plugin's sequence (docs/hitl-plugin.md §2), each played through the
 * plugin model (emulators/hitl-plugin) against the integration's handler and the HubSpot emulator.
 */
import { DEFAULT_TEXTS } from '../../emulators/hitl-plugin/config'
import type { Chat, HitlPluginModel } from '../../emulators/hitl-plugin'
import { activationHold } from '../../src/hitl/activation'
import { Harness, useHarness } from '../support/harness'
import { pluginFor } from '../support/plugin'
import { acceptedPublishes, pastActivationWindow, registeredHarness, threadItems } from '../support/scenario'

const harness = useHarness()
const ALICE = 'A-5001'
const BOB = 'A-5002'

const textsOf = (plugin: HitlPluginModel, chat: Chat) =>
  plugin.chatMessages(chat).map((m) => String(m.payload.text ?? m.payload.markdown ?? m.type))
const joinedCount = (plugin: HitlPluginModel, chat: Chat) =>
  textsOf(plugin, chat).filter((text) => text === DEFAULT_TEXTS.onHumanAgentAssignedMessage).length
const threadOf = (h: Harness, downstreamId: string) => h.botpress.getConversation(downstreamId)!.tags.threadId!

async function escalateChat(plugin: HitlPluginModel, chat: Chat, said: string, userEmail = 'ada@example.com') {
  await plugin.customerSays(chat, 'text', { text: said })
  const outcome = await plugin.startHitl(chat, { title: 'Help', userEmail })
  if (!outcome.started) throw new Error(`not started: ${outcome.skipped}`)
  return outcome.downstreamConversationId
}

async function setUp() {
  const h = await registeredHarness(harness())
  return { h, plugin: pluginFor(h) }
}

describe('one session per escalation', () => {
  it('gives one person in two chats at once two sessions: replies reach each chat, closing one leaves the other', async () => {
    const { h, plugin } = await setUp()
    const phone = plugin.openChat({ name: 'Ada' })
    const laptop = plugin.openChat({ userId: phone.userId })
    const first = await escalateChat(plugin, phone, 'From my phone')
    const second = await escalateChat(plugin, laptop, 'From my laptop')
    expect(second).not.toBe(first)
    expect(threadOf(h, second)).not.toBe(threadOf(h, first))
    expect(threadItems(h, threadOf(h, first))[0]!.text).toContain('From my phone')
    expect(threadItems(h, threadOf(h, second))[0]!.text).toContain('From my laptop')

    for (const id of [first, second]) pastActivationWindow(h, id)
    await h.deliver(h.hubspot.agentReply({ threadId: threadOf(h, first), actorId: ALICE, text: 'Phone answer' }))
    await h.deliver(h.hubspot.agentReply({ threadId: threadOf(h, second), actorId: BOB, text: 'Laptop answer' }))
    await plugin.idle()
    expect(textsOf(plugin, phone)).toContain('Phone answer')
    expect(textsOf(plugin, phone)).not.toContain('Laptop answer')
    expect(textsOf(plugin, laptop)).toContain('Laptop answer')

    await h.deliver(h.hubspot.closeThread(threadOf(h, first)))
    await plugin.idle()
    expect(plugin.session(phone).active).toBe(false)
    expect(plugin.session(laptop).active).toBe(true)
    await plugin.customerSays(laptop, 'text', { text: 'Still there?' })
    expect(threadItems(h, threadOf(h, second)).map((item) => item.text)).toContain('Still there?')
    expect(plugin.dropped).toEqual([])
  })

  it('keeps two people who typed the same email apart: one customer user, two sessions', async () => {
    const { h, plugin } = await setUp()
    const ada = plugin.openChat({ name: 'Ada' })
    const impostor = plugin.openChat({ name: 'Not Ada' })
    const first = await escalateChat(plugin, ada, 'I am Ada')
    const second = await escalateChat(plugin, impostor, 'I am also Ada')
    expect(h.botpress.getConversation(first)!.tags.customerUserId).toBe(
      h.botpress.getConversation(second)!.tags.customerUserId,
    )
    expect(second).not.toBe(first)
    pastActivationWindow(h, second)
    await h.deliver(h.hubspot.agentReply({ threadId: threadOf(h, second), actorId: ALICE, text: 'For the second' }))
    await plugin.idle()
    expect(textsOf(plugin, impostor)).toContain('For the second')
    expect(textsOf(plugin, ada)).not.toContain('For the second')
  })

  it('opens a new session in the same chat after a stopHitl that failed', async () => {
    const { h, plugin } = await setUp()
    const chat = plugin.openChat({ name: 'Ada' })
    const first = await escalateChat(plugin, chat, 'First problem')
    h.hubspot.injectFault({ operation: 'updateThread', status: 400, times: 10 })
    await expect(plugin.stopHitl(chat)).rejects.toThrow(/could not close the inbox thread/)
    expect(plugin.session(chat).active).toBe(false)
    h.hubspot.clearFaults()
    const second = await escalateChat(plugin, chat, 'Second problem')
    expect(second).not.toBe(first)
    expect(h.hubspot.threads()).toHaveLength(2)
    await plugin.customerSays(chat, 'text', { text: 'About the second one' })
    expect(threadItems(h, threadOf(h, second)).map((item) => item.text)).toContain('About the second one')
  })
})

describe('assignment across the activation window', () => {
  const assign = async (h: Harness, downstreamId: string) =>
    (await h.deliver(h.hubspot.assignThread(threadOf(h, downstreamId), ALICE))).status

  it('during startHitl, with a plugin slower than the hold: announced once, with the customer’s next message', async () => {
    const { h, plugin } = await setUp()
    const chat = plugin.openChat({ name: 'Ada' })
    await plugin.customerSays(chat, 'text', { text: 'Help' })
    // The bot's handoff note is posted after the thread exists: HubSpot's routing assigns while startHitl still runs.
    h.hubspot.injectFault({ operation: 'postThreadMessage', delayMs: 300 })
    const started = plugin.startHitl(
      chat,
      { title: 'Help', userEmail: 'ada@example.com', hitlSession: { reason: 'Asked for a person' } },
      { beforeActivation: () => new Promise((resolve) => setTimeout(resolve, activationHold.budgetMs + 200)) },
    )
    let downstreamId: string | undefined
    while (!downstreamId) {
      await new Promise((resolve) => setTimeout(resolve, 10))
      downstreamId = h.botpress.conversations.find((c) => c.channel === 'hitl' && c.tags.threadId)?.id
    }
    const assigned = assign(h, downstreamId)
    expect(h.hubspot.callsTo('postThreadMessage').filter((call) => call.status === 201)).toHaveLength(0)
    await started
    expect(await assigned).toBe(503)
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(0)
    await plugin.customerSays(chat, 'text', { text: 'Hello?' })
    await plugin.customerSays(chat, 'text', { text: 'Hello again' })
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(1)
    expect(plugin.session(chat).humanAgent?.name).toBe('Alice Agent')
    expect(plugin.dropped).toEqual([])
  })

  it('after startHitl returned, before the plugin activated the session: announced on HubSpot’s redelivery', async () => {
    const { h, plugin } = await setUp()
    const chat = plugin.openChat({ name: 'Ada' })
    await plugin.customerSays(chat, 'text', { text: 'Help' })
    let status = 0
    const outcome = await plugin.startHitl(
      chat,
      { title: 'Help', userEmail: 'ada@example.com' },
      { beforeActivation: async (downstreamId) => void (status = await assign(h, downstreamId)) },
    )
    if (!outcome.started) throw new Error('not started')
    expect(status).toBe(503)
    pastActivationWindow(h, outcome.downstreamConversationId)
    expect(await assign(h, outcome.downstreamConversationId)).toBe(200)
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(1)
    expect(await assign(h, outcome.downstreamConversationId)).toBe(200)
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(1)
    expect(plugin.dropped).toEqual([])
  })

  it('after activation but within the window: announced at once, and the agent’s first reply adds no second notice', async () => {
    const { h, plugin } = await setUp()
    const chat = plugin.openChat({ name: 'Ada' })
    const downstreamId = await escalateChat(plugin, chat, 'Help')
    expect(await assign(h, downstreamId)).toBe(200)
    await h.deliver(
      h.hubspot.agentReply({ threadId: threadOf(h, downstreamId), actorId: ALICE, text: 'Hi, Alice here' }),
    )
    await plugin.idle()
    await plugin.customerSays(chat, 'text', { text: 'Thanks' })
    pastActivationWindow(h, downstreamId)
    expect(await assign(h, downstreamId)).toBe(200)
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(1)
    expect(plugin.session(chat).humanAgent?.name).toBe('Alice Agent')
  })

  it('long after activation: announced at once', async () => {
    const { h, plugin } = await setUp()
    const chat = plugin.openChat({ name: 'Ada' })
    const downstreamId = await escalateChat(plugin, chat, 'Help')
    pastActivationWindow(h, downstreamId)
    expect(await assign(h, downstreamId)).toBe(200)
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(1)
  })
})

describe('what the plugin sends', () => {
  it('hands over a chat holding every message type, custom components and markdown included', async () => {
    const { h, plugin } = await setUp()
    const chat = plugin.openChat({ name: 'Ada' })
    await plugin.customerSays(chat, 'text', { text: 'Show me my order' })
    plugin.botSays(chat, 'markdown', { markdown: 'Here is **order 1234**' })
    plugin.botSays(chat, 'custom', { url: 'https://cdn.example/order.js', name: 'Order', data: { title: 'Shipped' } })
    plugin.botSays(chat, 'choice', { text: 'Anything else?', options: [{ label: 'Talk to a person', value: 'human' }] })
    plugin.botSays(chat, 'dropdown', { text: 'Or pick', options: [{ label: 'Refund', value: 'refund' }] })
    plugin.botSays(chat, 'carousel', { items: [{ title: 'Plan A', actions: [] }] })
    plugin.botSays(chat, 'card', { title: 'Card', actions: [] })
    plugin.botSays(chat, 'location', { latitude: 48.85, longitude: 2.29 })
    plugin.botSays(chat, 'image', { imageUrl: 'https://files.example/a.png' })
    const downstreamId = await escalateChat(plugin, chat, 'Talk to a person')
    const opening = threadItems(h, threadOf(h, downstreamId))[0]!.text!
    for (const expected of ['order 1234', '[custom message]', 'Shipped', 'Talk to a person', 'Plan A', 'Refund'])
      expect(opening).toContain(expected)
    expect(opening).toContain(DEFAULT_TEXTS.onHitlHandoffMessage)
  })

  it('hands over a customer another HITL integration linked under the same alias', async () => {
    const { h, plugin } = await setUp()
    const chat = plugin.openChat({ name: 'Grace' })
    const foreignUserId = plugin.linkedByAnotherIntegration(chat, { integrationName: 'zendesk', name: 'Grace' })
    const downstreamId = await escalateChat(plugin, chat, 'Hello')
    expect(h.botpress.getConversation(downstreamId)!.tags.customerUserId).toBe(foreignUserId)
    expect(h.logs.text).toMatch(/was not created by this integration's createUser/)
    await plugin.customerSays(chat, 'text', { text: 'Can you hear me?' })
    expect(threadItems(h, threadOf(h, downstreamId)).map((item) => item.text)).toContain('Can you hear me?')
  })

  it("reads a foreign user's tags by the one email-or-phone rule: a phone in its email tag identifies the customer", async () => {
    const { h, plugin } = await setUp()
    const chat = plugin.openChat({ name: 'Grace' })
    plugin.linkedByAnotherIntegration(chat, { integrationName: 'zendesk', tags: { email: '+33 6 12 34 56 78' } })
    await escalateChat(plugin, chat, 'Hello')
    expect(acceptedPublishes(h)[0]!.senders[0]!.deliveryIdentifier).toEqual({
      type: 'HS_PHONE_NUMBER',
      value: '+33612345678',
    })
  })
})
