import { randomBytes, randomUUID } from 'node:crypto'
import { isApiError, RuntimeError } from '@botpress/sdk'
import * as bp from '.botpress'
import { readState } from '../platform/state'
import { matchContact } from '../crm/contacts'
import { contactSearchUrl, handoffLinks, handoffNote, recordUrl } from '../crm/handoff-note'
import { findTicketByReference, openTicket } from '../crm/open-ticket'
import { crmSettings } from '../crm/settings'
import { createHubSpotClient, HubSpotClient } from '../hubspot'
import { buildTranscript } from '../render/transcript'
import { selectableInboxIds } from '../setup/inboxes'
import { encodeIdentity } from '../customer/identity'
import { customerDisplayName } from '../customer/parse'
import { claimedValue, identityWarning, sessionIdentity } from '../customer/verification'
import { postNoticeOnce } from './channel/post-notice'
import { publishCustomerContent } from './publish'
import { nextRequestKey, requestKeyOf } from './request-key'
import { SessionRecord, type NewSession } from './session-record'
import { resolveSessionCustomer } from './session-customer'
import { singleFlight } from '../platform/single-flight'
import { sessionAssistMode } from './assist'
import { routeAtHandoff, routingWanted, type RoutingSettings } from './routing/route-at-handoff'

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

type Conversation = { id: string; createdAt: string; tags: Record<string, string | undefined> }

/**
 * The Botpress conversation of this call's session. Every call opens its own (the plugin starts a new session for
 * each escalation, even of the same customer); only a retry of the same request, found by the hash of its input
 * while that session is young and open, gets the session back. The creation is discriminated by that key, so two
 * attempts racing each other still make one conversation.
 */
