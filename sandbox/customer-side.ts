/**
 * The customer's side of the handoff: a webchat conversation with a scripted bot, and what the Botpress cloud
 * and the HITL plugin do around the integration.
 *
 * - Escalating is the plugin's "Start HITL": `createUser`, then `startHitl` with the conversation so far.
 * - During a session, a customer message is what the plugin relays: the runtime creates it in the HITL
 *   conversation as the bot, with `payload.userId` = the customer's user, and calls the integration's channel
 *   handler (`message_created`) with it.
 * - Ending is the plugin's stopHitl: its notice "( The user has ended the session. )" (no userId), then `stopHitl`.
 * - What the integration writes into a HITL conversation (agent messages, hitlAssigned, hitlStopped) is read
 *   back from the Botpress emulator and shown to the customer, as the plugin copies it to the webchat.
 */
import type { BotpressEmulator, EventRecord, MessageRecord } from '../emulators/botpress'
import { BACK_WITH_BOT, botReply, ESCALATING, type BotMessage } from './bot-script'
import type { IntegrationClient } from './integration-client'
import type { MediaStore } from './media-store'
import type { WebhookSender } from './webhooks'
import { errorMessageOf, messageCreatedBody } from '../emulators/botpress/runtime-call'

export type ChatRole = 'customer' | 'bot' | 'agent' | 'notice'

export type ChatEntry = {
  id: string
  at: string
  role: ChatRole
  type: string
  payload: Record<string, unknown>
  /** The agent's name and picture, as the plugin shows them. */
  author?: { name: string; pictureUrl?: string }
  /** For customer messages relayed to HubSpot: whether the integration accepted them. */
  delivery?: { ok: boolean; detail: string }
}

export type CustomerInput =
  | { type: 'text'; text: string }
  | { type: 'markdown'; markdown: string }
  | { type: 'image'; url: string; title?: string }
  | { type: 'file'; url: string; title?: string }

export type EscalationForm = {
  name: string
  /** An email, or a phone number in international form: the plugin's "User email" field takes either. */
  contact?: string
  title?: string
  description?: string
  priority?: 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT'
}

type SessionStatus = 'waiting' | 'assigned' | 'ended'

export type SessionView = {
  conversationId: string
  customerUserId: string
  threadId?: string
  status: SessionStatus
  agentName?: string
}

type Session = SessionView & { relayed: Set<string> }

const SESSION_ENDED_NOTICE = '( The user has ended the session. )'
/** How much of the chat the plugin passes as history; enough for a meaningful transcript, bounded like the plugin's. */
const MAX_HISTORY = 50

export class CustomerSide {
  private readonly entries: ChatEntry[] = []
  private readonly sessions: Session[] = []
  private nextId = 1
  /** Index of the first entry not yet part of a handoff's history. */
  private historyStart = 0

  public constructor(
    private readonly botpress: BotpressEmulator,
    private readonly integration: IntegrationClient,
    private readonly webhooks: WebhookSender,
    private readonly media: MediaStore,
  ) {}

  public get session(): SessionView | undefined {
    const current = this.sessions.at(-1)
    if (!current || current.status === 'ended') return undefined
    const { relayed: _relayed, ...view } = current
    return view
  }

  public view() {
    this.sync()
    return { entries: this.entries.map((entry) => structuredClone(entry)), session: this.session }
  }

  /** A message from the customer: to the agent during a session, else to the bot. */
  public async say(input: CustomerInput): Promise<void> {
    const { type, payload } = toMessage(input)
    const entry = this.add({ role: 'customer', type, payload })
    const session = this.sessions.at(-1)
    if (session && session.status !== 'ended') {
      entry.delivery = await this.relayToAgent(session, input)
      return
    }
    const said = input.type === 'text' ? input.text : input.type === 'markdown' ? input.markdown : ''
    for (const message of botReply(said)) this.add({ role: 'bot', ...message })
  }

  public upload(input: { kind: 'image' | 'file'; name: string; mimeType: string; bytes: Uint8Array }): Promise<void> {
    const url = this.media.put(input.name, input.mimeType, input.bytes)
    return this.say({ type: input.kind, url, title: input.name })
  }

  /** The HITL plugin's "Start HITL" card. */
  public async escalate(form: EscalationForm): Promise<SessionView> {
    if (this.session) throw new Error('A session is already open: end it first')
    this.add({ role: 'bot', ...ESCALATING })
    try {
      return await this.startSession(form)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      this.add({ role: 'notice', type: 'text', payload: { text: `The handoff failed: ${reason}` } })
      throw error
    }
  }

  private async startSession(form: EscalationForm): Promise<SessionView> {
    const { userId } = await this.integration.action<{ userId: string }>('createUser', {
      name: form.name,
      ...(form.contact ? { email: form.contact } : {}),
    })
    const history = this.entries
      .slice(this.historyStart)
      .filter((entry) => entry.role === 'customer' || entry.role === 'bot')
      .slice(-MAX_HISTORY)
      .map((entry) => ({
        source: entry.role === 'customer' ? { type: 'user', userId } : { type: 'bot' },
        type: entry.type,
        payload: entry.payload,
      }))
    const { conversationId } = await this.integration.action<{ conversationId: string }>('startHitl', {
      userId,
      title: form.title || undefined,
      description: form.description || undefined,
      hitlSession: form.priority ? { priority: form.priority } : undefined,
      messageHistory: history,
    })
    await this.webhooks.flush()
    const threadId = this.botpress.getConversation(conversationId)?.tags.threadId
    const session: Session = { conversationId, customerUserId: userId, threadId, status: 'waiting', relayed: new Set() }
    this.sessions.push(session)
    this.add({ role: 'notice', type: 'text', payload: { text: 'Waiting for an agent to join…' } })
    return this.session!
  }

