import { RuntimeError } from '@botpress/sdk'
import { channelAccountIdentifier, CustomerIdentity, decodeIdentity } from '../customer/identity'

/**
 * What publishing into a session's thread needs, all from the HITL conversation's tags: known from the moment
 * startHitl creates the conversation, before HubSpot has made the thread.
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

type ConversationLike = { id: string; tags: Record<string, string | undefined> }

const TARGET_TAGS = ['integrationThreadId', 'channelId', 'channelAccountId', 'inboxId'] as const

function requireTags(conversation: ConversationLike, names: ReadonlyArray<string>): void {
  const missing = names.filter((name) => !conversation.tags[name])
  if (!decodeIdentity(conversation.tags.customerIdentity)) missing.push('customerIdentity')
  if (missing.length > 0) {
    throw new RuntimeError(
      `Conversation ${conversation.id} is not a HubSpot handoff started by this integration (missing ${missing.join(', ')}).`,
    )
  }
}

export function publishTargetOf(conversation: ConversationLike): PublishTarget {
  requireTags(conversation, TARGET_TAGS)
  const { tags } = conversation
  return {
    integrationThreadId: tags.integrationThreadId!,
    channelId: tags.channelId!,
    channelAccountId: tags.channelAccountId!,
    inboxId: tags.inboxId!,
    customer: decodeIdentity(tags.customerIdentity)!,
    customerName: tags.customerName,
  }
}

export function sessionOf(conversation: ConversationLike): HitlSession {
  requireTags(conversation, ['threadId', ...TARGET_TAGS, 'customerUserId'])
  return {
    ...publishTargetOf(conversation),
    conversationId: conversation.id,
    threadId: conversation.tags.threadId!,
    customerUserId: conversation.tags.customerUserId!,
  }
}

export const recipientOf = (session: Pick<HitlSession, 'channelId' | 'inboxId'>) => ({
  deliveryIdentifier: channelAccountIdentifier(session.channelId, session.inboxId),
})
