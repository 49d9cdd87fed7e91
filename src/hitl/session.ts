import { RuntimeError } from '@botpress/sdk'
import { channelAccountIdentifier, CustomerIdentity, decodeIdentity } from './customer-identity'

/** Everything a channel message needs, read from the HITL conversation's tags: no Botpress API call. */
export type HitlSession = {
  conversationId: string
  threadId: string
  integrationThreadId: string
  channelId: string
  channelAccountId: string
  inboxId: string
  customerUserId: string
  customer: CustomerIdentity
  customerName?: string
}

type ConversationLike = { id: string; tags: Record<string, string | undefined> }

export function sessionOf(conversation: ConversationLike): HitlSession {
  const { tags } = conversation
  const customer = decodeIdentity(tags.customerIdentity)
  const required = [
    'threadId',
    'integrationThreadId',
    'channelId',
    'channelAccountId',
    'inboxId',
    'customerUserId',
  ] as const
  const missing = required.filter((name) => !tags[name])
  if (missing.length > 0 || !customer) {
    throw new RuntimeError(
      `Conversation ${conversation.id} is not a HubSpot handoff started by this integration (missing ${[...missing, ...(customer ? [] : ['customerIdentity'])].join(', ')}).`,
    )
  }
  return {
    conversationId: conversation.id,
    threadId: tags.threadId!,
    integrationThreadId: tags.integrationThreadId!,
    channelId: tags.channelId!,
    channelAccountId: tags.channelAccountId!,
    inboxId: tags.inboxId!,
    customerUserId: tags.customerUserId!,
    customer,
    customerName: tags.customerName,
  }
}

export const recipientOf = (session: Pick<HitlSession, 'channelId' | 'inboxId'>) => ({
  deliveryIdentifier: channelAccountIdentifier(session.channelId, session.inboxId),
})
