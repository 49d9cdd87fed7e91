import { randomUUID } from 'node:crypto'
import { isApiError, RuntimeError } from '@botpress/sdk'
import * as bp from '.botpress'
import type { hitlConversationTags } from '../../definitions/tags'
import { readState } from '../botpress/state'
import { matchContact } from '../crm/contacts'
import { handoffLinks, handoffNote, recordUrl } from '../crm/handoff-note'
import { openTicket } from '../crm/open-ticket'
import { crmSettings } from '../crm/settings'
import { createHubSpotClient } from '../hubspot'
import { buildTranscript } from '../render/transcript'
import { selectableInboxIds } from '../setup/inboxes'
import { encodeIdentity } from './customer-identity'
import { customerDisplayName } from './identity'
import { publishCustomerContent } from './publish'
import { nextRequestKey, requestKeyOf } from './request-key'
import { publishTargetOf } from './session'
import { resolveSessionCustomer } from './session-customer'

type StartHitlProps = bp.ActionProps['startHitl']
type Ticket = bp.entities.ticket.Ticket
type Customer = bp.ClientResponses['getUser']['user']

/**
 * The session's inbox: the one the card asks for, else the first configured one. Allowed: the configured inboxes
 * and those an admin connected from HubSpot's inbox settings (selectableInboxIds).
 */
function chooseInbox(selectable: ReadonlyArray<string>, configured: ReadonlyArray<string>, ticket: Ticket | undefined) {
  const inboxId = ticket?.inboxId?.trim() || configured[0]
  if (!inboxId || !selectable.includes(inboxId)) {
    throw new RuntimeError(
      `Inbox ${inboxId} is not one of the HubSpot inboxes this integration may use (${selectable.join(', ')}). Use one of those, add it to the integration configuration, or connect it from HubSpot's inbox settings.`,
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

/** Botpress may retry an action this long after the first attempt; later, an identical input is a new escalation. */
const RETRY_WINDOW_MS = 5 * 60_000

type ConversationTags = Partial<Record<keyof typeof hitlConversationTags, string>>

/**
 * The Botpress conversation of this call's session. Every call opens its own (the plugin starts a new session for
 * each escalation, even of the same customer); only a retry of the same request, found by the hash of its input
 * while that session is young and open, gets the session back. The creation is discriminated by that key, so two
 * attempts racing each other still make one conversation.
 */
async function sessionConversation(client: bp.Client, input: StartHitlProps['input'], tags: ConversationTags) {
  const base = requestKeyOf(input)
  const open = (key: string) =>
    client.getOrCreateConversation({
      channel: 'hitl',
      tags: { ...tags, requestKey: key },
      discriminateByTags: ['requestKey'],
    })
  const reusable = (conversation: { tags: ConversationTags; createdAt: string }) =>
    conversation.tags.open !== 'false' && Date.now() - Date.parse(conversation.createdAt) < RETRY_WINDOW_MS

  // The same input escalated again after its session: each later session is keyed on the one before it.
  let conversation = (await open(base)).conversation
  while (!reusable(conversation)) {
    const next = (await open(nextRequestKey(base, conversation.id))).conversation
    if (next.id === conversation.id) break
    conversation = next
  }
  return conversation
}

/**
 * Opens a thread in the HubSpot inbox with the whole conversation so far, links the customer's contact,
 * opens a ticket and leaves the agent a handoff note (each as configured), and returns the Botpress
 * conversation that stands for the session: a new one for every escalation.
 *
 * Idempotent for a retry of the same call: the conversation is keyed on the input (see sessionConversation);
 * the opening message carries an idempotency id derived from it; and each step records its result in the
 * conversation's tags before the next, so a retry skips what is done and never opens a second thread or
 * a second ticket.
 */
export const startHitl: bp.IntegrationProps['actions']['startHitl'] = async (props: StartHitlProps) => {
  const { ctx, client, input } = props
  const logger = props.logger.forBot()
  const ticket = input.hitlSession
  const settings = crmSettings(ctx.configuration, ticket)
  const channel = await readState(client, 'integration', ctx.integrationId, 'channel')
  const inboxId = chooseInbox(
    selectableInboxIds(ctx.configuration.inboxIds, channel),
    ctx.configuration.inboxIds,
    ticket,
  )
  const channelAccountId = channel?.channelAccounts[inboxId]
  if (!channel || !channelAccountId) {
    throw new RuntimeError(
      `HubSpot inbox ${inboxId} is not connected yet. Connect the HubSpot account and save the integration configuration, then try again.`,
    )
  }
  const found = await getCustomer(client, input.userId)
  const identity = await resolveSessionCustomer(client, found, ticket, props.logger)
  const user = { ...found, name: customerDisplayName(found.name) }

  const conversation = await sessionConversation(client, input, {
    customerUserId: user.id,
    open: 'true',
    integrationThreadId: randomUUID(),
    channelId: channel.channelId,
    channelAccountId,
    inboxId,
    customerIdentity: encodeIdentity(identity),
    customerName: user.name,
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

  // The ticket before the thread: the opening message then says where it is, and a ticket HubSpot refuses fails
  // the handoff before an agent sees a thread whose session the plugin never activates.
  if (!tags.threadId && settings.matchContacts && !tags.contactId) {
    tags.contactId = (await matchContact({ client, hubspot, user, identity }))?.contactId
  }
  if (ticketWanted && !tags.ticketId) {
    const opened = await openTicket({
      hubspot,
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
      tags: { ticketId: opened.ticketId, ticketPipelineId: opened.pipelineId, contactId: tags.contactId },
    })
  }

  const hubId = tags.ticketId || tags.contactId ? await hubspot.tokens.hubId() : undefined
  if (!tags.threadId) {
    const links = handoffLinks(hubId, tags)
    const opening = await publishCustomerContent({
      hubspot,
      session: publishTargetOf(conversation),
      messageId: `${conversation.id}:opening`,
      createdAt: new Date().toISOString(),
      content: {
        text: [transcript.text, links?.text].filter(Boolean).join('\n\n'),
        markdown: [transcript.markdown, links?.markdown].filter(Boolean).join('\n\n'),
        media: [],
      },
      contactId: tags.contactId,
      logger,
    })
    tags.threadId = opening.threadId
    await client.updateConversation({
      id: conversation.id,
      tags: { threadId: tags.threadId, contactId: tags.contactId, handedOverAt: new Date().toISOString() },
    })
  }

  const note = handoffNote({
    reason: ticket?.reason,
    sentiment: ticket?.sentiment,
    language: ticket?.language,
    priority: ticket?.priority,
    ticketUrl: tags.ticketId ? recordUrl(hubId, '0-5', tags.ticketId) : undefined,
    contactUrl: tags.contactId ? recordUrl(hubId, '0-1', tags.contactId) : undefined,
  })
  if (note) await hubspot.conversations.postComment(tags.threadId, { text: note })
  return { conversationId: conversation.id }
}
