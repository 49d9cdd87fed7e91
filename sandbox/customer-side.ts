/**
 * One customer's side of the handoff: their chat with a scripted bot on the Botpress emulator, with the HITL
 * plugin model (emulators/hitl-plugin) in the bot. Escalating is the plugin's Start HITL card; while a session
 * is open the plugin relays what the customer writes to the integration, and copies the agent's replies and its
 * own notices into the chat. Several customers share the one plugin, as chats share a bot.
 */
import type { BotpressEmulator } from '../emulators/botpress'
import { DEFAULT_CLOSE_COMMAND, type Chat, type HitlPluginModel, type StartHitlHooks } from '../emulators/hitl-plugin'
import { BACK_WITH_BOT, botReply, type BotMessage } from './bot-script'
import type { MediaStore } from './media-store'
import type { WebhookSender } from './webhooks'

export type ChatRole = 'customer' | 'bot' | 'agent' | 'notice'

export type ChatEntry = {
  id: string
  at: string
  role: ChatRole
  type: string
  payload: Record<string, unknown>
  /** The agent's name and picture, as the webchat shows the plugin's copies of their replies. */
  author?: { name: string; pictureUrl?: string }
  /** For customer messages the plugin relayed: whether the integration accepted them. */
  delivery?: { ok: boolean; detail: string }
}

export type CustomerInput =
  | { type: 'text'; text: string }
  | { type: 'markdown'; markdown: string }
  | { type: 'image'; url: string; title?: string }
  | { type: 'file'; url: string; title?: string }

/** The Start HITL card's fields the page offers. */
export type EscalationForm = {
  title: string
  /** The card's "User Email": an email, or a phone number in international form (the integration takes either). */
  contact?: string
  description?: string
  priority?: 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT'
  /** The card's Extra configuration "Customer email": names a customer the plugin linked without one. */
  customerEmail?: string
  /** The card's Extra configuration "Assist mode": on or off for this session; left out, the configuration decides. */
  assistMode?: boolean
  /** The card's Extra configuration "Agent": the HubSpot user to route the thread to (email or user id). */
  assignTo?: string
  /** The card's Extra configuration "Identity verified": the flow vouches for the email or phone. */
  identityVerified?: boolean
}

/** The open session, as the plugin records it. */
export type SessionView = {
  conversationId: string
  threadId?: string
  status: 'waiting' | 'assigned'
  agentName?: string
}

export type CustomerView = CustomerProfile & {
  entries: ChatEntry[]
  session?: SessionView
  /**
   * How HubSpot knows the customer once the plugin linked them to the integration's user (`email:…`, `phone:…`,
   * `visitor:…`): the plugin links a customer once, so a later card's email or phone does not change it.
   */
  linkedAs?: string
}

export type CustomerProfile = {
  id: string
  name: string
  /** What the page pre-fills as the card's email for this customer. */
  defaultContact: string
  /** The rest of the card the page pre-fills, the first time. */
  card?: { title?: string; priority?: EscalationForm['priority']; description?: string }
}

type Deps = {
  plugin: HitlPluginModel
  botpress: BotpressEmulator
  webhooks: WebhookSender
  media: MediaStore
  /** What happens between startHitl and the session's activation (HubSpot's routing, in the sandbox). */
  startHooks?: StartHitlHooks
  /** Resolves once the bot's assist-mode hook has posted what the last messages made it suggest. */
  botIdle?: () => Promise<void>
}

export class CustomerSide {
  public readonly chat: Chat
  /** Delivery of each relayed customer message, by its id in the chat. */
  private readonly deliveries = new Map<string, ChatEntry['delivery']>()
  /** The sandbox's own lines in the chat (a failed handoff), which no bot would write. */
  private readonly notices: ChatEntry[] = []

  public constructor(
    public readonly profile: CustomerProfile,
    private readonly deps: Deps,
  ) {
    this.chat = deps.plugin.openChat({ name: profile.name })
  }

  public get session(): SessionView | undefined {
    const session = this.deps.plugin.session(this.chat)
    if (!session.active || !session.downstreamConversationId) return undefined
    const threadId = this.deps.botpress.getConversation(session.downstreamConversationId)?.tags.threadId
    return {
      conversationId: session.downstreamConversationId,
      ...(threadId && { threadId }),
      status: session.humanAgent ? 'assigned' : 'waiting',
      ...(session.humanAgent && { agentName: session.humanAgent.name }),
    }
  }

