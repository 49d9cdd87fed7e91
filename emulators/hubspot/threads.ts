/**
 * Thread changes shared by the API routes (our integration's calls) and the agent helpers (what a human does in
 * HubSpot's UI), so both paths record the same history items.
 */
import type { HubSpotStore } from './store'
import type {
  AttachmentRecord,
  ChannelAccountRecord,
  ChannelRecord,
  ClientType,
  DeliveryIdentifier,
  HistoryItem,
  MessageRecord,
  ThreadRecord,
  ThreadStatus,
  Visitor,
} from './types'

const identifierKey = (identifier: DeliveryIdentifier) => `${identifier.type}:${identifier.value.toLowerCase()}`

/**
 * One visitor (contact) per delivery identifier per portal, like HubSpot's contact matching by email/phone.
 * A contact the integration pre-resolved (`preResolvedContacts`) becomes the visitor instead of a new one.
 */
export function visitorFor(
  store: HubSpotStore,
  hubId: number,
  identifier: DeliveryIdentifier,
  name?: string,
  contactId?: number,
): Visitor {
  const portal = store.portal(hubId)
  const key = identifierKey(identifier)
  let visitor = portal.visitors.find((candidate) => identifierKey(candidate.deliveryIdentifier) === key)
  if (!visitor) {
    visitor = { contactId: contactId ?? store.nextId('contact'), deliveryIdentifier: { ...identifier } }
    portal.visitors.push(visitor)
  } else if (contactId !== undefined) {
    visitor.contactId = contactId
  }
  if (name !== undefined && visitor.name === undefined) visitor.name = name
  return visitor
}

export function visitorOfThread(store: HubSpotStore, thread: ThreadRecord): Visitor | undefined {
  return store.portal(thread.hubId).visitors.find((visitor) => visitor.contactId === thread.visitorContactId)
}

export type ThreadResolution = { thread: ThreadRecord; created: boolean; reopened: boolean }

/**
 * Which thread a published message lands in (hubspot-facts.md §3). INTEGRATION_THREAD_ID (also our default when a channel
 * declares no threadingModel): same (channel account, integrationThreadId) → same thread; no id → a new thread.
 * DELIVERY_IDENTIFIER: same (channel account, visitor identifier) → same thread. UNCONFIRMED, our assumption: a
 * CLOSED matching thread is reopened, an archived one is never reused.
 */
export function resolveThread(
  store: HubSpotStore,
  input: { channel: ChannelRecord; account: ChannelAccountRecord; integrationThreadId?: string; visitor: Visitor },
): ThreadResolution {
  const model = input.channel.capabilities.threadingModel ?? 'INTEGRATION_THREAD_ID'
  const deliveryKey = `${input.account.id}|${identifierKey(input.visitor.deliveryIdentifier)}`
  const candidates = [...store.threads.values()].filter(
    (thread) => thread.channelAccountId === input.account.id && !thread.archived,
  )
  const existing =
    model === 'DELIVERY_IDENTIFIER'
      ? candidates.filter((thread) => thread.deliveryKey === deliveryKey).at(-1)
      : input.integrationThreadId !== undefined
        ? candidates.find((thread) => thread.integrationThreadId === input.integrationThreadId)
        : undefined
  if (existing) {
    const reopened = existing.status === 'CLOSED'
    if (reopened) setThreadStatus(store, existing, 'OPEN', 'SYSTEM')
    return { thread: existing, created: false, reopened }
  }
  const thread: ThreadRecord = {
    id: String(store.nextId('thread')),
    hubId: input.account.hubId,
    inboxId: input.account.inboxId,
    channelId: input.channel.id,
    channelAccountId: input.account.id,
    ...(input.integrationThreadId !== undefined ? { integrationThreadId: input.integrationThreadId } : {}),
    deliveryKey,
    visitorContactId: input.visitor.contactId,
    status: 'OPEN',
    spam: false,
    createdAt: store.isoNow(),
    archived: false,
    items: [],
  }
  store.threads.set(thread.id, thread)
  return { thread, created: true, reopened: false }
}

export function appendItem(store: HubSpotStore, thread: ThreadRecord, item: HistoryItem): void {
  thread.items.push(item)
  store.messageThreads.set(item.id, thread.id)
}

