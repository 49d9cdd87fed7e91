/**
 * HubSpot's success responses as its published OpenAPI specs describe them, written here by hand: each schema has
 * the fields the integration reads plus the spec's required ones, with their types and required-ness. Collection
 * wrappers are strict, so a field the spec's collection does not have (a `total` on a ForwardPaging list) fails.
 * The spec file and schema name stand next to each; docs/hubspot-endpoints.md maps them to the integration's calls.
 */
import { z } from '@botpress/sdk'

const dateTime = z.string().datetime({ offset: true })
const text = z.string()
const integer = z.number().int()
const stringList = z.array(z.string())

// ---- shared collection shapes (every spec) ----------------------------------------------------------------------
const nextPage = z.object({ after: text, link: text.optional() })
/** `Paging`: next and previous pages. */
const paging = z.object({ next: nextPage.optional(), prev: z.object({ before: text }).passthrough().optional() })
/** `ForwardPaging`. */
const forwardPaging = z.object({ next: nextPage.optional() }).strict()

/** `CollectionResponseWithTotal…`: `results` and `total` required. */
const withTotal = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ results: z.array(item), total: integer, paging: paging.optional() }).strict()
/** `Collection…ForwardPaging`: no `total`. */
const forwardPaged = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ results: z.array(item), paging: forwardPaging.optional() }).strict()
/** `Collection…NoPaging`. */
const unpaged = <T extends z.ZodTypeAny>(item: T) => z.object({ results: z.array(item) }).strict()

// ---- OAuth: Auth/Oauth/Rollouts/279897/2026-03/oauth.json -------------------------------------------------------
/** `AccessTokenResponse`. */
export const accessTokenResponse = z.object({
  access_token: text,
  refresh_token: text,
  expires_in: integer,
  token_type: text,
  token_use: z.literal('access_token'),
  hub_id: integer.optional(),
  user_id: integer.optional(),
  scopes: stringList.optional(),
})

/** `SignedAccessToken`: every field is required. */
const signedAccessToken = z.object({
  appId: integer,
  appInstallId: text,
  audience: text,
  expiresAt: integer,
  hubId: integer,
  hublet: text,
  installingUserId: integer,
  isPrivateDistribution: z.boolean(),
  isServiceAccount: z.boolean(),
  isUserLevel: z.boolean(),
  newSignature: text,
  scopeToScopeGroupPks: text,
  scopes: text,
  signature: text,
  trialScopeToScopeGroupPks: text,
  trialScopes: text,
  userId: integer,
})

const tokenInfoCommon = {
  app_id: integer,
  client_id: text,
  hub_id: integer,
  scopes: stringList,
  token: text,
  token_type: text,
  user_id: integer,
  user: text.optional(),
  hub_domain: text.optional(),
}

/** `PublicAccessTokenInfoResponse`. */
const accessTokenInfo = z.object({
  ...tokenInfoCommon,
  active: z.literal(true),
  expires_in: integer,
  token_use: z.literal('access_token'),
  is_private_distribution: z.boolean(),
  signed_access_token: signedAccessToken,
})

/** `PublicRefreshTokenInfoResponse`. */
const refreshTokenInfo = z.object({
  ...tokenInfoCommon,
  active: z.literal(true),
  token_use: z.literal('refresh_token'),
})

/** `TokenInfoResponseBaseIF`, or RFC 7662's inactive answer (not in the spec: the emulator's assumption). */
export const tokenInfo = z.union([accessTokenInfo, refreshTokenInfo, z.object({ active: z.literal(false) }).strict()])

// ---- Custom channels: Conversations/Custom Channels/Rollouts/160898/v3/customChannels.json ---------------------
const deliveryIdentifier = z.object({
  type: z.enum(['CHANNEL_SPECIFIC_OPAQUE_ID', 'HS_EMAIL_ADDRESS', 'HS_PHONE_NUMBER', 'HS_SHORT_CODE']),
  value: text,
})

/** `PublicChannelIntegrationChannel`. */
export const channel = z.object({
  id: text,
  name: text,
  capabilities: z.record(z.unknown()),
  createdAt: dateTime,
  webhookUrl: text.optional(),
  channelAccountConnectionRedirectUrl: text.optional(),
  channelDescription: text.optional(),
  channelLogoUrl: text.optional(),
})
export const channelList = withTotal(channel)

/** `PublicChannelAccount` (also in conversations.json). */
export const channelAccount = z.object({
  id: text,
  channelId: text,
  inboxId: text,
  name: text,
  active: z.boolean(),
  authorized: z.boolean(),
  archived: z.boolean(),
  createdAt: dateTime,
  archivedAt: dateTime.optional(),
  deliveryIdentifier: deliveryIdentifier.optional(),
})
export const channelAccountList = withTotal(channelAccount)

