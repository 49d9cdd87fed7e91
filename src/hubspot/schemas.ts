/**
 * Wire schemas for what HubSpot returns (docs/hubspot-facts.md, docs/hubspot-endpoints.md). They list only the fields the
 * integration reads, and pass the rest through, so a field HubSpot adds never breaks a call.
 */
import { z } from '@botpress/sdk'

/** HubSpot ids come as strings or numbers depending on the API; we keep strings. */
export const id = z.union([z.string(), z.number()]).transform(String)

/** A non-blank id, as a string or a number, kept as a string. */
export const presentId = z.union([z.string().trim().min(1), z.number().finite()]).transform(String)

/** An optional part read leniently: a value of another shape reads as absent instead of failing the whole object. */
export const lenient = <T extends z.ZodTypeAny>(schema: T) => schema.optional().catch(undefined)

/** An array read leniently: anything else reads as empty, and an element of another shape is dropped. */
const lenientArray = <T extends z.ZodTypeAny>(item: T) =>
  z
    .array(z.unknown())
    .catch([])
    .transform((items) =>
      items.flatMap((raw): z.infer<T>[] => {
        const parsed = item.safeParse(raw)
        return parsed.success ? [parsed.data] : []
      }),
    )

export const paged = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    results: z.array(item),
    paging: z
      .object({ next: z.object({ after: z.string() }).passthrough().optional() })
      .passthrough()
      .optional(),
  })

export const deliveryIdentifier = z.object({ type: z.string(), value: z.string() })

export const channel = z
  .object({
    id,
    name: z.string(),
    webhookUrl: z.string().nullish(),
    capabilities: z.record(z.unknown()).optional(),
    channelAccountConnectionRedirectUrl: z.string().nullish(),
    channelDescription: z.string().nullish(),
    channelLogoUrl: z.string().nullish(),
  })
  .passthrough()
export type Channel = z.infer<typeof channel>

export const channelAccount = z
  .object({
    id,
    channelId: id,
    inboxId: id,
    name: z.string(),
    authorized: z.boolean(),
    archived: z.boolean().optional(),
    deliveryIdentifier: deliveryIdentifier.nullish(),
  })
  .passthrough()
export type ChannelAccount = z.infer<typeof channelAccount>

/** `PublicChannelAccountStagingToken`: its ids are integers on the wire. */
export const stagingToken = z.object({ accountToken: z.string(), inboxId: id }).passthrough()
export type StagingToken = z.infer<typeof stagingToken>

/**
 * Parts of conversation messages, read leniently: HubSpot documents the custom-channel webhook payload only
 * loosely, and a field of an unexpected shape must not cost an agent's reply (doc: "Wire facts").
 */
const fileAttachment = z
  .object({
    type: lenient(z.string()),
    fileId: lenient(presentId),
    fileUsageType: lenient(z.string()),
    name: lenient(z.string()),
    url: lenient(z.string()),
  })
  .passthrough()
export type FileAttachment = z.infer<typeof fileAttachment>

export const participant = z
  .object({
    actorId: lenient(presentId),
    name: lenient(z.string()),
    deliveryIdentifier: lenient(deliveryIdentifier),
  })
  .passthrough()

/** Only the ids are required; the webhook parser relaxes even those to tell what an unusable event lacks. */
export const conversationsMessage = z
  .object({
    id,
    conversationsThreadId: id,
    type: lenient(z.string()),
    channelAccountId: lenient(presentId),
    channelId: lenient(presentId),
    direction: lenient(z.string()),
    text: lenient(z.string()),
    richText: lenient(z.string()),
    attachments: lenientArray(fileAttachment),
    senders: lenientArray(participant),
    recipients: lenientArray(participant),
    createdAt: lenient(z.union([z.string(), z.number()])),
    createdBy: lenient(presentId),
    client: lenient(z.object({ clientType: lenient(z.string()) }).passthrough()),
  })
  .passthrough()
export type ConversationsMessage = z.infer<typeof conversationsMessage>

export const thread = z
  .object({
    id,
    status: z.enum(['OPEN', 'CLOSED']),
    inboxId: id.optional(),
    archived: z.boolean().optional(),
    assignedTo: z.string().nullish(),
    associatedContactId: id.nullish(),
    closedAt: z.string().nullish(),
  })
  .passthrough()
export type Thread = z.infer<typeof thread>

