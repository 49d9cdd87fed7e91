/** Internal records → HubSpot's public JSON shapes (hubspot-facts.md §3, §4, §8). */
import type { HubSpotStore } from './store'
import type {
  AttachmentRecord,
  ChannelAccountRecord,
  ChannelRecord,
  ClientType,
  FileRecord,
  HistoryItem,
  Inbox,
  MessageRecord,
  Participant,
  StagingTokenRecord,
  ThreadRecord,
} from './types'

export const visitorActorId = (contactId: number) => `V-${contactId}`
export const integratorActorId = (appId: string) => `I-${appId}`

export function fileUrl(store: HubSpotStore, file: FileRecord): string {
  return `${store.baseUrl()}/_emulator/files/${file.id}`
}

export const fullFileName = (file: FileRecord) => (file.extension ? `${file.name}.${file.extension}` : file.name)

/** HubSpot's coarse file `type` categories. */
export function fileCategory(mimeType: string): string {
  if (mimeType.startsWith('image/')) return 'IMG'
  if (mimeType.startsWith('audio/')) return 'AUDIO'
  if (mimeType.startsWith('video/')) return 'MOVIE'
  if (mimeType.startsWith('text/') || mimeType.startsWith('application/')) return 'DOCUMENT'
  return 'OTHER'
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** HubSpot's composer sends HTML alongside the plain text; one paragraph per blank-line-separated block. */
export function textToRichText(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((block) => `<p>${escapeHtml(block).replace(/\n/g, '<br>')}</p>`)
    .join('')
}

export function renderFile(store: HubSpotStore, file: FileRecord) {
  const url = fileUrl(store, file)
  return {
    id: file.id,
    name: file.name,
    extension: file.extension,
    type: fileCategory(file.mimeType),
    size: file.size,
    access: file.access,
    archived: false,
    createdAt: file.createdAt,
    updatedAt: file.updatedAt,
    path: file.path,
    ...(file.parentFolderId !== undefined ? { parentFolderId: file.parentFolderId } : {}),
    url,
    defaultHostingUrl: url,
    isUsableInContent: true,
  }
}

function client(store: HubSpotStore, clientType: ClientType) {
  return clientType === 'INTEGRATION' ? { clientType, integrationAppId: Number(store.app.appId) } : { clientType }
}

function renderAttachment(store: HubSpotStore, attachment: AttachmentRecord) {
  if (attachment.type !== 'FILE') return { ...attachment }
  const fileId = String(attachment.fileId)
  const file = store.files.get(fileId)
  return {
    type: 'FILE',
    fileId,
    fileUsageType: attachment.fileUsageType,
    ...(file ? { name: fullFileName(file), url: fileUrl(store, file) } : {}),
  }
}

const participant = (p: Participant) => ({
  ...(p.actorId !== undefined ? { actorId: p.actorId } : {}),
  ...(p.name !== undefined ? { name: p.name } : {}),
  ...(p.deliveryIdentifier !== undefined ? { deliveryIdentifier: { ...p.deliveryIdentifier } } : {}),
})

/** `PublicConversationsMessage` (custom channels) — also the Conversations API's MESSAGE item. */
export function renderMessage(store: HubSpotStore, message: MessageRecord) {
  return {
    id: message.id,
    type: 'MESSAGE' as const,
    archived: false,
    attachments: message.attachments.map((attachment) => renderAttachment(store, attachment)),
    channelAccountId: message.channelAccountId,
    channelId: message.channelId,
    client: client(store, message.clientType),
    conversationsThreadId: message.threadId,
    createdAt: message.createdAt,
    createdBy: message.createdBy,
    direction: message.direction,
    recipients: message.recipients.map(participant),
    senders: message.senders.map(participant),
    text: message.text,
    truncationStatus: 'NOT_TRUNCATED' as const,
    ...(message.richText !== undefined ? { richText: message.richText } : {}),
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
    ...(message.inReplyToId !== undefined ? { inReplyToId: message.inReplyToId } : {}),
    ...(message.updatedAt !== undefined ? { updatedAt: message.updatedAt } : {}),
    ...(message.status !== undefined ? { status: structuredClone(message.status) } : {}),
  }
}

/**
 * Who made a history item nobody in particular made: our app for its own API calls, else HubSpot itself. The
 * system actor's id (`S-hubspot`) is our assumption; the spec only requires `createdBy` to be an actor id.
 */
const creator = (store: HubSpotStore, clientType: ClientType) =>
  clientType === 'INTEGRATION' ? integratorActorId(store.app.appId) : 'S-hubspot'

/** One item of a thread's history (hubspot-facts.md §4). */
export function renderHistoryItem(store: HubSpotStore, item: HistoryItem): Record<string, unknown> {
  const common = {
    id: item.id,
    conversationsThreadId: item.threadId,
    createdAt: item.createdAt,
    client: client(store, item.clientType),
    archived: false,
  }
  // PublicThreadStatusChange and PublicAssignmentMessage require createdBy, senders and recipients.
  const madeBy = (createdBy: string | undefined) => ({
    createdBy: createdBy ?? creator(store, item.clientType),
    senders: [],
    recipients: [],
  })
  switch (item.kind) {
    case 'MESSAGE':
      return renderMessage(store, item)
    case 'COMMENT':
      return {
        ...common,
        type: 'COMMENT',
        createdBy: item.createdBy,
        senders: [{ actorId: item.createdBy }],
        // PublicComment requires both: a comment has no recipients, and HubSpot keeps HTML for every comment.
        recipients: [],
        text: item.text,
        richText: item.richText ?? textToRichText(item.text),
        attachments: item.attachments.map((attachment) => renderAttachment(store, attachment)),
        truncationStatus: 'NOT_TRUNCATED',
      }
    case 'THREAD_STATUS_CHANGE':
      return {
        ...common,
        type: 'THREAD_STATUS_CHANGE',
        newStatus: item.newStatus,
        ...madeBy(item.createdBy),
      }
    case 'ASSIGNMENT':
      return {
        ...common,
        type: 'ASSIGNMENT',
        ...madeBy(undefined),
        ...(item.assignedFrom ? { assignedFrom: item.assignedFrom } : {}),
        ...(item.assignedTo ? { assignedTo: item.assignedTo } : {}),
      }
  }
}

/** `PublicThread`. */
export function renderThread(thread: ThreadRecord) {
  const messages = thread.items.filter((item): item is MessageRecord => item.kind === 'MESSAGE')
  // Messages are dated by their own timestamps, which need not arrive in order: take the latest, not the last.
  const last = (direction?: 'INCOMING' | 'OUTGOING') =>
    messages
      .filter((message) => direction === undefined || message.direction === direction)
      .map((message) => message.createdAt)
      .sort((a, b) => Date.parse(a) - Date.parse(b))
      .at(-1)
  const latest = last()
  const sent = last('OUTGOING')
  const received = last('INCOMING')
  return {
    id: thread.id,
    associatedContactId: String(thread.visitorContactId),
    createdAt: thread.createdAt,
    inboxId: thread.inboxId,
    originalChannelId: thread.channelId,
    originalChannelAccountId: thread.channelAccountId,
    spam: thread.spam,
    status: thread.status,
    archived: thread.archived,
    ...(thread.assignedTo !== undefined ? { assignedTo: thread.assignedTo } : {}),
    ...(thread.closedAt !== undefined ? { closedAt: thread.closedAt } : {}),
    ...(latest !== undefined ? { latestMessageTimestamp: latest } : {}),
    ...(sent !== undefined ? { latestMessageSentTimestamp: sent } : {}),
    ...(received !== undefined ? { latestMessageReceivedTimestamp: received } : {}),
  }
}

export function renderChannel(channel: ChannelRecord) {
  return {
    id: channel.id,
    name: channel.name,
    capabilities: structuredClone(channel.capabilities),
    createdAt: channel.createdAt,
    ...(channel.webhookUrl !== undefined ? { webhookUrl: channel.webhookUrl } : {}),
    ...(channel.channelAccountConnectionRedirectUrl !== undefined
      ? { channelAccountConnectionRedirectUrl: channel.channelAccountConnectionRedirectUrl }
      : {}),
    ...(channel.channelDescription !== undefined ? { channelDescription: channel.channelDescription } : {}),
    ...(channel.channelLogoUrl !== undefined ? { channelLogoUrl: channel.channelLogoUrl } : {}),
  }
}

export function renderChannelAccount(account: ChannelAccountRecord) {
  return {
    id: account.id,
    channelId: account.channelId,
    inboxId: account.inboxId,
    name: account.name,
    active: account.authorized && !account.archived,
    authorized: account.authorized,
    archived: account.archived,
    createdAt: account.createdAt,
    ...(account.archivedAt !== undefined ? { archivedAt: account.archivedAt } : {}),
    ...(account.deliveryIdentifier !== undefined ? { deliveryIdentifier: { ...account.deliveryIdentifier } } : {}),
  }
}

/** `PublicChannelAccountStagingToken`: the spec types the channel, inbox and user ids as integers here. */
export function renderStagingToken(staging: StagingTokenRecord) {
  return {
    accountToken: staging.token,
    createdAt: staging.createdAt,
    genericChannelId: Number(staging.channelId),
    inboxId: Number(staging.inboxId),
    userId: staging.userId,
    ...(staging.accountName !== undefined ? { accountName: staging.accountName } : {}),
    ...(staging.deliveryIdentifier !== undefined ? { deliveryIdentifier: { ...staging.deliveryIdentifier } } : {}),
  }
}

export function renderInbox(inbox: Inbox) {
  return {
    id: inbox.id,
    name: inbox.name,
    type: inbox.type,
    archived: false,
    createdAt: inbox.createdAt,
    updatedAt: inbox.createdAt,
  }
}
