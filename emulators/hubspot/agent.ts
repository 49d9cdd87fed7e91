/**
 * What a human does in HubSpot's UI. Each helper changes state and returns the webhook HubSpot would send,
 * without sending it. Things the UI would not let an agent do (reply on a channel without outgoing messages,
 * attach a disallowed file) throw a plain Error: that is a broken test setup, not an API error.
 */
import { mimeTypeAllowed } from './capabilities'
import { textToRichText } from './render'
import { defaultUsageType } from './routes/attachments'
import { storeFile } from './routes/files'
import type { HubSpotStore } from './store'
import {
  appendItem,
  archiveThread,
  assignThread,
  createOutgoingMessage,
  purgeThread,
  restoreThread,
  setThreadStatus,
} from './threads'
import type { FileAttachmentRecord, ThreadRecord, WebhookDelivery } from './types'
import { appEvent, outgoingMessageEvent, queueAppEvent } from './webhook-events'
import { updateObject } from './crm/objects'

export type AgentReplyInput = {
  threadId: string
  actorId: string
  text?: string
  richText?: string
  attachments?: { fileId: string; fileUsageType?: string }[]
}

const UI = 'CONVERSATIONS'

function liveThread(store: HubSpotStore, threadId: string): ThreadRecord {
  const thread = store.threadForHelper(threadId)
  if (thread.archived) throw new Error(`HubSpot emulator: thread ${threadId} is archived`)
  return thread
}

function requireAgent(store: HubSpotStore, thread: ThreadRecord, actorId: string): void {
  if (!store.agentFor(thread.hubId, actorId))
    throw new Error(`HubSpot emulator: ${actorId} is not an agent (A-<userId>) of portal ${thread.hubId}`)
}

function checkAgentAttachments(
  store: HubSpotStore,
  thread: ThreadRecord,
  input: AgentReplyInput,
): FileAttachmentRecord[] {
  const attachments = input.attachments ?? []
  if (attachments.length === 0) return []
  const capabilities = store.channels.get(thread.channelId)?.capabilities ?? {}
  const types = capabilities.outgoingAttachmentTypes
  if (!Array.isArray(types) || !types.includes('FILE'))
    throw new Error('HubSpot emulator: the channel does not declare outgoingAttachmentTypes ["FILE"]')
  const maxCount = capabilities.maxFileAttachmentCount
  if (typeof maxCount === 'number' && attachments.length > maxCount)
    throw new Error(`HubSpot emulator: the channel allows at most ${maxCount} attachment(s)`)
  let total = 0
  const records = attachments.map((attachment) => {
    const file = store.files.get(String(attachment.fileId))
    if (!file || file.hubId !== thread.hubId)
      throw new Error(`HubSpot emulator: no file ${attachment.fileId} in portal`)
    if (!mimeTypeAllowed(capabilities.allowedFileAttachmentMimeTypes, file.mimeType))
      throw new Error(`HubSpot emulator: the channel does not allow ${file.mimeType} attachments`)
    const maxSize = capabilities.maxFileAttachmentSizeBytes
    if (typeof maxSize === 'number' && file.size > maxSize)
      throw new Error(`HubSpot emulator: ${file.size} bytes exceeds maxFileAttachmentSizeBytes ${maxSize}`)
    total += file.size
    return {
      type: 'FILE' as const,
      fileId: file.id,
      fileUsageType: attachment.fileUsageType ?? defaultUsageType(file.mimeType),
    }
  })
  const maxTotal = capabilities.maxTotalFileAttachmentSizeBytes
  if (typeof maxTotal === 'number' && total > maxTotal)
    throw new Error(`HubSpot emulator: ${total} bytes exceeds maxTotalFileAttachmentSizeBytes ${maxTotal}`)
  return records
}

export function agentReply(store: HubSpotStore, input: AgentReplyInput): WebhookDelivery {
  const thread = liveThread(store, input.threadId)
  requireAgent(store, thread, input.actorId)
  if (store.channels.get(thread.channelId)?.capabilities.allowOutgoingMessages !== true)
    throw new Error('HubSpot emulator: the channel does not set allowOutgoingMessages, so agents cannot reply')
  const attachments = checkAgentAttachments(store, thread, input)
  if ((input.text ?? '') === '' && input.richText === undefined && attachments.length === 0)
    throw new Error('HubSpot emulator: an agent reply needs text, richText or attachments')
  // Our assumption: replying to a CLOSED thread reopens it, as HubSpot's inbox does when the agent sends.
  if (setThreadStatus(store, thread, 'OPEN', 'HUBSPOT', input.actorId))
    queueAppEvent(store, thread, {
      changeSource: UI,
      subscriptionType: 'conversation.propertyChange',
      propertyName: 'status',
      propertyValue: 'OPEN',
    })
  const text = input.text ?? ''
  const richText = input.richText ?? (text !== '' ? textToRichText(text) : undefined)
  const message = createOutgoingMessage(store, thread, {
    actorId: input.actorId,
    text,
    ...(richText !== undefined ? { richText } : {}),
    attachments,
    clientType: 'HUBSPOT',
  })
  // A UI change causes secondary app webhooks too (the reopening above, newMessage), queued when subscribed.
  queueAppEvent(store, thread, {
    changeSource: UI,
    subscriptionType: 'conversation.newMessage',
    messageId: message.id,
    messageType: 'MESSAGE',
    changeFlag: 'NEW_MESSAGE',
  })
  return outgoingMessageEvent(store, thread, message)
}

