/**
 * In-memory state of the HubSpot emulator. Records are internal; `render.ts` turns them into HubSpot's public
 * shapes, so a field HubSpot renames only changes in one place.
 */

export type DeveloperApp = {
  appId: string
  clientId: string
  clientSecret: string
  developerApiKey: string
  /** When set, `issueAuthorizationCode` refuses other redirect URIs (HubSpot checks them on the consent page). */
  redirectUris?: string[]
}

export type InboxType = 'INBOX' | 'HELP_DESK'
export type Inbox = { id: string; name: string; type: InboxType; createdAt: string }
/**
 * A HubSpot user who works in the inbox. `inboxIds` lists the inboxes they are a user of (absent: every inbox);
 * a `deactivated` user keeps their owner record without a `userId` and cannot be assigned threads (README.md).
 */
export type Agent = {
  userId: number
  name: string
  email: string
  avatar?: string
  inboxIds?: string[]
  deactivated?: boolean
}

export type DeliveryIdentifier = { type: string; value: string }

/** A person on the customer side; HubSpot creates a visitor/contact actor (`V-<id>`) per delivery identifier. */
export type Visitor = { contactId: number; name?: string; deliveryIdentifier: DeliveryIdentifier }

export type Portal = {
  hubId: number
  inboxes: Inbox[]
  agents: Agent[]
  visitors: Visitor[]
}

export type ThreadStatus = 'OPEN' | 'CLOSED'

export type FileAttachmentRecord = { type: 'FILE'; fileId: string; fileUsageType: string }
/** Non-file attachments are stored as sent (already validated). */
export type AttachmentRecord = FileAttachmentRecord | ({ type: string } & Record<string, unknown>)

export type Participant = { actorId?: string; name?: string; deliveryIdentifier?: DeliveryIdentifier }

export type ClientType = 'HUBSPOT' | 'INTEGRATION' | 'SYSTEM' | 'UNKNOWN'

export type MessageStatus = {
  statusType: 'SENT' | 'FAILED' | 'RECEIVED' | 'READ'
  failureDetails?: { errorMessageTokens: Record<string, string>; errorMessage?: string }
}

export type MessageRecord = {
  kind: 'MESSAGE'
  id: string
  threadId: string
  channelId: string
  channelAccountId: string
  direction: 'INCOMING' | 'OUTGOING'
  clientType: ClientType
  createdBy: string
  createdAt: string
  updatedAt?: string
  senders: Participant[]
  recipients: Participant[]
  text: string
  richText?: string
  subject?: string
  inReplyToId?: string
  attachments: AttachmentRecord[]
  status?: MessageStatus
  integrationIdempotencyId?: string
}

export type CommentRecord = {
  kind: 'COMMENT'
  id: string
  threadId: string
  clientType: ClientType
  createdBy: string
  createdAt: string
  text: string
  richText?: string
  attachments: AttachmentRecord[]
}

export type StatusChangeRecord = {
  kind: 'THREAD_STATUS_CHANGE'
  id: string
  threadId: string
  createdAt: string
  createdBy?: string
  clientType: ClientType
  newStatus: ThreadStatus
}

export type AssignmentRecord = {
  kind: 'ASSIGNMENT'
  id: string
  threadId: string
  createdAt: string
  clientType: ClientType
  assignedFrom?: string
  assignedTo?: string
}

export type HistoryItem = MessageRecord | CommentRecord | StatusChangeRecord | AssignmentRecord

export type ThreadRecord = {
  id: string
  hubId: number
  inboxId: string
  channelId: string
  channelAccountId: string
  integrationThreadId?: string
  /** Key for DELIVERY_IDENTIFIER threading (channel account + visitor identifier). */
  deliveryKey?: string
  visitorContactId: number
  status: ThreadStatus
  spam: boolean
  createdAt: string
  closedAt?: string
  archived: boolean
  archivedAt?: string
  assignedTo?: string
  items: HistoryItem[]
}

export type ChannelRecord = {
  id: string
  name: string
  capabilities: Record<string, unknown>
  webhookUrl?: string
  channelAccountConnectionRedirectUrl?: string
  channelDescription?: string
  channelLogoUrl?: string
  createdAt: string
  archived: boolean
  archivedAt?: string
  /** How many more list calls must pass before the channel shows up (HubSpot's eventual consistency). */
  hiddenForListCalls: number
}

export type ChannelAccountRecord = {
  id: string
  channelId: string
  hubId: number
  inboxId: string
  name: string
  authorized: boolean
  archived: boolean
  createdAt: string
  archivedAt?: string
  deliveryIdentifier?: DeliveryIdentifier
}

/**
 * What HubSpot makes when an admin connects the channel from its inbox settings: the integration completes it
 * (PATCH channel-account-staging-tokens), and HubSpot creates the channel account for the chosen inbox from it.
 */
export type StagingTokenRecord = {
  token: string
  channelId: string
  hubId: number
  inboxId: string
  /** The admin who started the connection. */
  userId: number
  createdAt: string
  expiresAt: number
  accountName?: string
  deliveryIdentifier?: DeliveryIdentifier
  /** Set once completed: the channel account made from it. */
  channelAccountId?: string
}

export type FileRecord = {
  id: string
  hubId: number
  name: string
  extension: string
  mimeType: string
  size: number
  access: string
  path: string
  parentFolderId?: string
  bytes: Uint8Array
  createdAt: string
  updatedAt: string
}

export type AccessTokenRecord = { token: string; hubId: number; scopes: string[]; userId: number; expiresAt: number }
export type RefreshTokenRecord = { token: string; hubId: number; scopes: string[]; userId: number; revoked: boolean }
export type AuthorizationCodeRecord = {
  code: string
  hubId: number
  scopes: string[]
  redirectUri: string
  expiresAt: number
  used: boolean
}

export type WebhookSettingsRecord = {
  targetUrl: string
  throttling: { maxConcurrentRequests: number }
  createdAt: string
  updatedAt: string
}

export type SubscriptionRecord = {
  id: number
  eventType: string
  propertyName?: string
  active: boolean
  createdAt: string
  updatedAt: string
}

export type AuthKind = 'bearer' | 'hapikey' | 'none'

export type CallRecord = {
  /** Route name, e.g. 'publishMessage'; 'unknown' when no route matched. */
  operation: string
  method: string
  path: string
  query: URLSearchParams
  /** Parsed JSON, form fields (secrets redacted) or a multipart summary; undefined when there was no body. */
  body: unknown
  auth: AuthKind
  /** Response status; 0 for an injected network error; undefined while in flight. */
  status?: number
  faulted?: boolean
}

/** A webhook HubSpot would send. The emulator never sends it; the caller signs and delivers it. */
export type WebhookDelivery = {
  kind: 'channel' | 'app'
  /** Raw JSON, exactly the bytes to sign and POST. */
  body: string
  /** The channel's webhookUrl or the app's settings targetUrl, when configured. */
  targetUrl?: string
  /** Whether HubSpot would actually send it (channel has a webhookUrl / app has settings and an active subscription). */
  subscribed: boolean
}