/** `PublicChannelAccountStagingToken`: the ids are integers here. */
export const stagingToken = z.object({
  accountToken: text,
  createdAt: dateTime,
  genericChannelId: integer,
  inboxId: integer,
  userId: integer,
  accountName: text.optional(),
  deliveryIdentifier: deliveryIdentifier.optional(),
})

/** `PublicClient`. */
const client = z.object({
  clientType: z.enum(['HUBSPOT', 'INTEGRATION', 'SYSTEM', 'UNKNOWN']),
  integrationAppId: integer.optional(),
})
/** `PublicSender`: nothing required. */
const sender = z.object({
  actorId: text.optional(),
  name: text.optional(),
  deliveryIdentifier: deliveryIdentifier.optional(),
})
/** `PublicRecipient`: the delivery identifier is required. */
const recipient = z.object({ actorId: text.optional(), name: text.optional(), deliveryIdentifier })
/** `PublicFile`; the other attachment kinds only need their `type`. */
const attachment = z.union([
  z.object({
    type: z.literal('FILE'),
    fileId: text,
    fileUsageType: z.enum(['AUDIO', 'IMAGE', 'OTHER', 'STICKER', 'VOICE_RECORDING']),
    name: text.optional(),
    url: text.optional(),
  }),
  z.object({ type: z.string().refine((type) => type !== 'FILE') }),
])

const historyCommon = {
  id: text,
  archived: z.boolean(),
  client,
  conversationsThreadId: text,
  createdAt: dateTime,
  createdBy: text,
  senders: z.array(sender),
  recipients: z.array(recipient),
}

/** `PublicConversationsMessage` (both specs). */
export const conversationsMessage = z.object({
  ...historyCommon,
  type: z.literal('MESSAGE'),
  attachments: z.array(attachment),
  channelAccountId: text,
  channelId: text,
  direction: z.enum(['INCOMING', 'OUTGOING']),
  text,
  truncationStatus: z.enum(['NOT_TRUNCATED', 'TRUNCATED', 'TRUNCATED_TO_MOST_RECENT_REPLY']),
  richText: text.optional(),
  status: z
    .object({ statusType: z.enum(['FAILED', 'READ', 'RECEIVED', 'SENT']) })
    .passthrough()
    .optional(),
})

// ---- Conversations: Conversations/Conversations/Rollouts/54902/v3/conversations.json ----------------------------
/** `PublicInbox`. */
export const inbox = z.object({
  id: text,
  name: text,
  type: z.enum(['HELP_DESK', 'INBOX']),
  archived: z.boolean(),
  createdAt: dateTime,
  updatedAt: dateTime,
})
export const inboxList = withTotal(inbox)

/** `PublicThread`. */
export const thread = z.object({
  id: text,
  archived: z.boolean(),
  associatedContactId: text,
  createdAt: dateTime,
  inboxId: text,
  originalChannelAccountId: text,
  originalChannelId: text,
  spam: z.boolean(),
  status: z.enum(['OPEN', 'CLOSED']),
  assignedTo: text.optional(),
  closedAt: dateTime.optional(),
})
export const threadList = forwardPaged(thread)

/** `PublicComment`: `richText` and `recipients` are required. */
export const comment = z.object({
  ...historyCommon,
  type: z.literal('COMMENT'),
  attachments: z.array(attachment),
  text,
  richText: text,
})

/** `PublicThreadStatusChange`. */
const statusChange = z.object({
  ...historyCommon,
  type: z.literal('THREAD_STATUS_CHANGE'),
  newStatus: z.enum(['OPEN', 'CLOSED']),
})
/** `PublicAssignmentMessage`. */
const assignment = z.object({
  ...historyCommon,
  type: z.literal('ASSIGNMENT'),
  assignedTo: text.optional(),
  assignedFrom: text.optional(),
})

/** `PublicMessage`: one of the history item kinds (welcome messages and inbox changes are not emulated). */
export const threadMessage = z.discriminatedUnion('type', [conversationsMessage, comment, statusChange, assignment])
export const threadMessageList = forwardPaged(threadMessage)

/** `PublicActor`: `AgentActor` and its siblings; an integrator also needs its `name`. */
export const actor = z.union([
  z.object({
    id: text,
    type: z.enum(['AGENT', 'BOT', 'EMAIL', 'LLM', 'SYSTEM', 'VISITOR']),
    name: text.optional(),
    email: text.optional(),
    avatar: text.optional(),
  }),
  z.object({ id: text, type: z.literal('INTEGRATOR'), name: text, avatar: text.optional() }),
])

