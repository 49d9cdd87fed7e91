/**
 * A model of the Botpress HITL plugin (botpress/botpress plugins/hitl, v1.4.x) acting as the bot on the
 * Botpress emulator's store. It reaches the integration only as the runtime does, through an IntegrationPort,
 * and handles what the integration writes (agent messages, hitlAssigned, hitlStopped) after the call that
 * wrote it returned, one at a time in creation order. See README.md for what is verified and what is assumed.
 */
import type { BotpressEmulator, CreatedRecord, EventRecord, MessageRecord } from '../botpress'
import { listPage } from '../botpress/listing'
import { Mutex } from '../mutex'
import { BotStore, type EndReason } from './bot-store'
import {
  isCloseCommand,
  noticeText,
  RELAYED_TYPES,
  sessionConfiguration,
  type NoticeName,
  type PluginConfiguration,
} from './config'
import { UserLinker, type IntegrationIdentity } from './user-linker'
import type {
  Chat,
  ChatMessageView,
  CustomerMessageOutcome,
  DroppedRecord,
  IntegrationPort,
  SessionView,
  StartHitlCard,
  StartHitlHooks,
  StartHitlOutcome,
  TimeoutOutcome,
} from './types'

export type HitlPluginModelOptions = {
  botpress: BotpressEmulator
  port: IntegrationPort
  /** `botUserId` authors the bot's messages, as the runtime shows the bot to integrations. */
  bot: { botId: string; botUserId: string }
  /** The integration the plugin is bound to: its alias in the bot (conversations carry it) and its name. */
  integration: IntegrationIdentity
  config?: PluginConfiguration
  /** The plugin's alias in the bot, which prefixes its tags and states; default `hitl`. */
  pluginAlias?: string
  /** Where customer chats live; default the webchat integration's `channel`. */
  chatChannel?: { integration: string; channel: string }
  /** The plugin's `continueWorkflow`: the bot's flow resumes in this chat after the session ended. */
  onFlowContinues?: (conversationId: string) => void
}

type HandledBy = DistributiveOmit<CustomerMessageOutcome, 'messageId'>
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
type ScheduledTimeout = { sessionStartedAt: string; downstreamConversationId: string }
type RelayablePayload = Record<string, unknown> & { type: string }
type HistoryEntry = {
  source: { type: 'bot' } | { type: 'user'; userId: string }
  type: string
  payload: unknown
}

const HANDLED_EVENTS = new Set(['hitlAssigned', 'hitlStopped'])
const LINK_MISSING = 'Something went wrong, you are not connected to a human agent...'

export class HitlPluginModel {
  /** What the runtime handed the plugin to no effect, in order: tests assert on lost assignments here. */
  public readonly dropped: DroppedRecord[] = []
  private readonly store: BotStore
  private readonly users: UserLinker
  private readonly config: PluginConfiguration
  private readonly chatChannel: { integration: string; channel: string }
  /** Created by an integration call still in progress: the runtime hands them over once it returned. */
  private readonly pending: CreatedRecord[] = []
  private readonly queue = new Mutex()
  private queued = 0
  private readonly timeouts = new Map<string, ScheduledTimeout[]>()
  private readonly unsubscribe: () => void

  public constructor(private readonly options: HitlPluginModelOptions) {
    this.store = new BotStore(options.botpress, options.pluginAlias ?? 'hitl', options.bot)
    this.users = new UserLinker(this.store, options.port, options.integration, options.bot.botId)
    this.config = sessionConfiguration(options.config ?? {}, undefined)
    this.chatChannel = options.chatChannel ?? { integration: 'webchat', channel: 'channel' }
    this.unsubscribe = options.botpress.onCreated((created) => {
      if (this.isForThePlugin(created)) this.pending.push(created)
    })
  }

  /** Stops listening to the emulator. */
  public detach(): void {
    this.unsubscribe()
  }

  // ── Chats ────────────────────────────────────────────────────────────────────────────────────────────

  /** A new chat, for a new customer or (given `userId`) one who already chats elsewhere. */
  public openChat(customer: { name?: string; pictureUrl?: string; userId?: string } = {}): Chat {
    const { botpress } = this.options
    const userId =
      customer.userId ??
      botpress.seed.user({
        name: customer.name,
        pictureUrl: customer.pictureUrl,
        integration: this.chatChannel.integration,
      }).id
    const conversation = botpress.seed.conversation({
      channel: this.chatChannel.channel,
      integration: this.chatChannel.integration,
    })
    botpress.store.addParticipant(conversation.id, userId)
    return { conversationId: conversation.id, userId }
  }

