import { channelAccountIdentifier, CustomerIdentity } from '../customer/identity'

/**
 * What publishing into a session's thread needs, all from the HITL conversation's tags (SessionRecord.publishTarget):
 * known from the moment startHitl creates the conversation, before HubSpot has made the thread.
 */
export type PublishTarget = {
  integrationThreadId: string
  channelId: string
  channelAccountId: string
  inboxId: string
  customer: CustomerIdentity
  customerName?: string
}

/** Everything a channel message needs, read from the HITL conversation's tags: no Botpress API call. */
export type HitlSession = PublishTarget & { conversationId: string; threadId: string; customerUserId: string }

export const recipientOf = (session: Pick<HitlSession, 'channelId' | 'inboxId'>) => ({
  deliveryIdentifier: channelAccountIdentifier(session.channelId, session.inboxId),
})
