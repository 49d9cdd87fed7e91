/**
 * The agent's side: HubSpot's Conversations inbox, played with the HubSpot emulator's agent helpers. Each
 * helper changes the emulator's state and returns the webhook HubSpot would send; the sandbox sends it the
 * way HubSpot does (signed, to the integration's webhook URL), then any webhooks the integration's own
 * HubSpot calls caused, then waits for the bot (the HITL plugin model) to have handled what the integration wrote.
 */
import type { HubSpotEmulator, WebhookDelivery } from '../emulators/hubspot/hubspot-emulator'
import type { DeliveryOutcome, WebhookSender } from './webhooks'

export type AgentView = { actorId: string; name: string; email: string; avatar?: string }

export type ThreadSummary = {
  id: string
  status: string
  archived: boolean
  inboxName: string
  contact: string
  assignedTo?: string
  assigneeName?: string
  createdAt: string
  latestMessageTimestamp?: string
  preview: string
}

export type AttachmentView = { fileId: string; name: string; mimeType: string; usage?: string; url: string }

export type ThreadItemView = {
  id: string
  kind: 'message' | 'comment' | 'event'
  at: string
  direction?: 'INCOMING' | 'OUTGOING'
  sender: string
  /** Who the sender is, for styling: the customer, an agent, or the integration acting through the API. */
  senderKind: 'visitor' | 'agent' | 'integration' | 'system'
  text: string
  richText?: string
  attachments: AttachmentView[]
  /** Delivery status an integration reported for an agent's message (SENT, FAILED) or RECEIVED. */
  status?: string
  statusDetail?: string
}

export type ReplyInput = {
  threadId: string
  actorId: string
  text?: string
  richText?: string
  attachment?: { name: string; mimeType: string; bytes: Uint8Array }
}

type Item = Record<string, unknown> & {
  id: string
  type: string
  createdAt: string
  text?: string
  richText?: string
  direction?: 'INCOMING' | 'OUTGOING'
  createdBy?: string
  senders?: { actorId?: string; name?: string; deliveryIdentifier?: { type: string; value: string } }[]
  attachments?: { type: string; fileId?: string; name?: string; fileUsageType?: string }[]
  status?: { statusType?: string; failureDetails?: { errorMessage?: string } }
  client?: { clientType?: string }
  newStatus?: string
  assignedTo?: string
  assignedFrom?: string
}

/** Signed URLs last an hour; one is reused until shortly before it expires, as HubSpot's UI caches them. */
const SIGNED_URL_MARGIN_MS = 5 * 60_000
const TOKEN_LIFETIME_MS = 20 * 60_000

export const FILE_ROUTE = '/api/inbox/files'

export class InboxSide {
  private readonly signedUrls = new Map<string, { url: string; expiresAt: number }>()
  private token?: { value: string; issuedAt: number }

  public constructor(
    private readonly hubspot: HubSpotEmulator,
    private readonly hubspotUrl: string,
    private readonly webhooks: WebhookSender,
    /** Resolves once the bot handled what the integration wrote (the plugin model's `idle`). */
    private readonly botSettled: () => Promise<void>,
  ) {}

  /** HubSpot's routing rule for new threads: the agent they go to at once, or null for nobody. */
  public routeNewThreadsTo: string | null = null

  /**
   * What the routing rule does to a thread just opened: it assigns it within moments, which can be before the
   * HITL plugin has activated the session.
   */
  public async route(threadId: string): Promise<void> {
    if (this.routeNewThreadsTo) await this.assign(threadId, this.routeNewThreadsTo)
  }

  public agents(): AgentView[] {
    return this.hubspot.portal().agents.map((agent) => ({
      actorId: `A-${agent.userId}`,
      name: agent.name,
      email: agent.email,
      ...(agent.avatar ? { avatar: agent.avatar } : {}),
    }))
  }

  public threads(): ThreadSummary[] {
    const inboxes = new Map(this.hubspot.portal().inboxes.map((inbox) => [inbox.id, inbox.name]))
    return this.hubspot
      .threads()
      .map((thread) => {
        const messages = (this.hubspot.threadMessages(thread.id) as Item[]).filter((item) => item.type === 'MESSAGE')
        const last = messages.at(-1)
        return {
          id: thread.id,
          status: thread.status,
          archived: thread.archived,
          inboxName: inboxes.get(thread.inboxId) ?? thread.inboxId,
          contact: thread.visitor
            ? `${thread.visitor.name ?? 'Visitor'} · ${thread.visitor.deliveryIdentifier.value}`
            : 'Visitor',
          ...(thread.assignedTo
            ? { assignedTo: thread.assignedTo, assigneeName: this.agentName(thread.assignedTo) }
            : {}),
          createdAt: thread.createdAt,
          ...(thread.latestMessageTimestamp ? { latestMessageTimestamp: thread.latestMessageTimestamp } : {}),
          preview: (last?.text ?? '').replace(/\s+/g, ' ').slice(0, 90),
        }
      })
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
  }