  public view(): CustomerView {
    const { botpress, plugin } = this.deps
    const messages: ChatEntry[] = plugin.chatMessages(this.chat).map((message) => {
      const at = botpress.store.messages.get(message.id)?.createdAt ?? ''
      const base = { id: message.id, at, type: message.type, payload: message.payload }
      if (message.from === 'customer') {
        const delivery = this.deliveries.get(message.id)
        return { ...base, role: 'customer', ...(delivery && { delivery }) }
      }
      if (!message.agent) return { ...base, role: 'bot' }
      const pictureUrl = botpress.getUser(message.agent.userId)?.pictureUrl
      return {
        ...base,
        role: 'agent',
        author: { name: message.agent.name ?? 'Agent', ...(pictureUrl && { pictureUrl }) },
      }
    })
    const entries = [...messages, ...this.notices].sort((a, b) => a.at.localeCompare(b.at))
    const linkedAs = this.linkedIdentity()
    return { ...this.profile, entries: structuredClone(entries), session: this.session, ...(linkedAs && { linkedAs }) }
  }

  /**
   * How the integration's user the plugin linked this customer to (the plugin tags `<alias>#downstream`) is known:
   * its email or phone tag (a card's Customer email can add one later), else its identity tag.
   */
  private linkedIdentity(): string | undefined {
    const { botpress } = this.deps
    const tagOf = (tags: Record<string, string> | undefined, name: string) =>
      Object.entries(tags ?? {}).find(
        ([key]) => key === name || key.endsWith(`:${name}`) || key.endsWith(`#${name}`),
      )?.[1]
    const downstream = tagOf(botpress.getUser(this.chat.userId)?.tags, 'downstream')
    const linked = downstream ? botpress.getUser(downstream)?.tags : undefined
    const email = tagOf(linked, 'email')
    const phone = tagOf(linked, 'phone')
    return email ? `email:${email}` : phone ? `phone:${phone}` : tagOf(linked, 'identity')
  }

  /** A message from the customer: the plugin relays it during a session, else the bot answers. */
  public async say(input: CustomerInput): Promise<void> {
    const { type, payload } = toMessage(input)
    const outcome = await this.deps.plugin.customerSays(this.chat, type, payload)
    if (outcome.handledBy === 'bot') {
      const said = input.type === 'text' ? input.text : input.type === 'markdown' ? input.markdown : ''
      for (const reply of botReply(said)) this.botSays(reply)
    }
    if (outcome.handledBy === 'agent')
      this.deliveries.set(
        outcome.messageId,
        outcome.status === 200
          ? { ok: true, detail: 'delivered to HubSpot' }
          : { ok: false, detail: `not delivered: the integration answered HTTP ${outcome.status}` },
      )
    await this.settle()
  }

  public upload(input: { kind: 'image' | 'file'; name: string; mimeType: string; bytes: Uint8Array }): Promise<void> {
    const url = this.deps.media.put(input.name, input.mimeType, input.bytes)
    return this.say({ type: input.kind, url, title: input.name })
  }

  /** The plugin's Start HITL card. */
  public async escalate(form: EscalationForm): Promise<SessionView> {
    if (this.session) throw new Error('A session is already open: end it first')
    try {
      const outcome = await this.deps.plugin.startHitl(
        this.chat,
        {
          title: form.title,
          description: form.description || undefined,
          userEmail: form.contact || undefined,
          hitlSession:
            form.priority ||
            form.customerEmail ||
            form.assistMode !== undefined ||
            form.assignTo ||
            form.identityVerified
              ? {
                  ...(form.priority && { priority: form.priority }),
                  ...(form.customerEmail && { email: form.customerEmail }),
                  ...(form.assistMode !== undefined && { assistMode: form.assistMode }),
                  ...(form.assignTo && { assignTo: form.assignTo }),
                  ...(form.identityVerified && { identityVerified: true }),
                }
              : undefined,
        },
        this.deps.startHooks,
      )
      if (!outcome.started) throw new Error(`the plugin did not start a session (${outcome.skipped})`)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      this.notice(`The handoff failed: ${reason}`)
      throw error
    }
    await this.settle()
    const session = this.session
    if (!session) throw new Error('The session ended as soon as it started')
    return session
  }

  /** The customer ends the session the way the plugin offers: its close command. */
  public async endSession(): Promise<void> {
    if (!this.session) throw new Error('There is no open session to end')
    return this.say({ type: 'text', text: DEFAULT_CLOSE_COMMAND })
  }

  /** The plugin's continueWorkflow: the bot's flow picks the chat up again. */
  public backToBot(): void {
    this.botSays(BACK_WITH_BOT)
  }

  private botSays(message: BotMessage): void {
    this.deps.plugin.botSays(this.chat, message.type, message.payload)
  }

  /** Webhooks the integration's own HubSpot calls caused, then what the plugin was handed meanwhile. */
  private async settle(): Promise<void> {
    await this.deps.webhooks.flush()
    await this.deps.plugin.idle()
    await this.deps.botIdle?.()
  }

  private notice(text: string): void {
    this.notices.push({
      id: `notice_${this.notices.length + 1}`,
      at: new Date().toISOString(),
      role: 'notice',
      type: 'text',
      payload: { text },
    })
  }
}

/** As the webchat sends it. */
function toMessage(input: CustomerInput): { type: string; payload: Record<string, unknown> } {
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