async function sessionConversation(client: bp.Client, base: string, session: NewSession) {
  const open = (key: string) =>
    client.getOrCreateConversation({ channel: 'hitl', ...SessionRecord.creation(session, key) })
  const reusable = (conversation: Conversation) =>
    SessionRecord.of(client, conversation).isOpen && Date.now() - Date.parse(conversation.createdAt) < RETRY_WINDOW_MS

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
 * The session's ticket, created at most once. Its reference is in the conversation's tags from the moment the
 * conversation exists, and is written into the ticket: a retry (a call that did not create the conversation) whose
 * earlier attempt created the ticket but could not record its id (a Botpress failure, a lost answer, a killed
 * instance) finds it by that reference instead of opening a second one. The first attempt needs no search.
 */
async function ticketOnce(
  hubspot: HubSpotClient,
  session: SessionRecord,
  retried: boolean,
  open: (reference: string) => ReturnType<typeof openTicket>,
): Promise<{ ticketId: string; pipelineId: string }> {
  const reference = session.ticketReference
  const earlier = retried && reference ? await findTicketByReference(hubspot, reference) : undefined
  return earlier ?? open(reference ?? newTicketReference())
}

const newTicketReference = () => randomBytes(12).toString('hex')

/**
 * Opens a thread in the HubSpot inbox with the whole conversation so far, links the customer's contact,
 * opens a ticket and leaves the agent a handoff note (each as configured), and returns the Botpress
 * conversation that stands for the session: a new one for every escalation.
 *
 * Idempotent for retried and parallel copies of the same call: the conversation is keyed on the input (see
 * sessionConversation); the opening message carries an idempotency id derived from it; each step records its
 * result in the conversation's tags before the next, so a retry skips what is done and finishes what is not (the
 * ticket by its reference, the note by reading the thread). Copies running at once in one warm instance share one
 * run; copies in two instances at the same moment are kept apart only by those records, so two tickets remain
 * possible there if both create before either records (a window of one HubSpot call).
 */
export const startHitl: bp.IntegrationProps['actions']['startHitl'] = (props: StartHitlProps) => {
  const requestKey = requestKeyOf(props.input)
  return singleFlight(props.ctx, `startHitl:${requestKey}`, () => startSession(props, requestKey))
}

async function startSession(props: StartHitlProps, requestKey: string) {
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
  const shown = sessionIdentity(identity, {
    verified: ticket?.identityVerified === true,
    linkUnverified: settings.linkUnverifiedContacts,
    visitorId: user.id,
  })

  const ticketWanted = settings.createTicket
  const integrationThreadId = randomUUID()
  const conversation = await sessionConversation(client, requestKey, {
    customerUserId: user.id,
    integrationThreadId,
    channelId: channel.channelId,
    channelAccountId,
    inboxId,
    customerIdentity: encodeIdentity(shown.sender),
    customerName: user.name,
    identityVerified: shown.verified ? 'true' : 'false',
    ...(shown.claimed ? { claimedIdentity: encodeIdentity(shown.claimed) } : {}),
    ...(ticketWanted ? { ticketReference: newTicketReference() } : {}),
    assistMode: sessionAssistMode(ctx.configuration, ticket),
  })
  const session = SessionRecord.of(client, conversation)
  // An earlier attempt (a retry, or a parallel copy in another instance) created the conversation, and may have
  // done steps whose record was lost: those are looked for before they are done again.
  const retried = session.integrationThreadId !== integrationThreadId
  // As the first attempt decided it, should the configuration have changed since.
  const customer = session.identity ?? shown
  // Without the contact search link, known once the account's id is read.
  const unverified = identityWarning(customer)?.text
  // An unverified identity, or the bot gave a reason, mood or language: the agent gets a handoff note (its links
  // are known later).
  const noteWanted = handoffNote({
    identityWarning: unverified,
    reason: ticket?.reason,
    sentiment: ticket?.sentiment,
    language: ticket?.language,
  })
  const noteDone = !noteWanted || session.handoffNoteId
  const routing: RoutingSettings = {
    assignTo: ticket?.assignTo,
    routeToLastAgent: ctx.configuration.routeToLastAgent === true,
    routeToContactOwner: ctx.configuration.routeToContactOwner === true,
  }
  const routed = !routingWanted(routing) || session.routedTo
  if (session.threadId && (!ticketWanted || session.ticketId) && noteDone && routed)
    return { conversationId: session.id }

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
  // A matched contact is recorded with the next step's write (the ticket's, else the thread's).
  let contactId = session.contactId
  // The contact's owner, when the match read it: the owner routing rule then needs no contact read.
  let contactOwnerId: string | null | undefined
  if (!session.threadId && settings.matchContacts && !contactId && !customer.claimed) {
    const match = await matchContact({ client, hubspot, user, identity, ownerWanted: routing.routeToContactOwner })
    contactId = match?.contactId
    contactOwnerId = match?.ownerId
  }
  if (ticketWanted && !session.ticketId) {
    const opened = await ticketOnce(hubspot, session, retried, (reference) =>
      openTicket({
        hubspot,
        reference,
        settings,
        title: input.title,
        description: input.description,
        identityWarning: unverified,
        transcript: transcript.text,
        priority: ticket?.priority,
        custom: ticket?.properties,
        contactId,
        logger,
      }),
    )
    await session.recordTicket({ ...opened, contactId })
  }

  const { ticketId } = session
  const hubId = ticketId || contactId || customer.claimed ? await hubspot.tokens.hubId() : undefined
  const warning = identityWarning(customer, customer.claimed && contactSearchUrl(hubId, claimedValue(customer.claimed)))
  let threadId = session.threadId
  if (!threadId) {
    const links = handoffLinks(hubId, { ticketId, contactId })
    const opening = await publishCustomerContent({
      hubspot,
      session: session.publishTarget(),
      messageId: `${session.id}:opening`,
      createdAt: new Date().toISOString(),
      content: {
        text: [warning?.text, transcript.text, links?.text].filter(Boolean).join('\n\n'),
        markdown: [warning?.markdown, transcript.markdown, links?.markdown].filter(Boolean).join('\n\n'),
        media: [],
      },
      contactId,
      logger,
    })
    threadId = opening.threadId
    await session.recordThread(threadId, contactId)
  }

  if (!noteDone) {
    const note = handoffNote({
      identityWarning: warning?.text,
      reason: ticket?.reason,
      sentiment: ticket?.sentiment,
      language: ticket?.language,
      priority: ticket?.priority,
      ticketUrl: ticketId ? recordUrl(hubId, '0-5', ticketId) : undefined,
      contactUrl: contactId ? recordUrl(hubId, '0-1', contactId) : undefined,
    })!
    // A retry may find the note posted by the earlier attempt (whose record failed), and looks for it first.
    const posted = retried
      ? await postNoticeOnce(hubspot, threadId, note, conversation.createdAt)
      : (await hubspot.conversations.postComment(threadId, { text: note })).id
    await session.recordHandoffNote(posted)
  }

  // Last, so the agent it assigns finds the thread with its note; it never fails the handoff.
  await routeAtHandoff({
    client,
    hubspot,
    logger,
    session,
    threadId,
    settings: routing,
    contact: { contactId, ownerId: contactOwnerId },
  })
  return { conversationId: session.id }
}
