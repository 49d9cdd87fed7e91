import { randomUUID } from 'node:crypto'
import { isApiError, RuntimeError } from '@botpress/sdk'
import * as bp from '.botpress'
import { readState } from '../botpress/state'
import { createHubSpotClient } from '../hubspot'
import { buildTranscript } from '../render/transcript'
import { CustomerIdentity, decodeIdentity, encodeIdentity } from './customer-identity'
import { parsePhone } from './identity'
import { publishCustomerContent } from './publish'
import { HitlSession } from './session'

type StartHitlProps = Parameters<bp.IntegrationProps['actions']['startHitl']>[0]
type Ticket = bp.entities.ticket.Ticket

/** The session's inbox: the one the card asks for, else the default; only configured inboxes are allowed. */
function chooseInbox(configured: ReadonlyArray<string>, ticket: Ticket | undefined): string {
  const inboxId = ticket?.inboxId?.trim() || configured[0]
  if (!inboxId || !configured.includes(inboxId)) {
    throw new RuntimeError(
      `Inbox ${inboxId} is not one of the configured HubSpot inboxes (${configured.join(', ')}). Use one of those, or add it to the integration configuration.`,
    )
  }
  return inboxId
}

async function getCustomer(client: bp.Client, userId: string) {
  try {
    return (await client.getUser({ id: userId })).user
  } catch (thrown) {
    if (isApiError(thrown) && thrown.code === 404)
      throw new RuntimeError(`User ${userId} does not exist; call createUser first and pass the userId it returns.`)
    throw thrown
  }
}

/** A phone given on the card identifies an otherwise anonymous customer (and is kept on the user for next time). */
async function resolveIdentity(
  client: bp.Client,
  user: Awaited<ReturnType<typeof getCustomer>>,
  ticket: Ticket | undefined,
): Promise<CustomerIdentity> {
  const current = decodeIdentity(user.tags.identity)
  if (!current) throw new RuntimeError(`User ${user.id} was not created by this integration's createUser.`)
  if (current.kind !== 'visitor' || !ticket?.phone) return current
  const phone = parsePhone(ticket.phone)
  if (!phone)
    throw new RuntimeError(
      `The phone number "${ticket.phone}" is not valid; use the international form, e.g. +14155550123.`,
    )
  const identity: CustomerIdentity = { kind: 'phone', phone }
  await client.updateUser({ id: user.id, tags: { phone } })
  return identity
}

/**
 * Opens a thread in the HubSpot inbox with the whole conversation so far, and the Botpress conversation
 * that stands for it. Idempotent: the conversation is found-or-created first (one open session per
 * customer), and the opening message carries an idempotency id derived from it, so a retried call
 * returns the same conversation and the same thread.
 */
export const startHitl: bp.IntegrationProps['actions']['startHitl'] = async (props: StartHitlProps) => {
  const { ctx, client, input } = props
  const logger = props.logger.forBot()
  const ticket = input.hitlSession
  const inboxId = chooseInbox(ctx.configuration.inboxIds, ticket)
  const channel = await readState(client, 'integration', ctx.integrationId, 'channel')
  const channelAccountId = channel?.channelAccounts[inboxId]
  if (!channel || !channelAccountId) {
    throw new RuntimeError(
      `HubSpot inbox ${inboxId} is not connected yet. Connect the HubSpot account and save the integration configuration, then try again.`,
    )
  }
  const user = await getCustomer(client, input.userId)
  const identity = await resolveIdentity(client, user, ticket)

  const { conversation } = await client.getOrCreateConversation({
    channel: 'hitl',
    tags: {
      customerUserId: user.id,
      open: 'true',
      integrationThreadId: randomUUID(),
      channelId: channel.channelId,
      channelAccountId,
      inboxId,
      customerIdentity: encodeIdentity(identity),
      customerName: user.name ?? undefined,
    },
    discriminateByTags: ['customerUserId', 'open'],
  })
  if (conversation.tags.threadId) return { conversationId: conversation.id }

  // Published from the tags of the conversation found or created, so a retry reuses the same thread id.
  const session: HitlSession = {
    conversationId: conversation.id,
    threadId: '',
    integrationThreadId: conversation.tags.integrationThreadId!,
    channelId: conversation.tags.channelId!,
    channelAccountId: conversation.tags.channelAccountId!,
    inboxId: conversation.tags.inboxId!,
    customerUserId: user.id,
    customer: decodeIdentity(conversation.tags.customerIdentity) ?? identity,
    customerName: conversation.tags.customerName,
  }
  const transcript = buildTranscript({
    title: input.title,
    description:
      [ticket?.priority && `Priority: ${ticket.priority}`, input.description].filter(Boolean).join('\n') || undefined,
    history: input.messageHistory,
    customerName: user.name || 'Customer',
  })
  const hubspot = createHubSpotClient(props)
  const openingId = `${conversation.id}:opening`
  const opening = await publishCustomerContent({
    hubspot,
    session,
    messageId: openingId,
    createdAt: new Date().toISOString(),
    content: { text: transcript.text, markdown: transcript.markdown, media: [] },
    logger,
  })
  await client.updateConversation({ id: conversation.id, tags: { threadId: opening.threadId } })
  return { conversationId: conversation.id }
}
