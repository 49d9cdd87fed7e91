/**
 * Assist mode (issue 22): the bot is told of every customer message the integration relays into the thread, and
 * posts suggested replies the agent sees as internal notes and the customer never does. Driven through the HITL
 * plugin model and the integration's handler, against both emulators, calls counted in them.
 */
import type { HitlPluginModel, Chat } from '../../emulators/hitl-plugin'
import { SUGGESTED_REPLY_HEADING } from '../../src/render/suggested-reply'
import { Harness, useHarness, useTenants, type HarnessOptions } from '../support/harness'
import { pluginFor } from '../support/plugin'
import { acceptedPublishes, pastActivationWindow, registeredHarness, threadItems } from '../support/scenario'

const harness = useHarness()
const ALICE = 'A-5001'

type Relayed = {
  conversationId: string
  threadId: string
  customer: { userId: string; name?: string; email?: string; phone?: string }
  message: {
    id: string
    hubspotMessageId: string
    type: string
    text: string
    files: { kind: string; name: string; url: string }[]
  }
  recentContext: { author: string; internal: boolean; text: string; createdAt?: string }[]
}

const relayedEvents = (h: Harness) =>
  h.botpress.events
    .filter((event) => event.type === 'customerMessageRelayed')
    .map((event) => ({ conversationId: event.conversationId, payload: event.payload as Relayed }))

async function setUp(options?: HarnessOptions) {
  const h = await registeredHarness(harness(options))
  return { h, plugin: pluginFor(h) }
}

async function escalateChat(plugin: HitlPluginModel, h: Harness, chat: Chat, hitlSession?: Record<string, unknown>) {
  await plugin.customerSays(chat, 'text', { text: 'My parcel never came' })
  const outcome = await plugin.startHitl(chat, { title: 'Help', userEmail: 'ada@example.com', hitlSession })
  if (!outcome.started) throw new Error(`not started: ${outcome.skipped}`)
  pastActivationWindow(h, outcome.downstreamConversationId)
  const conversation = h.botpress.getConversation(outcome.downstreamConversationId)!
  return { conversationId: conversation.id, threadId: conversation.tags.threadId! }
}

/** The Botpress and HubSpot operations the integration called while `work` ran. */
async function callsDuring(h: Harness, work: () => Promise<unknown>) {
  const [botpressBefore, hubspotBefore] = [h.botpress.calls.length, h.hubspot.calls.length]
  await work()
  return {
    botpress: h.botpress.calls.slice(botpressBefore).map((call) => call.operation),
    hubspot: h.hubspot.calls.slice(hubspotBefore).map((call) => call.operation),
  }
}

async function relayed(plugin: HitlPluginModel, chat: Chat, type: string, payload: Record<string, unknown>) {
  const outcome = await plugin.customerSays(chat, type, payload)
  if (outcome.handledBy !== 'agent') throw new Error(`not relayed: ${outcome.handledBy}`)
  expect(outcome.status).toBe(200)
  return outcome.relayedMessageId
}

describe('assist mode off (the default)', () => {
  it('tells the bot nothing and adds no call per customer message: one HubSpot publish, one Botpress ack', async () => {
    const { h, plugin } = await setUp()
    expect(h.config.assistMode).toBe(false)
    const chat = plugin.openChat({ name: 'Ada' })
    const { conversationId } = await escalateChat(plugin, h, chat)
    expect(h.botpress.getConversation(conversationId)!.tags.assistMode).toBe('false')
    await relayed(plugin, chat, 'text', { text: 'Warm-up' })
    const calls = await callsDuring(h, () => relayed(plugin, chat, 'text', { text: 'Any news?' }))
    expect(calls).toEqual({ botpress: ['updateMessage'], hubspot: ['publishMessage'] })
    expect(relayedEvents(h)).toEqual([])
  })

  it('stays off for a session that turns it off although the configuration turns it on', async () => {
    const { h, plugin } = await setUp({ config: { assistMode: true } })
    const chat = plugin.openChat({ name: 'Ada' })
    const { conversationId } = await escalateChat(plugin, h, chat, { assistMode: false })
    expect(h.botpress.getConversation(conversationId)!.tags.assistMode).toBe('false')
    const calls = await callsDuring(h, () => relayed(plugin, chat, 'text', { text: 'Any news?' }))
    expect(calls).toEqual({ botpress: ['updateMessage'], hubspot: ['publishMessage'] })
    expect(relayedEvents(h)).toEqual([])
  })
})