  /**
   * The customer as another HITL integration installed under the same alias linked them: a downstream user
   * this integration never created (none of its tags; `tags` are the other integration's), which the plugin will reuse
   * instead of calling createUser.
   */
  public linkedByAnotherIntegration(
    chat: Chat,
    other: { name?: string; integrationName: string; tags?: Record<string, string> },
  ): string {
    const downstream = this.options.botpress.seed.user({
      name: other.name,
      integration: other.integrationName,
      tags: other.tags,
    })
    const link = { integrationName: other.integrationName, integrationAlias: this.options.integration.alias }
    this.store.updateUserTags(chat.userId, { downstream: downstream.id, ...link })
    this.store.updateUserTags(downstream.id, { upstream: chat.userId, ...link })
    return downstream.id
  }

  /** The bot's flow writes in the chat (not something the plugin does; the chat's history is made of these). */
  public botSays(chat: Chat, type: string, payload: Record<string, unknown>): MessageRecord {
    return this.options.botpress.seed.message({
      conversationId: chat.conversationId,
      userId: this.options.bot.botUserId,
      type,
      payload,
      direction: 'outgoing',
    })
  }

  /** The customer writes in the chat; the plugin's before-incoming-message hook decides who handles it. */
  public customerSays(chat: Chat, type: string, payload: Record<string, unknown>): Promise<CustomerMessageOutcome> {
    const message = this.options.botpress.seed.message({
      conversationId: chat.conversationId,
      userId: chat.userId,
      type,
      payload,
      direction: 'incoming',
    })
    return this.serially(async () => ({ messageId: message.id, ...(await this.handleCustomerMessage(message)) }))
  }

  // ── The plugin's actions (the Start HITL and Stop HITL cards) ────────────────────────────────────────

  public async startHitl(chat: Chat, card: StartHitlCard, hooks: StartHitlHooks = {}): Promise<StartHitlOutcome> {
    const { store } = this
    const upstream = store.conversation(chat.conversationId)
    const upstreamTags = store.tagsOf(upstream)
    if (upstreamTags.upstream || upstream.integration === this.options.integration.alias)
      return { started: false, skipped: 'downstream-conversation' }
    if (store.isActive(upstream.id)) return { started: false, skipped: 'already-active' }
    const startMessageId = this.lastIncomingMessageId(upstream.id)
    if (upstreamTags.startMessageId && upstreamTags.startMessageId === startMessageId)
      return { started: false, skipped: 'same-start-message' }

    const config = sessionConfiguration(this.config, card.configurationOverrides)
    store.setState(upstream.id, 'effectiveSessionConfig', config)
    this.notify(upstream.id, config, 'onHitlHandoffMessage')
    const downstreamUserId = await this.withPort(() => this.users.downstreamUserOf(chat.userId, card.userEmail))
    const messageHistory = await this.history(upstream.id)
    const { conversationId: downstreamId } = (await this.withPort(() =>
      this.options.port.action('startHitl', {
        title: card.title,
        description: card.description,
        hitlSession: card.hitlSession,
        userId: downstreamUserId,
        messageHistory,
      }),
    )) as { conversationId: string }
    // The runtime dispatches what startHitl emitted while the plugin is still activating: it finds no session.
    await this.idle()
    store.conversation(downstreamId)
    await hooks.beforeActivation?.(downstreamId)
    await this.idle()

    store.setState(upstream.id, 'initiatingUser', { upstreamUserId: chat.userId })
    store.updateConversationTags(upstream.id, { downstream: downstreamId })
    store.updateConversationTags(downstreamId, { upstream: upstream.id })
    await hooks.afterLink?.(downstreamId)
    if (startMessageId) store.updateConversationTags(upstream.id, { startMessageId })
    store.setActive(upstream.id)
    store.setActive(downstreamId)
    if (config.agentAssignedTimeoutSeconds) {
      const scheduled = this.timeouts.get(upstream.id) ?? []
      scheduled.push({ sessionStartedAt: new Date().toISOString(), downstreamConversationId: downstreamId })
      this.timeouts.set(upstream.id, scheduled)
    }
    return { started: true, downstreamConversationId: downstreamId }
  }