/** `BatchResponsePublicActor` (200) and `…WithErrors` (207). */
export const actorBatch = z.object({
  status: z.enum(['CANCELED', 'COMPLETE', 'PENDING', 'PROCESSING']),
  results: z.array(actor),
  startedAt: dateTime,
  completedAt: dateTime,
  numErrors: integer.optional(),
  errors: z.array(z.unknown()).optional(),
})

// ---- Files: Files/Files/Rollouts/140950/v3/files.json ------------------------------------------------------------
/** `File`. */
export const file = z.object({
  id: text,
  access: z.enum([
    'HIDDEN_INDEXABLE',
    'HIDDEN_NOT_INDEXABLE',
    'HIDDEN_PRIVATE',
    'HIDDEN_SENSITIVE',
    'PRIVATE',
    'PUBLIC_INDEXABLE',
    'PUBLIC_NOT_INDEXABLE',
  ]),
  archived: z.boolean(),
  createdAt: dateTime,
  updatedAt: dateTime,
  name: text.optional(),
  extension: text.optional(),
  size: integer.optional(),
  type: text.optional(),
  url: text.optional(),
})

/** `SignedUrl`: every field the integration reads is required. */
export const signedUrl = z.object({
  url: text,
  expiresAt: dateTime,
  name: text,
  extension: text,
  size: integer,
  type: text,
})

// ---- App webhooks: Webhooks/Webhooks/Rollouts/147891/{2026-09,v3}/webhooks.json (same schemas) ------------------
/** `ThrottlingSettings`: only `maxConcurrentRequests`; `period` is gone. */
const throttling = z.object({ maxConcurrentRequests: integer }).strict()

/** `SettingsResponse`. */
export const webhookSettings = z.object({
  targetUrl: text,
  throttling,
  createdAt: dateTime,
  updatedAt: dateTime.optional(),
})

/** `SubscriptionResponse`: a string id. */
export const subscription = z.object({
  id: text,
  eventType: text,
  active: z.boolean(),
  createdAt: dateTime,
  propertyName: text.optional(),
  updatedAt: dateTime.optional(),
})
/** `SubscriptionListResponse`. */
export const subscriptionList = z.object({ results: z.array(subscription) }).strict()
/** `BatchResponseSubscriptionResponse`. */
export const subscriptionBatch = z.object({
  status: z.enum(['CANCELED', 'COMPLETE', 'PENDING', 'PROCESSING']),
  results: z.array(subscription),
  startedAt: dateTime,
  completedAt: dateTime,
})

// ---- CRM: CRM/{Contacts,Tickets,Notes,Companies,Deals}/Rollouts/424/v3/*.json and the v3 pipelines, properties,
// owners specs -------------------------------------------------------------------------------------------------------
/** `SimplePublicObject` (`…WithAssociations` on GET adds an optional `associations`). */
export const crmObject = z.object({
  id: text,
  properties: z.record(z.string().nullable()),
  createdAt: dateTime,
  updatedAt: dateTime,
  archived: z.boolean(),
  associations: z.record(z.object({ results: z.array(z.object({ id: text, type: text })) })).optional(),
})
export const crmSearch = withTotal(crmObject)

/** `PipelineStage`. */
const pipelineStage = z.object({
  id: text,
  label: text,
  displayOrder: integer,
  metadata: z.record(z.unknown()),
  archived: z.boolean(),
  createdAt: dateTime,
  updatedAt: dateTime,
})
/** `Pipeline`. */
export const pipeline = z.object({
  id: text,
  label: text,
  displayOrder: integer,
  stages: z.array(pipelineStage),
  archived: z.boolean(),
  createdAt: dateTime,
  updatedAt: dateTime,
})
export const pipelineList = unpaged(pipeline)
export const pipelineStageList = unpaged(pipelineStage)

/** `Property`: `options` is required even when empty. */
export const property = z.object({
  name: text,
  label: text,
  type: text,
  fieldType: text,
  groupName: text,
  description: text,
  options: z.array(z.object({ label: text, value: text, hidden: z.boolean() })),
})
export const propertyList = unpaged(property)

/** `PublicOwner`. */
export const owner = z.object({
  id: text,
  type: z.enum(['PERSON', 'QUEUE']),
  archived: z.boolean(),
  createdAt: dateTime,
  updatedAt: dateTime,
  email: text.optional(),
  firstName: text.optional(),
  lastName: text.optional(),
  userId: integer.optional(),
  userIdIncludingInactive: integer.optional(),
})
export const ownerList = forwardPaged(owner)

/** A 204 (or a 200 the spec documents without content) answers no body. */
export const noBody = z.undefined()