describe('assist mode on', () => {
  it('adds one Botpress call (the event) and one HubSpot read (the recent context) per customer message', async () => {
    const { h, plugin } = await setUp({ config: { assistMode: true } })
    const chat = plugin.openChat({ name: 'Ada' })
    const { conversationId } = await escalateChat(plugin, h, chat)
    expect(h.botpress.getConversation(conversationId)!.tags.assistMode).toBe('true')
    await relayed(plugin, chat, 'text', { text: 'Warm-up' })
    const calls = await callsDuring(h, () => relayed(plugin, chat, 'text', { text: 'Any news?' }))
    expect(calls).toEqual({
      botpress: ['createEvent', 'updateMessage'],
      hubspot: ['publishMessage', 'listThreadMessages'],
    })
    const read = h.hubspot.callsTo('listThreadMessages').at(-1)!
    expect(Object.fromEntries(read.query)).toEqual({ limit: '10', sort: '-createdAt' })
    expect(relayedEvents(h)).toHaveLength(2)
  })

  it('is turned on by one session although the configuration leaves it off', async () => {
    const { h, plugin } = await setUp()
    const quiet = plugin.openChat({ name: 'Grace' })
    await escalateChat(plugin, h, quiet)
    const chat = plugin.openChat({ name: 'Ada' })
    const { conversationId } = await escalateChat(plugin, h, chat, { assistMode: true })
    await relayed(plugin, quiet, 'text', { text: 'Not for the bot' })
    await relayed(plugin, chat, 'text', { text: 'For the bot' })
    expect(relayedEvents(h).map((event) => [event.conversationId, event.payload.message.text])).toEqual([
      [conversationId, 'For the bot'],
    ])
  })

  it('carries the session, the customer, the message with its media, and the thread’s recent context', async () => {
    const { h, plugin } = await setUp({ config: { assistMode: true } })
    const chat = plugin.openChat({ name: 'Ada' })
    const { conversationId, threadId } = await escalateChat(plugin, h, chat, { reason: 'Late parcel' })
    // A burst of writes in Botpress (records are never dated in the same millisecond) must not date the customer's
    // message after the agent's answer to it: the context is read in HubSpot's date order.
    for (let index = 0; index < 300; index++) h.botpress.seed.user()
    await relayed(plugin, chat, 'text', { text: 'Order 1234, please hurry' })
    await h.deliver(h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'Let me check your order' }))
    await h.deliver(h.hubspot.agentComment({ threadId, actorId: ALICE, text: 'Carrier says lost; offer a refund' }))
    await plugin.idle()
    const photo = h.serveMedia('/box.png', new Uint8Array([137, 80, 78, 71]), 'image/png')
    const imageId = await relayed(plugin, chat, 'image', { imageUrl: photo, title: 'damaged box.png' })
    const invoice = h.serveMedia('/invoice-1234.pdf', '%PDF-1.4', 'application/pdf')
    await relayed(plugin, chat, 'file', { fileUrl: invoice })

    const [first, image, file] = relayedEvents(h)
    expect(image!.conversationId).toBe(conversationId)
    const customerUserId = h.botpress.getConversation(conversationId)!.tags.customerUserId
    expect(image!.payload).toMatchObject({
      conversationId,
      threadId,
      customer: { userId: customerUserId, name: 'Ada', email: 'ada@example.com' },
      message: {
        id: imageId,
        hubspotMessageId: h.botpress.store.messages.get(imageId)!.tags.hubspotMessageId,
        type: 'image',
        files: [{ kind: 'image', name: 'damaged box.png', url: photo }],
      },
    })
    expect(image!.payload.message.text).toContain(photo)
    expect(file!.payload.message.files).toEqual([{ kind: 'file', name: 'invoice-1234.pdf', url: invoice }])

    const context = image!.payload.recentContext
    const summary = context.map((entry) => [entry.author, entry.internal, entry.text])
    expect(summary).toEqual([
      ['bot', false, expect.stringContaining('My parcel never came')],
      ['bot', true, expect.stringContaining('Late parcel')],
      ['customer', false, 'Order 1234, please hurry'],
      ['agent', false, 'Let me check your order'],
      ['agent', true, 'Carrier says lost; offer a refund'],
    ])
    expect(context.every((entry) => !Number.isNaN(Date.parse(entry.createdAt ?? '')))).toBe(true)
    // The opening transcript is long; the context keeps its start only.
    expect(context[0]!.text.length).toBeLessThanOrEqual(1000)
    // The message itself is the event's `message`, not part of its context; the next one sees it.
    expect(first!.payload.recentContext.map((entry) => entry.text)).not.toContain('Order 1234, please hurry')
    expect(file!.payload.recentContext.at(-1)).toMatchObject({
      author: 'customer',
      text: expect.stringContaining('[file: damaged box.png]'),
    })
  })

  it('tells the bot once per message however often Botpress delivers it: redelivered, or in parallel', async () => {
    const { h, plugin } = await setUp({ config: { assistMode: true } })
    const chat = plugin.openChat({ name: 'Ada' })
    const { conversationId, threadId } = await escalateChat(plugin, h, chat)
    const messageId = await relayed(plugin, chat, 'text', { text: 'Once only' })
    expect((await h.redeliverToAgent(messageId)).status).toBe(200)
    expect(relayedEvents(h)).toHaveLength(1)

    const { message } = await h.sendToAgent(conversationId, 'text', {
      text: 'Five copies at once',
      userId: h.botpress.getConversation(conversationId)!.tags.customerUserId,
    })
    const statuses = await Promise.all(Array.from({ length: 4 }, () => h.redeliverToAgent(message.id)))
    expect(statuses.map((response) => response.status)).toEqual([200, 200, 200, 200])
    expect(relayedEvents(h).map((event) => event.payload.message.text)).toEqual(['Once only', 'Five copies at once'])
    expect(threadItems(h, threadId).filter((item) => item.text === 'Five copies at once')).toHaveLength(1)
  })

  it('never fails the relay when the event cannot be created: the message reaches HubSpot once, and the miss is logged', async () => {
    const { h, plugin } = await setUp({ config: { assistMode: true } })
    const chat = plugin.openChat({ name: 'Ada' })
    const { threadId } = await escalateChat(plugin, h, chat)
    h.botpress.injectFault({ operation: 'createEvent', status: 503, times: 1 })
    const messageId = await relayed(plugin, chat, 'text', { text: 'Is anyone there?' })
    expect(h.botpress.store.messages.get(messageId)!.tags.hubspotMessageId).toBeTruthy()
    expect(h.logs.text).toMatch(/Assist mode: the bot could not be told of customer message/)
    expect(relayedEvents(h)).toEqual([])
    // Botpress delivering it again neither publishes it twice nor tells the bot late.
    expect((await h.redeliverToAgent(messageId)).status).toBe(200)
    expect(threadItems(h, threadId).filter((item) => item.text === 'Is anyone there?')).toHaveLength(1)
    expect(relayedEvents(h)).toEqual([])

    // An answer lost after Botpress created the event: the relay still succeeds, the bot is told once.
    h.botpress.injectFault({ operation: 'createEvent', dropResponse: true, times: 1 })
    await relayed(plugin, chat, 'text', { text: 'Hello there?' })
    expect(relayedEvents(h).map((event) => event.payload.message.text)).toEqual(['Hello there?'])
    expect(threadItems(h, threadId).filter((item) => item.text === 'Hello there?')).toHaveLength(1)

    // A rate limit is retried by the Botpress client: the bot is told, once.
    h.botpress.injectFault({ operation: 'createEvent', status: 429, headers: { 'retry-after': '0' }, times: 1 })
    await relayed(plugin, chat, 'text', { text: 'Hello?' })
    expect(relayedEvents(h).map((event) => event.payload.message.text)).toEqual(['Hello there?', 'Hello?'])
  })

  it('tells the bot without context when HubSpot cannot be read, and the message is published once', async () => {
    const { h, plugin } = await setUp({ config: { assistMode: true } })
    const chat = plugin.openChat({ name: 'Ada' })
    await escalateChat(plugin, h, chat)
    h.hubspot.injectFault({ operation: 'listThreadMessages', status: 403, times: 1 })
    await relayed(plugin, chat, 'text', { text: 'Still waiting' })
    expect(relayedEvents(h).map((event) => [event.payload.message.text, event.payload.recentContext])).toEqual([
      ['Still waiting', []],
    ])
    expect(h.logs.text).toMatch(/could not be read/)
    expect(acceptedPublishes(h).filter((body) => body.text === 'Still waiting')).toHaveLength(1)
  })
})