/** One item of a thread's history; only messages carry text and senders. */
export const threadItem = z
  .object({
    id,
    type: z.string(),
    createdAt: z.string().optional(),
    text: z.string().nullish(),
    direction: z.string().nullish(),
    senders: lenientArray(participant),
    attachments: lenientArray(fileAttachment),
  })
  .passthrough()
export type ThreadItem = z.infer<typeof threadItem>

export const inbox = z.object({ id, name: z.string(), type: z.string().optional() }).passthrough()
export type Inbox = z.infer<typeof inbox>

export const actor = z
  .object({
    id: z.string(),
    type: z.string(),
    name: z.string().nullish(),
    email: z.string().nullish(),
    avatar: z.string().nullish(),
  })
  .passthrough()
export type Actor = z.infer<typeof actor>

export const file = z
  .object({
    id,
    name: z.string().nullish(),
    url: z.string().nullish(),
    size: z.number().nullish(),
    type: z.string().nullish(),
  })
  .passthrough()

export const signedUrl = z.object({ url: z.string(), expiresAt: z.string().optional() }).passthrough()

export const tokenResponse = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    expires_in: z.number(),
    hub_id: z.number().optional(),
    scopes: z.array(z.string()).optional(),
  })
  .passthrough()
export type TokenResponse = z.infer<typeof tokenResponse>

/** Token introspection (RFC 7662 style): an inactive token is answered `{ active: false }` with no details. */
export const tokenInfo = z
  .object({
    active: z.boolean(),
    hub_id: z.number().optional(),
    app_id: z.number().optional(),
    scopes: z.array(z.string()).default([]),
    user: z.string().nullish(),
  })
  .passthrough()
export type TokenInfo = z.infer<typeof tokenInfo>

export const webhookSettings = z.object({ targetUrl: z.string().nullish() }).passthrough()

export const webhookSubscription = z
  .object({ id, eventType: z.string(), propertyName: z.string().nullish(), active: z.boolean() })
  .passthrough()
export type WebhookSubscription = z.infer<typeof webhookSubscription>

// ---- Request bodies, checked before they are sent (docs/hubspot-facts.md §3, §4) ----

const deliveryIdentifierEgg = z.object({
  type: z.enum(['HS_EMAIL_ADDRESS', 'HS_PHONE_NUMBER', 'HS_SHORT_CODE', 'CHANNEL_SPECIFIC_OPAQUE_ID']),
  value: z.string().min(1),
})

export const messageEgg = z.object({
  channelAccountId: z.string().min(1),
  messageDirection: z.enum(['INCOMING', 'OUTGOING']),
  integrationThreadId: z.string().min(1),
  integrationIdempotencyId: z.string().min(1),
  senders: z.array(z.object({ name: z.string().optional(), deliveryIdentifier: deliveryIdentifierEgg })).min(1),
  recipients: z.array(z.object({ name: z.string().optional(), deliveryIdentifier: deliveryIdentifierEgg })),
  text: z.string(),
  richText: z.string().optional(),
  timestamp: z.string().datetime(),
  attachments: z.array(
    z.object({
      type: z.literal('FILE'),
      fileId: z.string().min(1),
      fileUsageType: z.enum(['AUDIO', 'IMAGE', 'OTHER', 'STICKER', 'VOICE_RECORDING']),
    }),
  ),
  preResolvedContacts: z
    .object({
      contacts: z.array(
        z.object({ contactVid: z.number().int().positive(), contactPropertiesLeadingToMatch: z.array(z.string()) }),
      ),
    })
    .optional(),
})

/** `SettingsChangeRequest`: `ThrottlingSettings` has only `maxConcurrentRequests` (the spec dropped `period`). */
export const webhookSettingsEgg = z.object({
  targetUrl: z.string().url(),
  throttling: z.object({ maxConcurrentRequests: z.number().int().positive() }).strict(),
})

export const channelAccountEgg = z.object({
  inboxId: z.string().regex(/^\d+$/),
  name: z.string().min(1),
  authorized: z.boolean(),
  deliveryIdentifier: deliveryIdentifierEgg,
})

export const stagingTokenUpdate = z.object({
  accountName: z.string().min(1),
  deliveryIdentifier: deliveryIdentifierEgg,
})

export const commentEgg = z.object({
  type: z.literal('COMMENT'),
  text: z.string().min(1),
  richText: z.string().optional(),
  attachments: z.array(z.unknown()),
})