  /** The plugin's stopHitl when the customer ends the session. */
  public async endSession(): Promise<void> {
    const session = this.sessions.at(-1)
    if (!session || session.status === 'ended') throw new Error('There is no open session to end')
    await this.sendToIntegration(session, 'text', { text: SESSION_ENDED_NOTICE })
    await this.integration.action('stopHitl', { conversationId: session.conversationId })
    session.status = 'ended'
    await this.webhooks.flush()
    this.add({ role: 'notice', type: 'text', payload: { text: 'You ended the session.' } })
    this.backToBot()
  }

  /** The next handoff's history starts after this one: its messages already reached the agent. */
  private backToBot(): void {
    this.add({ role: 'bot', ...BACK_WITH_BOT })
    this.historyStart = this.entries.length
  }

  /**
   * Copies what the integration created in the HITL conversations since the last look: agent messages under
   * the agent's name, and the session events as notices. Cheap and idempotent, so it runs on every read.
   */
  public sync(): void {
    for (const session of this.sessions) {
      const items: ({ kind: 'message'; record: MessageRecord } | { kind: 'event'; record: EventRecord })[] = [
        ...this.botpress
          .messagesIn(session.conversationId)
          .filter((message) => this.botpress.getUser(message.userId)?.tags.kind === 'agent')
          .map((record) => ({ kind: 'message' as const, record })),
        ...this.botpress.events
          .filter((event) => event.conversationId === session.conversationId)
          .map((record) => ({ kind: 'event' as const, record })),
      ]
      items
        .filter(({ record }) => !session.relayed.has(record.id))
        .sort((a, b) => Date.parse(a.record.createdAt) - Date.parse(b.record.createdAt))
        .forEach((item) => {
          session.relayed.add(item.record.id)
          if (item.kind === 'message') this.showAgentMessage(item.record)
          else this.showEvent(session, item.record)
        })
    }
  }

  private showAgentMessage(message: MessageRecord): void {
    const agent = this.botpress.getUser(message.userId)
    this.add({
      role: 'agent',
      type: message.type,
      payload: message.payload as Record<string, unknown>,
      author: { name: agent?.name ?? 'Agent', ...(agent?.pictureUrl ? { pictureUrl: agent.pictureUrl } : {}) },
    })
  }

  private showEvent(session: Session, event: EventRecord): void {
    const payload = event.payload as { userId?: string }
    if (event.type === 'hitlAssigned') {
      const name = (payload.userId && this.botpress.getUser(payload.userId)?.name) || 'An agent'
      session.status = 'assigned'
      session.agentName = name
      this.add({ role: 'notice', type: 'text', payload: { text: `${name} joined the conversation.` } })
    } else if (event.type === 'hitlStopped') {
      session.status = 'ended'
      this.add({ role: 'notice', type: 'text', payload: { text: 'The agent closed the conversation.' } })
      this.backToBot()
    }
  }

  private async relayToAgent(session: Session, input: CustomerInput): Promise<ChatEntry['delivery']> {
    const { type, payload } = toChannelMessage(input)
    const response = await this.sendToIntegration(session, type, { ...payload, userId: session.customerUserId })
    await this.webhooks.flush()
    return response.status === 200
      ? { ok: true, detail: 'delivered to HubSpot' }
      : { ok: false, detail: `not delivered: ${errorMessageOf(response.body)}` }
  }

  /** What the runtime does with a message the plugin sends in a HITL conversation. */
  private sendToIntegration(session: Session, type: string, payload: Record<string, unknown>) {
    const { botUserId } = this.integration.ids
    const message = this.botpress.seed.message({
      conversationId: session.conversationId,
      userId: botUserId,
      type,
      payload,
      direction: 'outgoing',
    })
    return this.integration.call(
      'message_created',
      messageCreatedBody(this.botpress, botUserId, message),
      `hitl ${type}`,
    )
  }

  private add(entry: Omit<ChatEntry, 'id' | 'at'>): ChatEntry {
    const full: ChatEntry = { id: `chat_${this.nextId++}`, at: new Date().toISOString(), ...entry }
    this.entries.push(full)
    return full
  }
}

/** As the webchat records it (and as the history shows it). */
function toMessage(input: CustomerInput): BotMessage | { type: string; payload: Record<string, unknown> } {
  switch (input.type) {
    case 'text':
      return { type: 'text', payload: { text: input.text } }
    case 'markdown':
      return { type: 'markdown', payload: { markdown: input.markdown } }
    case 'image':
      return { type: 'image', payload: { imageUrl: input.url, ...(input.title ? { title: input.title } : {}) } }
    case 'file':
      return { type: 'file', payload: { fileUrl: input.url, ...(input.title ? { title: input.title } : {}) } }
  }
}

/** The hitl channel has no markdown message: markdown travels as a bloc with one markdown item. */
function toChannelMessage(input: CustomerInput): { type: string; payload: Record<string, unknown> } {
  if (input.type === 'markdown')
    return { type: 'bloc', payload: { items: [{ type: 'markdown', payload: { markdown: input.markdown } }] } }
  return toMessage(input)
}