describe('suggested replies', () => {
  it('reach the agent as a marked rich-text internal note and never the customer', async () => {
    const { h, plugin } = await setUp({ config: { assistMode: true } })
    const chat = plugin.openChat({ name: 'Ada' })
    const { threadId } = await escalateChat(plugin, h, chat)
    await relayed(plugin, chat, 'text', { text: 'Where is my parcel?' })
    const [event] = relayedEvents(h)

    await h.action('postInternalNote', {
      conversationId: event!.conversationId,
      text: 'Apologise and offer **a full refund** for order 1234',
      suggestion: true,
    })
    const note = threadItems(h, threadId).at(-1)!
    expect(note.type).toBe('COMMENT')
    expect(note.text).toBe(`💡 ${SUGGESTED_REPLY_HEADING}:\nApologise and offer a full refund for order 1234`)
    expect(note.richText).toContain(`<strong>💡 ${SUGGESTED_REPLY_HEADING}</strong>`)
    expect(note.richText).toContain('<strong>a full refund</strong>')

    // Whatever HubSpot could send about the note (the app event of a new comment, even the comment over the
    // channel webhook), and an agent's own comment, the customer gets nothing of them.
    const session = h.botpress.getConversation(event!.conversationId!)!.tags
    const portalId = h.hubspot.defaultHubId
    const newComment = [
      {
        objectId: Number(threadId),
        eventId: 990001,
        portalId,
        occurredAt: Date.now(),
        subscriptionType: 'conversation.newMessage',
        messageId: note.id,
        messageType: 'COMMENT',
        changeFlag: 'NEW_MESSAGE',
        changeSource: 'INTEGRATION',
      },
    ]
    const overChannel = {
      type: 'OUTGOING_CHANNEL_MESSAGE_CREATED',
      portalId,
      channelId: session.channelId,
      channelAccountId: session.channelAccountId,
      eventTimestamp: new Date().toISOString(),
      message: { ...note, conversationsThreadId: threadId, direction: 'OUTGOING' },
    }
    const deliveries = [
      { body: JSON.stringify(newComment) },
      { body: JSON.stringify(overChannel) },
      h.hubspot.agentComment({ threadId, actorId: ALICE, text: 'Agree, refund it in full' }),
    ]
    for (const delivery of deliveries) expect((await h.deliver(delivery)).status).toBe(200)
    await plugin.idle()
    const seen = JSON.stringify(plugin.chatMessages(chat))
    expect(seen).not.toContain('full refund')
    expect(seen).not.toContain(SUGGESTED_REPLY_HEADING)
    expect(seen).not.toContain('refund it in full')
    expect(JSON.stringify(h.botpress.messages)).not.toMatch(/full refund|refund it in full/)
    // Nor does the next customer message's relay repeat it as anything but internal context.
    await relayed(plugin, chat, 'text', { text: 'Thanks' })
    const context = relayedEvents(h).at(-1)!.payload.recentContext
    expect(context.filter((entry) => entry.text.includes('full refund'))).toEqual([
      expect.objectContaining({ author: 'bot', internal: true }),
    ])
    expect(context.filter((entry) => entry.text.includes('refund it in full'))).toEqual([
      expect.objectContaining({ author: 'agent', internal: true }),
    ])
  })
})

describe('several bots on one integration id', () => {
  const tenants = useTenants()

  it('tells only the bot whose install has assist mode on', async () => {
    const [assisted, plain] = tenants([
      { botId: 'bot_assisted', hubId: 7001, config: { assistMode: true } },
      { botId: 'bot_plain', hubId: 7002 },
    ])
    for (const h of [assisted!, plain!]) await registeredHarness(h)
    for (const h of [assisted!, plain!]) {
      const plugin = pluginFor(h)
      const chat = plugin.openChat({ name: 'Ada' })
      await escalateChat(plugin, h, chat)
      await relayed(plugin, chat, 'text', { text: `Hello from ${h.ids.botId}` })
    }
    expect(relayedEvents(assisted!).map((event) => event.payload.message.text)).toEqual(['Hello from bot_assisted'])
    expect(relayedEvents(plain!)).toEqual([])
  })
})