  /** The Stop HITL card: the agent is told, the session ends, the integration's stopHitl; the customer hears nothing. */
  public async stopHitl(chat: Chat): Promise<void> {
    const { store } = this
    if (!store.isActive(chat.conversationId)) return
    const downstreamId = store.tagsOf(store.conversation(chat.conversationId)).downstream
    if (!downstreamId) return
    store.conversation(downstreamId)
    const config = this.sessionConfigOf(chat.conversationId)
    await this.endSession(chat.conversationId, downstreamId, config, 'close-action-called')
  }

  /** The scheduled humanAgentAssignedTimeout event arrives (the earliest one this chat has pending). */
  public fireAssignmentTimeout(chat: Chat): Promise<TimeoutOutcome> {
    const timeout = this.timeouts.get(chat.conversationId)?.shift()
    if (!timeout) return Promise.resolve({ ended: false, ignored: 'not-scheduled' })
    return this.serially(() => this.handleTimeout(chat.conversationId, timeout))
  }

  // ── What tests and the sandbox read ──────────────────────────────────────────────────────────────────

  public chatMessages(chat: Chat): ChatMessageView[] {
    const { botpress } = this.options
    return botpress.messagesIn(chat.conversationId).map((message) => {
      const copiedFrom = this.store.tagsOf(message).downstream
      const agentMessage = copiedFrom === undefined ? undefined : botpress.store.messages.get(copiedFrom)
      const agent = agentMessage && botpress.getUser(agentMessage.userId)
      return {
        id: message.id,
        from: message.direction === 'incoming' ? 'customer' : 'bot',
        type: message.type,
        payload: structuredClone(message.payload) as Record<string, unknown>,
        tags: { ...message.tags },
        ...(agentMessage && { agent: { userId: agentMessage.userId, ...(agent?.name && { name: agent.name }) } }),
      }
    })
  }

  public session(chat: Chat): SessionView {
    const tags = this.store.tagsOf(this.store.conversation(chat.conversationId))
    return {
      active: this.store.isActive(chat.conversationId),
      ...(tags.downstream && { downstreamConversationId: tags.downstream }),
      ...(tags.humanAgentId && { humanAgent: { id: tags.humanAgentId, name: tags.humanAgentName ?? '' } }),
      ...(tags.hitlEndReason && { endReason: tags.hitlEndReason }),
    }
  }

  /**
   * An integration call the model did not make (a webhook) returned: what it wrote is handed to the plugin now.
   * The test harness and the sandbox call this after every call.
   */
  public integrationCallReturned(): void {
    for (const created of this.pending.splice(0)) void this.serially(() => this.handleCreated(created))
  }

  /** Resolves once everything handed to the plugin so far, and whatever that caused, has been handled. */
  public async idle(): Promise<void> {
    this.integrationCallReturned()
    while (this.queued > 0) await this.queue.run(async () => {})
  }

  // ── The hooks ────────────────────────────────────────────────────────────────────────────────────────

  private async handleCustomerMessage(message: MessageRecord): Promise<HandledBy> {
    const { store } = this
    const upstreamId = message.conversationId
    if (!store.isActive(upstreamId)) return { handledBy: 'bot' }
    const config = this.sessionConfigOf(upstreamId)
    if (!isRelayed(message.type)) {
      const text = `Sorry, I can only handle one of the following message types: ${RELAYED_TYPES.join(', ')}`
      store.botMessage(upstreamId, { type: 'text', text })
      return { handledBy: 'refused' }
    }
    const downstreamId = store.tagsOf(store.conversation(upstreamId)).downstream
    const customerDownstreamId = store.tagsOf(store.user(message.userId)).downstream
    if (!downstreamId || !customerDownstreamId) {
      store.setInactive(upstreamId, 'internal-error')
      store.botMessage(upstreamId, { type: 'text', text: LINK_MISSING })
      return { handledBy: 'aborted' }
    }
    store.conversation(downstreamId)
    if (isCloseCommand(config, message.payload.text)) {
      await this.endSession(upstreamId, downstreamId, config, 'patient-used-termination-command')
      this.notify(upstreamId, config, 'onUserHitlCloseMessage')
      this.continueFlow(upstreamId, config)
      return { handledBy: 'closed' }
    }
    const relayed = store.botMessage(
      downstreamId,
      { type: message.type, ...message.payload, userId: customerDownstreamId },
      { upstream: message.id },
    )
    const status = await this.withPort(() => this.options.port.messageCreated(relayed))
    return { handledBy: 'agent', relayedMessageId: relayed.id, status }
  }

