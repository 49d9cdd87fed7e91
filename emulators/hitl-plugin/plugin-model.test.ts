/**
 * The plugin model against a scripted integration, where timing and inputs must be controlled exactly:
 * what reaches the integration, and when the plugin drops what the integration reports.
 */
import { BotpressEmulator } from '../botpress'
import { DEFAULT_TEXTS } from './config'
import { FAKE_ALIAS, FakeIntegration } from './fake-integration'
import { HitlPluginModel } from './plugin-model'
import type { Chat, PluginConfiguration } from './index'

const BOT = { botId: 'bot_sandbox_1', botUserId: 'user_bot' }

function setUp(options: { config?: PluginConfiguration; pageSize?: number } = {}) {
  const botpress = new BotpressEmulator({ integrationName: FAKE_ALIAS, pageSize: options.pageSize })
  const integration = new FakeIntegration(botpress)
  const continued: string[] = []
  const plugin = new HitlPluginModel({
    botpress,
    port: integration,
    bot: BOT,
    integration: { alias: FAKE_ALIAS, name: 'fake-hitl-integration' },
    config: options.config,
    onFlowContinues: (conversationId) => continued.push(conversationId),
  })
  return { botpress, integration, plugin, continued }
}

const texts = (plugin: HitlPluginModel, chat: Chat) =>
  plugin.chatMessages(chat).map((message) => message.payload.text ?? message.payload.markdown ?? message.type)

async function started(plugin: HitlPluginModel, chat: Chat, title = 'Help') {
  const outcome = await plugin.startHitl(chat, { title })
  if (!outcome.started) throw new Error(`not started: ${outcome.skipped}`)
  return outcome.downstreamConversationId
}

describe('start HITL', () => {
  it('links the customer once with the card email, sends the chat as history, then activates both sides', async () => {
    const { plugin, integration, botpress } = setUp()
    const chat = plugin.openChat({ name: 'Ada Lovelace', pictureUrl: 'https://pics.example/ada.png' })
    await plugin.customerSays(chat, 'text', { text: 'Hi' })
    plugin.botSays(chat, 'choice', { text: 'Pick', options: [{ label: 'Human', value: 'human' }] })
    await plugin.customerSays(chat, 'custom', { url: 'https://widget.example', data: { a: 1 } })
    const downstreamId = await started(plugin, chat)

    const [createUser, ...moreUsers] = integration.actionsOf('createUser')
    expect(moreUsers).toHaveLength(0)
    const email = `${chat.userId}@no-reply.bot-sandbox-1.botpress.com`
    expect(createUser).toEqual({ name: 'Ada Lovelace', pictureUrl: 'https://pics.example/ada.png', email })
    const [start] = integration.actionsOf('startHitl')
    const customerId = botpress.getUser(chat.userId)!.tags['hitl#downstream']!
    expect(start!.userId).toBe(customerId)
    expect(start!.messageHistory).toEqual([
      { source: { type: 'user', userId: customerId }, type: 'text', payload: { text: 'Hi' } },
      {
        source: { type: 'bot' },
        type: 'choice',
        payload: { text: 'Pick', options: [{ label: 'Human', value: 'human' }] },
      },
      {
        source: { type: 'user', userId: customerId },
        type: 'custom',
        payload: { url: 'https://widget.example', data: { a: 1 } },
      },
      { source: { type: 'bot' }, type: 'text', payload: { type: 'text', text: DEFAULT_TEXTS.onHitlHandoffMessage } },
    ])
    expect(botpress.getUser(chat.userId)!.tags).toEqual({
      'hitl#downstream': customerId,
      'hitl#integrationName': 'fake-hitl-integration',
      'hitl#integrationAlias': FAKE_ALIAS,
    })
    expect(botpress.getUser(customerId)!.tags).toMatchObject({ 'hitl#upstream': chat.userId })
    expect(botpress.getConversation(downstreamId)!.tags).toEqual({ 'hitl#upstream': chat.conversationId })
    expect(plugin.session(chat)).toEqual({ active: true, downstreamConversationId: downstreamId })
    expect(botpress.statePayload('conversation', downstreamId, 'hitl#hitl')).toEqual({ hitlActive: true })

    expect(await plugin.startHitl(chat, { title: 'Again' })).toEqual({ started: false, skipped: 'already-active' })
    expect(integration.actionsOf('startHitl')).toHaveLength(1)
  })

  it('reuses the link for the next session (the card email no longer counts), and names an unnamed customer', async () => {
    const { plugin, integration } = setUp()
    const chat = plugin.openChat()
    await plugin.customerSays(chat, 'text', { text: 'Help' })
    await started(plugin, chat)
    expect(integration.actionsOf('createUser')[0]).toMatchObject({ name: 'Unknown User' })
    await plugin.customerSays(chat, 'text', { text: '/end' })
    await plugin.customerSays(chat, 'text', { text: 'Help again' })
    expect((await plugin.startHitl(chat, { title: 'Second', userEmail: 'ada@example.com' })).started).toBe(true)
    expect(integration.actionsOf('createUser')).toHaveLength(1)
  })

  it('reuses a downstream user another HITL integration linked under the same alias', async () => {
    const { plugin, integration } = setUp()
    const chat = plugin.openChat({ name: 'Ada' })
    const foreign = plugin.linkedByAnotherIntegration(chat, { name: 'Ada (zendesk)', integrationName: 'zendesk' })
    await plugin.customerSays(chat, 'text', { text: 'Help' })
    await started(plugin, chat)
    expect(integration.actionsOf('createUser')).toHaveLength(0)
    expect(integration.actionsOf('startHitl')[0]!.userId).toBe(foreign)
  })

  it('sends only the newest page of the chat as history, oldest first', async () => {
    const { plugin, integration } = setUp({ pageSize: 3 })
    const chat = plugin.openChat({ name: 'Ada' })
    for (const text of ['one', 'two', 'three', 'four']) await plugin.customerSays(chat, 'text', { text })
    await started(plugin, chat)
    const history = integration.actionsOf('startHitl')[0]!.messageHistory as { payload: { text: string } }[]
    expect(history.map((entry) => entry.payload.text)).toEqual(['three', 'four', DEFAULT_TEXTS.onHitlHandoffMessage])
  })

  it('skips a start replayed for the same customer message, and a start inside a HITL conversation', async () => {
    const { plugin, integration } = setUp()
    const chat = plugin.openChat({ name: 'Ada' })
    await plugin.customerSays(chat, 'text', { text: 'Help' })
    const downstreamId = await started(plugin, chat)
    await plugin.stopHitl(chat)
    expect(await plugin.startHitl(chat, { title: 'Replayed' })).toEqual({
      started: false,
      skipped: 'same-start-message',
    })
    const ticket = { conversationId: downstreamId, userId: chat.userId }
    expect(await plugin.startHitl(ticket, { title: 'Loop' })).toEqual({
      started: false,
      skipped: 'downstream-conversation',
    })
    expect(integration.actionsOf('startHitl')).toHaveLength(1)
  })
})