export function uploadAgentFile(
  store: HubSpotStore,
  input: { hubId?: number; name: string; mimeType: string; bytes: Uint8Array },
): string {
  const hubId = input.hubId ?? store.defaultHubId
  store.portal(hubId)
  // Inbox attachments are private: downloading them needs the Files API signed URL.
  return storeFile(store, {
    hubId,
    fileName: input.name,
    mimeType: input.mimeType,
    bytes: input.bytes,
    access: 'PRIVATE',
  }).id
}

export function agentComment(
  store: HubSpotStore,
  input: { threadId: string; actorId: string; text: string },
): WebhookDelivery {
  const thread = liveThread(store, input.threadId)
  requireAgent(store, thread, input.actorId)
  const id = store.newMessageId()
  appendItem(store, thread, {
    kind: 'COMMENT',
    id,
    threadId: thread.id,
    clientType: 'HUBSPOT',
    createdBy: input.actorId,
    createdAt: store.isoNow(),
    text: input.text,
    richText: textToRichText(input.text),
    attachments: [],
  })
  return appEvent(store, thread, {
    subscriptionType: 'conversation.newMessage',
    messageId: id,
    messageType: 'COMMENT',
    changeFlag: 'NEW_MESSAGE',
    changeSource: UI,
  })
}

/** `actorId: null` unassigns; the event's propertyValue is then '' (UNCONFIRMED, our choice). */
export function agentAssign(store: HubSpotStore, threadId: string, actorId: string | null): WebhookDelivery {
  const thread = liveThread(store, threadId)
  if (actorId !== null) requireAgent(store, thread, actorId)
  assignThread(store, thread, actorId ?? undefined, 'HUBSPOT')
  return appEvent(store, thread, {
    subscriptionType: 'conversation.propertyChange',
    propertyName: 'assignedTo',
    propertyValue: actorId ?? '',
    changeSource: UI,
  })
}

export function agentClose(store: HubSpotStore, threadId: string): WebhookDelivery {
  const thread = liveThread(store, threadId)
  setThreadStatus(store, thread, 'CLOSED', 'HUBSPOT')
  return appEvent(store, thread, {
    subscriptionType: 'conversation.propertyChange',
    propertyName: 'status',
    propertyValue: 'CLOSED',
    changeSource: UI,
  })
}

/** Archiving (deleting) a thread in the UI sends `conversation.deletion` (our choice over propertyChange isArchived). */
export function agentArchive(store: HubSpotStore, threadId: string): WebhookDelivery {
  const thread = liveThread(store, threadId)
  archiveThread(store, thread)
  return appEvent(store, thread, { subscriptionType: 'conversation.deletion', changeSource: UI })
}

/** Restoring an archived thread in the UI sends a propertyChange of `isArchived` to `false` (hubspot-facts.md §5). */
export function agentRestore(store: HubSpotStore, threadId: string): WebhookDelivery {
  const thread = store.threadForHelper(threadId)
  if (!thread.archived) throw new Error(`HubSpot emulator: thread ${threadId} is not archived`)
  restoreThread(thread)
  return appEvent(store, thread, {
    subscriptionType: 'conversation.propertyChange',
    propertyName: 'isArchived',
    propertyValue: 'false',
    changeSource: UI,
  })
}

/**
 * An admin permanently deletes a thread (GDPR), live or archived: `conversation.privacyDeletion` (a webhooks v3
 * event type) is the last word about it. The event is built before the thread is gone, since it names it.
 */
export function agentPurge(store: HubSpotStore, threadId: string): WebhookDelivery {
  const thread = store.threadForHelper(threadId)
  const delivery = appEvent(store, thread, { subscriptionType: 'conversation.privacyDeletion', changeSource: UI })
  purgeThread(store, thread)
  return delivery
}

export type TicketChangeInput = { ticketId: string; property: string; value: string; userId?: number; hubId?: number }

/**
 * A user changes a ticket property in HubSpot's CRM UI (`changeSource` CRM_UI, `sourceId` userId:<n>). The value
 * passes the API's checks (an unknown property or option throws). The event carries only the new value: HubSpot
 * sends no old value.
 */
export function userChangesTicket(store: HubSpotStore, input: TicketChangeInput): WebhookDelivery {
  const hubId = input.hubId ?? store.defaultHubId
  const ticket = updateObject(store, hubId, 'tickets', input.ticketId, { [input.property]: input.value })
  return appEvent(store, ticket, {
    subscriptionType: 'ticket.propertyChange',
    propertyName: input.property,
    propertyValue: ticket.properties[input.property] ?? '',
    changeSource: 'CRM_UI',
    ...(input.userId !== undefined ? { sourceId: `userId:${input.userId}` } : {}),
  })
}