const historyId = (store: HubSpotStore) => `h${String(store.nextId('historyItem')).padStart(8, '0')}`

/** Returns false when the thread already had that status (no history item, no webhook). */
export function setThreadStatus(
  store: HubSpotStore,
  thread: ThreadRecord,
  status: ThreadStatus,
  clientType: ClientType,
  actorId?: string,
): boolean {
  if (thread.status === status) return false
  thread.status = status
  if (status === 'CLOSED') thread.closedAt = store.isoNow()
  else delete thread.closedAt
  appendItem(store, thread, {
    kind: 'THREAD_STATUS_CHANGE',
    id: historyId(store),
    threadId: thread.id,
    createdAt: store.isoNow(),
    clientType,
    newStatus: status,
    ...(actorId !== undefined ? { createdBy: actorId } : {}),
  })
  return true
}

/** `actorId` undefined unassigns. Returns false when nothing changed. */
export function assignThread(
  store: HubSpotStore,
  thread: ThreadRecord,
  actorId: string | undefined,
  clientType: ClientType,
): boolean {
  if (thread.assignedTo === actorId) return false
  const previous = thread.assignedTo
  if (actorId === undefined) delete thread.assignedTo
  else thread.assignedTo = actorId
  appendItem(store, thread, {
    kind: 'ASSIGNMENT',
    id: historyId(store),
    threadId: thread.id,
    createdAt: store.isoNow(),
    clientType,
    ...(previous !== undefined ? { assignedFrom: previous } : {}),
    ...(actorId !== undefined ? { assignedTo: actorId } : {}),
  })
  return true
}

export function archiveThread(store: HubSpotStore, thread: ThreadRecord): boolean {
  if (thread.archived) return false
  thread.archived = true
  thread.archivedAt = store.isoNow()
  return true
}

export function restoreThread(thread: ThreadRecord): void {
  thread.archived = false
  delete thread.archivedAt
}

/**
 * A purge (GDPR "permanently delete") removes the thread and its history for good, archived or not: every read of
 * the thread, its messages or one of its messages answers 404 afterwards, as for a thread that never existed.
 */
export function purgeThread(store: HubSpotStore, thread: ThreadRecord): void {
  for (const item of thread.items) store.messageThreads.delete(item.id)
  store.threads.delete(thread.id)
}

/** History sorted by creation time; `descending` is HubSpot's default for thread messages. */
export function sortedItems(thread: ThreadRecord, descending: boolean): HistoryItem[] {
  const indexed = thread.items.map((item, index) => ({ item, index }))
  indexed.sort((a, b) => Date.parse(a.item.createdAt) - Date.parse(b.item.createdAt) || a.index - b.index)
  const items = indexed.map(({ item }) => item)
  return descending ? items.reverse() : items
}

/**
 * An OUTGOING message from an agent to the thread's visitor: what HubSpot records when an agent replies in the
 * inbox, or when an app posts a MESSAGE through the Conversations API.
 */
export function createOutgoingMessage(
  store: HubSpotStore,
  thread: ThreadRecord,
  input: {
    actorId: string
    text: string
    richText?: string
    subject?: string
    attachments: AttachmentRecord[]
    clientType: ClientType
  },
): MessageRecord {
  const agent = store.agentFor(thread.hubId, input.actorId)
  const visitor = visitorOfThread(store, thread)
  const message: MessageRecord = {
    kind: 'MESSAGE',
    id: store.newMessageId(),
    threadId: thread.id,
    channelId: thread.channelId,
    channelAccountId: thread.channelAccountId,
    direction: 'OUTGOING',
    clientType: input.clientType,
    createdBy: input.actorId,
    createdAt: store.isoNow(),
    senders: [{ actorId: input.actorId, ...(agent ? { name: agent.name } : {}) }],
    recipients: visitor
      ? [
          {
            actorId: `V-${visitor.contactId}`,
            ...(visitor.name !== undefined ? { name: visitor.name } : {}),
            deliveryIdentifier: { ...visitor.deliveryIdentifier },
          },
        ]
      : [],
    text: input.text,
    ...(input.richText !== undefined ? { richText: input.richText } : {}),
    ...(input.subject !== undefined ? { subject: input.subject } : {}),
    attachments: input.attachments,
  }
  appendItem(store, thread, message)
  return message
}