  /** The thread's history as the inbox shows it: messages, internal comments, status and assignment changes. */
  public thread(threadId: string): ThreadItemView[] {
    // Read straight from the store: the `files()` snapshot copies every file's bytes, at each poll.
    const files = this.hubspot.store.files
    return (this.hubspot.threadMessages(threadId) as Item[]).map((item) => {
      const attachments = (item.attachments ?? [])
        .filter((attachment) => attachment.type === 'FILE' && attachment.fileId)
        .map((attachment) => {
          const file = files.get(attachment.fileId!)
          return {
            fileId: attachment.fileId!,
            name: attachment.name ?? file?.name ?? `file ${attachment.fileId}`,
            mimeType: file?.mimeType ?? 'application/octet-stream',
            ...(attachment.fileUsageType ? { usage: attachment.fileUsageType } : {}),
            url: `${FILE_ROUTE}/${attachment.fileId}`,
          }
        })
      const base = { id: item.id, at: item.createdAt, attachments }
      if (item.type === 'MESSAGE' || item.type === 'COMMENT') {
        const { name, kind } = this.senderOf(item)
        const failure = item.status?.failureDetails?.errorMessage
        return {
          ...base,
          kind: item.type === 'MESSAGE' ? ('message' as const) : ('comment' as const),
          ...(item.direction ? { direction: item.direction } : {}),
          sender: name,
          senderKind: kind,
          text: item.text ?? '',
          ...(item.richText ? { richText: item.richText } : {}),
          ...(item.status?.statusType ? { status: item.status.statusType } : {}),
          ...(failure ? { statusDetail: failure } : {}),
        }
      }
      return {
        ...base,
        kind: 'event' as const,
        sender: 'HubSpot',
        senderKind: 'system' as const,
        text: describe(item, this),
      }
    })
  }

  public agentName(actorId: string): string {
    return this.agents().find((agent) => agent.actorId === actorId)?.name ?? actorId
  }

  public assign(threadId: string, actorId: string | null) {
    return this.send(this.hubspot.assignThread(threadId, actorId))
  }

  public reply(input: ReplyInput) {
    const attachments = input.attachment
      ? [
          {
            fileId: this.hubspot.uploadAgentFile({
              name: input.attachment.name,
              mimeType: input.attachment.mimeType,
              bytes: input.attachment.bytes,
            }),
          },
        ]
      : undefined
    return this.send(
      this.hubspot.agentReply({
        threadId: input.threadId,
        actorId: input.actorId,
        ...(input.text ? { text: input.text } : {}),
        ...(input.richText ? { richText: input.richText } : {}),
        ...(attachments ? { attachments } : {}),
      }),
    )
  }

  public comment(threadId: string, actorId: string, text: string) {
    return this.send(this.hubspot.agentComment({ threadId, actorId, text }))
  }

  public close(threadId: string) {
    return this.send(this.hubspot.closeThread(threadId))
  }

  /** A link the agent's browser can open: the Files API signed URL, as HubSpot's UI uses for private files. */
  public async fileUrl(fileId: string): Promise<string> {
    const cached = this.signedUrls.get(fileId)
    if (cached && cached.expiresAt - SIGNED_URL_MARGIN_MS > Date.now()) return cached.url
    const response = await fetch(`${this.hubspotUrl}/files/v3/files/${encodeURIComponent(fileId)}/signed-url`, {
      headers: { authorization: `Bearer ${this.accessToken()}` },
    })
    if (!response.ok) throw new Error(`HubSpot could not sign file ${fileId}: HTTP ${response.status}`)
    const { url, expiresAt } = (await response.json()) as { url: string; expiresAt: string }
    this.signedUrls.set(fileId, { url, expiresAt: Date.parse(expiresAt) })
    return url
  }

  private accessToken(): string {
    if (!this.token || Date.now() - this.token.issuedAt > TOKEN_LIFETIME_MS)
      this.token = { value: this.hubspot.issueAccessToken(), issuedAt: Date.now() }
    return this.token.value
  }

  private async send(delivery: WebhookDelivery): Promise<DeliveryOutcome[]> {
    const outcomes = [await this.webhooks.deliver(delivery), ...(await this.webhooks.flush())]
    await this.botSettled()
    return outcomes
  }

  private senderOf(item: Item): { name: string; kind: ThreadItemView['senderKind'] } {
    const actorId = item.senders?.find((sender) => sender.actorId)?.actorId ?? item.createdBy
    if (item.client?.clientType === 'INTEGRATION' && item.type === 'COMMENT')
      return { name: 'Botpress integration', kind: 'integration' }
    if (item.direction === 'INCOMING') {
      const sender = item.senders?.[0]
      return { name: sender?.name ?? sender?.deliveryIdentifier?.value ?? 'Visitor', kind: 'visitor' }
    }
    if (actorId?.startsWith('A-')) return { name: this.agentName(actorId), kind: 'agent' }
    if (actorId?.startsWith('I-')) return { name: 'Botpress integration', kind: 'integration' }
    return { name: actorId ?? 'HubSpot', kind: 'system' }
  }
}

function describe(item: Item, inbox: InboxSide): string {
  if (item.type === 'THREAD_STATUS_CHANGE')
    return item.newStatus === 'CLOSED' ? 'Conversation closed' : `Conversation ${String(item.newStatus).toLowerCase()}`
  if (item.type === 'ASSIGNMENT')
    return item.assignedTo ? `Assigned to ${inbox.agentName(item.assignedTo)}` : 'Unassigned'
  return item.type
}
