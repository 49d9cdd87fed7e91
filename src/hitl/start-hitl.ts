import { randomUUID } from 'node:crypto'
import { isApiError, RuntimeError } from '@botpress/sdk'
import * as bp from '.botpress'
import { readState } from '../botpress/state'
import { matchContact } from '../crm/contacts'
import { handoffNote, recordUrl } from '../crm/handoff-note'
import { openTicket } from '../crm/open-ticket'
import { crmSettings } from '../crm/settings'
import { createHubSpotClient } from '../hubspot'
import { buildTranscript } from '../render/transcript'
import { CustomerIdentity, decodeIdentity, encodeIdentity } from './customer-identity'
import { parsePhone } from './identity'
import { publishCustomerContent } from './publish'
import { publishTargetOf } from './session'

type StartHitlProps = Parameters<bp.IntegrationProps['actions']['startHitl']>[0]
type Ticket = bp.entities.ticket.Ticket
type Customer = Awaited<ReturnType<bp.Client['getUser']>>['user']

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

async function getCustomer(client: bp.Client, userId: string): Promise<Customer> {
  try {
    return (await client.getUser({ id: userId })).user
  } catch (thrown) {
    if (isApiError(thrown) && thrown.code === 404) {
      throw new RuntimeError(`User ${userId} does not exist; call createUser first and pass the userId it returns.`)
    }
    throw thrown
  }
}

/** A phone given on the card identifies an otherwise anonymous customer (and is kept on the user for next time). */
async function resolveIdentity(
  client: bp.Client,
  user: Customer,
  ticket: Ticket | undefined,
): Promise<CustomerIdentity> {
  const current = decodeIdentity(user.tags.identity)
  if (!current) throw new RuntimeError(`User ${user.id} was not created by this integration's createUser.`)
  if (current.kind !== 'visitor' || !ticket?.phone) return current
  const phone = parsePhone(ticket.phone)
  if (!phone) {
    throw new RuntimeError(
      `The phone number "${ticket.phone}" is not valid; use the international form, e.g. +14155550123.`,
    )
  }
  await client.updateUser({ id: user.id, tags: { phone } })
  return { kind: 'phone', phone }
}

/**
 * Opens a thread in the HubSpot inbox with the whole conversation so far, links the customer's contact,
 * opens a ticket and leaves the agent a handoff note (each as configured), and returns the Botpress
 * conversation that stands for the session.
 *
 * Idempotent: the conversation is found-or-created first (one open session per customer); the opening
 * message carries an idempotency id derived from it; and each step records its result in the
 * conversation's tags before the next, so a retry skips what is done and never opens a second thread or
 * a second ticket.
 */
export const startHitl: bp.IntegrationProps['actions']['startHitl'] = async (props: StartHitlProps) => {
  const { ctx, client, input } = props
  const logger = props.logger.forBot()
  const ticket = input.hitlSession
  const settings = crmSettings(ctx.configuration, ticket)
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
  const tags = { ...conversation.tags }
  const ticketWanted = settings.createTicket
  if (tags.threadId && (!ticketWanted || tags.ticketId)) return { conversationId: conversation.id }

  const hubspot = createHubSpotClient(props)
  const customerName = user.name || 'Customer'
  const transcript = buildTranscript({
    title: input.title,
    description:
      [ticket?.priority && `Priority: ${ticket.priority}`, input.description].filter(Boolean).join('\n') || undefined,
    history: input.messageHistory,
    customerName,
  })

  if (!tags.threadId) {
    const contact = settings.matchContacts ? await matchContact({ client, hubspot, user, identity }) : undefined
    const opening = await publishCustomerContent({
      hubspot,
      session: publishTargetOf(conversation),
      messageId: `${conversation.id}:opening`,
      createdAt: new Date().toISOString(),
      content: { text: transcript.text, markdown: transcript.markdown, media: [] },
      contactId: contact?.contactId,
      logger,
    })
    tags.threadId = opening.threadId
    tags.contactId = contact?.contactId
    await client.updateConversation({
      id: conversation.id,
      tags: { threadId: tags.threadId, contactId: tags.contactId },
    })
  }

  if (ticketWanted && !tags.ticketId) {
    const opened = await openTicket({
      hubspot,
      account: ctx.integrationId,
      settings,
      title: input.title,
      description: input.description,
      transcript: transcript.text,
      priority: ticket?.priority,
      custom: ticket?.properties,
      contactId: tags.contactId,
      logger,
    })
    tags.ticketId = opened.ticketId
    await client.updateConversation({
      id: conversation.id,
      tags: { ticketId: opened.ticketId, ticketPipelineId: opened.pipelineId },
    })
  }

  const hubId = tags.ticketId || tags.contactId ? await hubspot.tokens.hubId() : undefined
  const note = handoffNote({
    reason: ticket?.reason,
    sentiment: ticket?.sentiment,
    language: ticket?.language,
    priority: ticket?.priority,
    ticketUrl: tags.ticketId ? recordUrl(hubId, '0-5', tags.ticketId) : undefined,
    contactUrl: tags.contactId ? recordUrl(hubId, '0-1', tags.contactId) : undefined,
  })
  if (note) await hubspot.conversations.postComment(tags.threadId!, { text: note })
  return { conversationId: conversation.id }
}