describe('events the integration emits', () => {
  it('drops hitlAssigned and hitlStopped that arrive before the session is active, and never replays them', async () => {
    const { plugin, integration } = setUp()
    const chat = plugin.openChat({ name: 'Ada' })
    await plugin.customerSays(chat, 'text', { text: 'Help' })
    const alice = await integration.agent('Alice')
    integration.duringStartHitl = (conversationId) =>
      integration.emit('hitlAssigned', { conversationId, userId: alice }).then(() => undefined)
    const outcome = await plugin.startHitl(
      chat,
      { title: 'Help' },
      { beforeActivation: (conversationId) => integration.emit('hitlStopped', { conversationId }).then() },
    )
    await plugin.idle()
    expect(outcome.started).toBe(true)
    expect(plugin.dropped.map(({ kind, type, reason }) => ({ kind, type, reason }))).toEqual([
      { kind: 'event', type: 'hitlAssigned', reason: 'the session is not active' },
      { kind: 'event', type: 'hitlStopped', reason: 'the session is not active' },
    ])
    expect(plugin.session(chat)).toMatchObject({ active: true })
    expect(plugin.session(chat).humanAgent).toBeUndefined()
    expect(texts(plugin, chat)).not.toContain(DEFAULT_TEXTS.onHumanAgentAssignedMessage)
  })

  it('tells the customer each time hitlAssigned arrives, without comparing with the current agent', async () => {
    const { plugin, integration, botpress } = setUp()
    const chat = plugin.openChat({ name: 'Ada' })
    const downstreamId = await started(plugin, chat)
    const alice = await integration.agent('Alice')
    await integration.emit('hitlAssigned', { conversationId: downstreamId, userId: alice })
    await integration.emit('hitlAssigned', { conversationId: downstreamId, userId: alice })
    await plugin.idle()
    const joined = texts(plugin, chat).filter((text) => text === DEFAULT_TEXTS.onHumanAgentAssignedMessage)
    expect(joined).toHaveLength(2)
    expect(plugin.session(chat).humanAgent).toEqual({ id: alice, name: 'Alice' })
    expect(botpress.getConversation(downstreamId)!.tags).toMatchObject({
      'hitl#humanAgentId': alice,
      'hitl#humanAgentName': 'Alice',
    })
  })

  it('handles what one call wrote in creation order: the reply is relayed, then hitlStopped ends the session', async () => {
    const { plugin, integration, continued } = setUp()
    const chat = plugin.openChat({ name: 'Ada' })
    const downstreamId = await started(plugin, chat)
    const bob = await integration.agent('')
    await integration.agentSays(downstreamId, bob, 'text', { text: 'Bye', additionalData: 'ref-1' })
    await integration.emit('hitlStopped', { conversationId: downstreamId })
    await integration.agentSays(downstreamId, bob, 'text', { text: 'Too late' })
    await plugin.idle()
    const messages = plugin.chatMessages(chat)
    expect(messages.slice(-3).map((message) => message.payload.text)).toEqual([
      DEFAULT_TEXTS.onHumanAgentAssignedMessage,
      'Bye',
      DEFAULT_TEXTS.onHitlStoppedMessage,
    ])
    const reply = messages.at(-2)!
    expect(reply.payload).toEqual({ type: 'text', text: 'Bye', additionalData: 'ref-1' })
    expect(reply.tags).toMatchObject({ 'hitl#additionalData': 'ref-1' })
    expect(reply.agent).toEqual({ userId: bob })
    expect(plugin.session(chat)).toMatchObject({ active: false, endReason: 'agent-closed-ticket' })
    expect(plugin.session(chat).humanAgent).toEqual({ id: bob, name: 'A Human Agent' })
    expect(plugin.dropped).toEqual([expect.objectContaining({ kind: 'message', reason: 'the session is not active' })])
    expect(integration.actionsOf('stopHitl')).toHaveLength(0)
    expect(continued).toEqual([chat.conversationId])
  })

  it('answers an agent message of another type with the incompatible-type notice, to the agent only', async () => {
    const { plugin, integration } = setUp()
    const chat = plugin.openChat({ name: 'Ada' })
    const downstreamId = await started(plugin, chat)
    const before = plugin.chatMessages(chat).length
    await integration.agentSays(downstreamId, await integration.agent('Alice'), 'markdown', { markdown: '**hi**' })
    await plugin.idle()
    expect(plugin.chatMessages(chat)).toHaveLength(before)
    expect(integration.delivered.at(-1)!.payload).toEqual({
      type: 'text',
      text: DEFAULT_TEXTS.onIncompatibleMsgTypeMessage,
    })
  })

  it('records an event whose payload names a conversation that does not exist as failed', async () => {
    const { plugin, integration } = setUp()
    const chat = plugin.openChat({ name: 'Ada' })
    const downstreamId = await started(plugin, chat)
    await integration.emit('hitlAssigned', { conversationId: 'conv_gone', userId: chat.userId }, downstreamId)
    await plugin.idle()
    expect(plugin.dropped).toEqual([
      expect.objectContaining({ type: 'hitlAssigned', reason: 'failed: Conversation "conv_gone" not found' }),
    ])
    expect(plugin.session(chat).humanAgent).toBeUndefined()
  })
})

