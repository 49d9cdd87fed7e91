/**
 * Webhook bodies HubSpot sends: custom-channel events (one JSON object, hubspot-facts.md §3) to the channel's webhookUrl,
 * and app events (a JSON array, hubspot-facts.md §5) to the app's settings targetUrl. Built here, never sent here.
 */
import { randomUUID } from 'node:crypto'
import { renderMessage } from './render'
import type { HubSpotStore } from './store'
import type { MessageRecord, ThreadRecord, WebhookDelivery } from './types'

/**
 * OUTGOING_CHANNEL_MESSAGE_CREATED. Our choice where the doc is UNCONFIRMED: `channelIntegrationThreadIds` sits
 * inside `message` (next to `conversationsThreadId`, which is always present), `channelAccountId` is repeated at
 * top level, and `eventId` is an opaque string.
 */
export function outgoingMessageEvent(
  store: HubSpotStore,
  thread: ThreadRecord,
  message: MessageRecord,
): WebhookDelivery {
  const channel = store.channels.get(thread.channelId)
  const body = {
    type: 'OUTGOING_CHANNEL_MESSAGE_CREATED',
    portalId: thread.hubId,
    channelId: thread.channelId,
    channelAccountId: thread.channelAccountId,
    eventTimestamp: store.isoNow(),
    eventId: randomUUID(),
    message: {
      ...renderMessage(store, message),
      channelIntegrationThreadIds: thread.integrationThreadId !== undefined ? [thread.integrationThreadId] : [],
    },
  }
  const targetUrl = channel?.webhookUrl
  return {
    kind: 'channel',
    body: JSON.stringify(body),
    ...(targetUrl !== undefined ? { targetUrl } : {}),
    subscribed: targetUrl !== undefined && channel?.archived === false,
  }
}

export type AppEventFields = {
  subscriptionType: string
  propertyName?: string
  propertyValue?: string
  messageId?: string
  messageType?: 'MESSAGE' | 'COMMENT'
  changeFlag?: string
  /**
   * UNCONFIRMED values for conversations: 'CONVERSATIONS' for actions in HubSpot's UI, 'INTEGRATION' for our own
   * API calls. CRM objects: 'CRM_UI' for a user in HubSpot (HubSpot's webhooks docs).
   */
  changeSource: string
  /** CRM objects: `userId:<n>` when a user made the change (HubSpot's webhooks docs). */
  sourceId?: string
}

/**
 * An app event about a thread (conversation.*) or a CRM object (ticket.*), sent only when the app is subscribed:
 * a propertyChange subscription names its property, and only that property's changes are sent.
 */
export function appEvent(
  store: HubSpotStore,
  object: { id: string; hubId: number },
  fields: AppEventFields,
): WebhookDelivery {
  const subscription = [...store.subscriptions.values()].find(
    (candidate) =>
      candidate.eventType === fields.subscriptionType &&
      (!fields.subscriptionType.endsWith('.propertyChange') || candidate.propertyName === fields.propertyName),
  )
  const event = {
    objectId: Number(object.id),
    eventId: store.nextId('event'),
    subscriptionId: subscription?.id ?? 0,
    portalId: object.hubId,
    appId: Number(store.app.appId),
    occurredAt: store.now(),
    subscriptionType: fields.subscriptionType,
    attemptNumber: 0,
    changeSource: fields.changeSource,
    ...(fields.propertyName !== undefined ? { propertyName: fields.propertyName } : {}),
    ...(fields.propertyValue !== undefined ? { propertyValue: fields.propertyValue } : {}),
    ...(fields.messageId !== undefined ? { messageId: fields.messageId } : {}),
    ...(fields.messageType !== undefined ? { messageType: fields.messageType } : {}),
    ...(fields.changeFlag !== undefined ? { changeFlag: fields.changeFlag } : {}),
    ...(fields.sourceId !== undefined ? { sourceId: fields.sourceId } : {}),
  }
  const targetUrl = store.webhookSettings?.targetUrl
  return {
    kind: 'app',
    body: JSON.stringify([event]),
    ...(targetUrl !== undefined ? { targetUrl } : {}),
    subscribed: targetUrl !== undefined && subscription?.active === true,
  }
}

/** A webhook caused by the integration's own API call is queued only when HubSpot would really send it. */
export function queueIfSubscribed(store: HubSpotStore, delivery: WebhookDelivery): void {
  if (delivery.subscribed) store.pendingDeliveries.push(delivery)
}

/** Queues the app webhook a change to a thread causes, when the app is subscribed to it. */
export function queueAppEvent(store: HubSpotStore, thread: ThreadRecord, fields: AppEventFields): void {
  queueIfSubscribed(store, appEvent(store, thread, fields))
}
