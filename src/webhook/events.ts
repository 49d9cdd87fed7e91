import { z } from '@botpress/sdk'
import { conversationsMessage, lenient, presentId } from '../hubspot/schemas'

const id = z.union([z.string(), z.number()]).transform(String)

/** The message of an agent reply, with even its ids optional: the handler tells what an unusable one lacks. */
const outgoingMessage = conversationsMessage.extend({
  id: lenient(presentId),
  conversationsThreadId: lenient(presentId),
})

/**
 * Custom-channel webhook: an agent sent a message in a thread of our channel. Read leniently, never refused:
 * HubSpot documents this payload only loosely, and an event answered 2xx as malformed is never redelivered,
 * which would silently lose the reply. A `message` that is no object reads as an empty message.
 */
export const outgoingMessageEvent = z
  .object({
    type: z.literal('OUTGOING_CHANNEL_MESSAGE_CREATED'),
    portalId: lenient(presentId),
    channelId: lenient(presentId),
    channelAccountId: lenient(presentId),
    eventTimestamp: lenient(z.union([z.string(), z.number()])),
    message: outgoingMessage.catch(() => outgoingMessage.parse({})),
  })
  .passthrough()
export type OutgoingMessageEvent = z.infer<typeof outgoingMessageEvent>

/** One event of an app webhook batch: `objectId` is the thread id (conversation.*) or the ticket id (ticket.*). */
export const appEvent = z
  .object({
    subscriptionType: z.string(),
    objectId: id,
    portalId: id.optional(),
    eventId: id.optional(),
    occurredAt: z.number().optional(),
    propertyName: z.string().optional(),
    propertyValue: z
      .union([z.string(), z.number(), z.boolean()])
      .nullish()
      .transform((v) => (v === null || v === undefined ? undefined : String(v))),
    messageType: z.string().optional(),
    /** Who made a CRM change: CRM_UI, API, AUTOMATION…, and `userId:<n>` when a user did (ticket events). */
    changeSource: z.string().optional().catch(undefined),
    sourceId: z.string().optional().catch(undefined),
  })
  .passthrough()
export type AppEvent = z.infer<typeof appEvent>

export const isAssignmentChange = (e: AppEvent) =>
  e.subscriptionType === 'conversation.propertyChange' && e.propertyName === 'assignedTo'

/**
 * Closed, archived, deleted or purged: every way a thread ends on HubSpot's side. A restore (`isArchived` back
 * to `false`) matches nothing: the session ended when the thread was archived, and a restored thread does not
 * reopen it.
 */
export const isThreadEnded = (e: AppEvent) =>
  (e.subscriptionType === 'conversation.propertyChange' &&
    e.propertyName === 'status' &&
    e.propertyValue === 'CLOSED') ||
  (e.subscriptionType === 'conversation.propertyChange' &&
    e.propertyName === 'isArchived' &&
    e.propertyValue === 'true') ||
  e.subscriptionType === 'conversation.deletion' ||
  e.subscriptionType === 'conversation.privacyDeletion'

/**
 * Reopened or restored: nothing to tell the bot (an ended session stays ended), but it is recorded so that a late
 * redelivery of the close or archiving it undid ends nothing.
 */
export const isThreadReopened = (e: AppEvent) =>
  e.subscriptionType === 'conversation.propertyChange' &&
  ((e.propertyName === 'status' && e.propertyValue !== 'CLOSED') ||
    (e.propertyName === 'isArchived' && e.propertyValue === 'false'))

/** A followed ticket property changed (ticket.propertyChange); `objectId` is the ticket id. */
export const isTicketPropertyChange = (e: AppEvent) =>
  e.subscriptionType === 'ticket.propertyChange' && Boolean(e.propertyName)