describe('configuration', () => {
  it('uses configured texts and the card overrides, and sends nothing for "NULL"', async () => {
    const { plugin, integration } = setUp({
      config: { onHitlHandoffMessage: 'Passing you on.', userHitlCloseCommand: '!bye', onUserHitlCloseMessage: 'NULL' },
    })
    const chat = plugin.openChat({ name: 'Ada' })
    const outcome = await plugin.startHitl(chat, {
      title: 'Help',
      configurationOverrides: { onUserHitlCancelledMessage: 'NULL', flowOnHitlStopped: false },
    })
    expect(outcome.started).toBe(true)
    expect(await plugin.customerSays(chat, 'text', { text: ' !BYE ' })).toMatchObject({ handledBy: 'closed' })
    expect(texts(plugin, chat)).toEqual(['Passing you on.', ' !BYE '])
    expect(integration.delivered).toHaveLength(0)
    expect(integration.actionsOf('stopHitl')).toHaveLength(1)
  })
})

describe('assignment timeout', () => {
  it('ends an unassigned session, calls stopHitl and tells both sides; is ignored once an agent is assigned', async () => {
    const { plugin, integration } = setUp({ config: { agentAssignedTimeoutSeconds: 30 } })
    const waiting = plugin.openChat({ name: 'Ada' })
    const downstreamId = await started(plugin, waiting)
    expect(await plugin.fireAssignmentTimeout(waiting)).toEqual({ ended: true })
    expect(integration.actionsOf('stopHitl')).toEqual([{ conversationId: downstreamId }])
    expect(integration.delivered.at(-1)!.payload).toEqual({
      type: 'text',
      text: DEFAULT_TEXTS.onUserHitlCancelledMessage,
    })
    expect(texts(plugin, waiting).at(-1)).toBe(DEFAULT_TEXTS.onAgentAssignedTimeoutMessage)
    expect(plugin.session(waiting)).toMatchObject({ active: false, endReason: 'agent-assignment-timeout' })
    expect(await plugin.fireAssignmentTimeout(waiting)).toEqual({ ended: false, ignored: 'not-scheduled' })

    const served = plugin.openChat({ name: 'Grace' })
    const servedId = await started(plugin, served)
    await integration.agentSays(servedId, await integration.agent('Alice'), 'text', { text: 'Hello' })
    await plugin.idle()
    expect(await plugin.fireAssignmentTimeout(served)).toEqual({ ended: false, ignored: 'agent-assigned' })
    expect(plugin.session(served).active).toBe(true)
  })
})