  /** A hook that fails (e.g. an event naming a conversation that does not exist) is recorded, as the runtime logs it. */
  private async handleCreated(created: CreatedRecord): Promise<void> {
    try {
      const reason =
        created.kind === 'message'
          ? await this.handleAgentMessage(created.record)
          : created.record.type === 'hitlAssigned'
            ? this.handleAssigned(created.record)
            : this.handleStopped(created.record)
      if (reason) this.drop(created, reason)
    } catch (error) {
      this.drop(created, `failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  /** An agent's message in the HITL conversation; returns why it had no effect, if it had none. */
  private async handleAgentMessage(message: MessageRecord): Promise<string | undefined> {
    const { store } = this
    const downstream = store.conversation(message.conversationId)
    if (!store.isActive(downstream.id)) return 'the session is not active'
    const sender = store.user(message.userId)
    const downstreamTags = store.tagsOf(downstream)
    const upstreamId = downstreamTags.upstream
    if (!upstreamId) return 'the HITL conversation is not linked to a chat'
    const config = this.sessionConfigOf(upstreamId)
    if (!isRelayed(message.type)) {
      await this.notifyDownstream(downstream.id, config, 'onIncompatibleMsgTypeMessage')
      return undefined
    }
    store.conversation(upstreamId)
    // The first sender becomes the agent when no hitlAssigned came first.
    if (!downstreamTags.humanAgentId) this.assignAgent(downstream.id, sender.id)
    const { userId: _customer, ...payload } = { type: message.type, ...message.payload } as RelayablePayload
    const additionalData = typeof payload.additionalData === 'string' ? payload.additionalData : undefined
    store.botMessage(upstreamId, payload, { downstream: message.id, additionalData })
    return undefined
  }

  private handleAssigned(event: EventRecord): string | undefined {
    const { conversationId, userId } = event.payload as { conversationId: string; userId: string }
    const downstream = this.store.conversation(conversationId)
    if (!this.store.isActive(downstream.id)) return 'the session is not active'
    // Each one assigns again and tells the customer again: the plugin does not compare with the current agent.
    return this.assignAgent(downstream.id, userId) ? undefined : 'the HITL conversation is not linked to a chat'
  }

  private handleStopped(event: EventRecord): string | undefined {
    const { store } = this
    const downstream = store.conversation((event.payload as { conversationId: string }).conversationId)
    if (!store.isActive(downstream.id)) return 'the session is not active'
    const upstreamId = store.tagsOf(downstream).upstream
    if (!upstreamId) return 'the HITL conversation is not linked to a chat'
    store.conversation(upstreamId)
    const config = this.sessionConfigOf(upstreamId)
    this.notify(upstreamId, config, 'onHitlStoppedMessage')
    store.setInactive(downstream.id, 'agent-closed-ticket')
    store.setInactive(upstreamId, 'agent-closed-ticket')
    this.continueFlow(upstreamId, config)
    return undefined
  }

  private async handleTimeout(upstreamId: string, timeout: ScheduledTimeout): Promise<TimeoutOutcome> {
    const { store } = this
    if (store.tagsOf(store.conversation(upstreamId)).humanAgentId) return { ended: false, ignored: 'agent-assigned' }
    const downstreamId = timeout.downstreamConversationId
    store.conversation(downstreamId)
    if (!store.isActive(upstreamId) || !store.isActive(downstreamId)) return { ended: false, ignored: 'inactive' }
    const config = this.sessionConfigOf(upstreamId)
    // The runtime delivers the event once its delay passed, so only a session configuration without one stops it.
    if (!config.agentAssignedTimeoutSeconds) return { ended: false, ignored: 'disabled' }
    await this.endSession(upstreamId, downstreamId, config, 'agent-assignment-timeout')
    this.notify(upstreamId, config, 'onAgentAssignedTimeoutMessage')
    this.continueFlow(upstreamId, config)
    return { ended: true }
  }

  // ── Shared steps ─────────────────────────────────────────────────────────────────────────────────────

  /** Close command, Stop HITL card and timeout alike: the agent is told, both sides end, the integration stops. */
  private async endSession(
    upstreamId: string,
    downstreamId: string,
    config: PluginConfiguration,
    reason: EndReason,
  ): Promise<void> {
    await this.notifyDownstream(downstreamId, config, 'onUserHitlCancelledMessage')
    this.store.setInactive(upstreamId, reason)
    this.store.setInactive(downstreamId, reason)
    await this.withPort(() => this.options.port.action('stopHitl', { conversationId: downstreamId }))
  }

  /** Records the agent on both conversations and tells the customer; false when the link to the chat is missing. */
  private assignAgent(downstreamId: string, agentUserId: string): boolean {
    const { store } = this
    const upstreamId = store.tagsOf(store.conversation(downstreamId)).upstream
    if (!upstreamId) return false
    store.conversation(upstreamId)
    const agent = store.user(agentUserId)
    const humanAgent = { humanAgentId: agentUserId, humanAgentName: agent.name || 'A Human Agent' }
    store.updateConversationTags(downstreamId, humanAgent)
    store.updateConversationTags(upstreamId, humanAgent)
    this.notify(upstreamId, this.sessionConfigOf(upstreamId), 'onHumanAgentAssignedMessage')
    return true
  }

  /** A notice to the customer (the bot writes in the chat), unless configured to "NULL". */
  private notify(upstreamId: string, config: PluginConfiguration, name: NoticeName): void {
    const text = noticeText(config, name)
    if (text !== undefined) this.store.botMessage(upstreamId, { type: 'text', text })
  }

  /** A notice to the agent: written in the HITL conversation without `userId`, so the runtime delivers it. */
  private async notifyDownstream(downstreamId: string, config: PluginConfiguration, name: NoticeName): Promise<void> {
    const text = noticeText(config, name)
    if (text === undefined) return
    const notice = this.store.botMessage(downstreamId, { type: 'text', text })
    await this.withPort(() => this.options.port.messageCreated(notice))
  }

  private continueFlow(upstreamId: string, config: PluginConfiguration): void {
    if (config.flowOnHitlStopped) this.options.onFlowContinues?.(upstreamId)
  }

  private sessionConfigOf(upstreamId: string): PluginConfiguration {
    return this.store.state<PluginConfiguration>(upstreamId, 'effectiveSessionConfig') ?? this.config
  }

  /** The chat's first page of messages (the newest), oldest first, each sender as its downstream user. */
  private async history(upstreamId: string): Promise<HistoryEntry[]> {
    const { botpress } = this.options
    const page = listPage(botpress.messagesIn(upstreamId), new URLSearchParams(), { pageSize: botpress.pageSize })
    const oldestFirst = page.items.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
    const entries: HistoryEntry[] = []
    for (const message of oldestFirst) {
      const source =
        message.direction === 'outgoing'
          ? ({ type: 'bot' } as const)
          : { type: 'user' as const, userId: await this.withPort(() => this.users.downstreamUserOf(message.userId)) }
      entries.push({ source, type: message.type, payload: structuredClone(message.payload) })
    }
    return entries
  }

  private lastIncomingMessageId(conversationId: string): string | undefined {
    return this.options.botpress
      .messagesIn(conversationId)
      .filter((message) => message.direction === 'incoming')
      .at(-1)?.id
  }

  /** The records the runtime hands the plugin: what an API call created in the integration's conversations. */
  private isForThePlugin(created: CreatedRecord): boolean {
    if (created.kind === 'event') return HANDLED_EVENTS.has(created.record.type)
    const conversation = this.options.botpress.getConversation(created.record.conversationId)
    return created.record.direction === 'incoming' && conversation?.integration === this.options.integration.alias
  }

  /** Runs a call into the integration; once it returned, what it wrote is handed to the plugin. */
  private async withPort<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call()
    } finally {
      this.integrationCallReturned()
    }
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    this.queued++
    return this.queue.run(task).finally(() => this.queued--)
  }

  private drop(created: CreatedRecord, reason: string): void {
    const { record } = created
    this.dropped.push({
      kind: created.kind,
      id: record.id,
      type: record.type,
      ...(record.conversationId && { conversationId: record.conversationId }),
      reason,
    })
  }
}

function isRelayed(type: string): boolean {
  return (RELAYED_TYPES as readonly string[]).includes(type)
}
