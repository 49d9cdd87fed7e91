/** Publishing into a custom channel and message status (hubspot-facts.md §3): OAuth bearer. */
import { MESSAGE_TEXT_MAX_CHARACTERS } from '../defaults'
import { json, notFound, validationError } from '../errors'
import { integratorActorId, renderMessage, visitorActorId } from '../render'
import type { Route, RouteContext } from '../router'
import type { HubSpotStore } from '../store'
import { appendItem, resolveThread, visitorFor } from '../threads'
import { contactOwning } from '../crm/state'
import type { DeliveryIdentifier, MessageRecord, Participant } from '../types'
import { queueAppEvent } from '../webhook-events'
import { readAttachments } from './attachments'
import { BodyCheck, isIsoDateTime, isRecord, jsonObjectBody, readDeliveryIdentifier } from '../validation'

const BASE = '/conversations/v3/custom-channels/:channelId/messages'

type InputParticipant = { deliveryIdentifier: DeliveryIdentifier; name?: string; senderActorId?: string }

/** `ChannelIntegrationParticipant[]`: each needs a valid deliveryIdentifier; name/senderActorId are optional. */
function readParticipants(
  check: BodyCheck,
  body: Record<string, unknown>,
  key: 'senders' | 'recipients',
  nonEmpty: boolean,
): InputParticipant[] {
  const list = check.array(body, key)
  if (!list) return []
  if (nonEmpty && list.length === 0) check.invalid(key, 'must contain at least one participant')
  const participants: InputParticipant[] = []
  list.forEach((item, index) => {
    const path = `${key}[${index}]`
    if (!isRecord(item)) return check.invalid(path, 'expected an object')
    const deliveryIdentifier = readDeliveryIdentifier(check, item, 'deliveryIdentifier', path)
    const name = check.string(item, 'name', path, false)
    const senderActorId = check.string(item, 'senderActorId', path, false)
    if (deliveryIdentifier)
      participants.push({
        deliveryIdentifier,
        ...(name !== undefined ? { name } : {}),
        ...(senderActorId !== undefined ? { senderActorId } : {}),
      })
  })
  return participants
}

function publishMessage({ store, params, body, token, url }: RouteContext): Response {
  const channel = store.liveChannel(params.channelId as string)
  const input = jsonObjectBody(body)
  const check = new BodyCheck()
  const channelAccountId = check.id(input, 'channelAccountId')
  const direction = check.enumValue(input, 'messageDirection', ['INCOMING', 'OUTGOING'] as const)
  const senders = readParticipants(check, input, 'senders', true)
  const recipients = readParticipants(check, input, 'recipients', direction === 'OUTGOING')
  const text = check.string(input, 'text')
  if (text !== undefined && text.length > MESSAGE_TEXT_MAX_CHARACTERS)
    check.invalid('text', `must be at most ${MESSAGE_TEXT_MAX_CHARACTERS} characters (got ${text.length})`, 'TOO_LONG')
  const richText = check.string(input, 'richText', '', false)
  const timestamp = check.string(input, 'timestamp')
  if (timestamp !== undefined && !isIsoDateTime(timestamp))
    check.invalid('timestamp', 'must be an ISO-8601 date-time', 'INVALID_DATE_TIME')
  const attachments = readAttachments(store, check, token.hubId, check.array(input, 'attachments'))
  const integrationThreadId = check.string(input, 'integrationThreadId', '', false, true)
  const integrationIdempotencyId = check.string(input, 'integrationIdempotencyId', '', false, true)
  const inReplyToId = check.string(input, 'inReplyToId', '', false)
  check.number(input, 'associateWithContactId', '', false)
  const preResolved = check.object(input, 'preResolvedContacts', '', false) as
    { contacts?: { contactVid?: unknown; contactPropertiesLeadingToMatch?: unknown }[] } | undefined
  const preResolvedVid = preResolved?.contacts?.[0]?.contactVid
  if (
    preResolved !== undefined &&
    (typeof preResolvedVid !== 'number' || !Array.isArray(preResolved.contacts?.[0]?.contactPropertiesLeadingToMatch))
  )
    check.invalid(
      'preResolvedContacts',
      'contacts[].contactVid (number) and contactPropertiesLeadingToMatch (array) are required',
    )
  check.throwIfAny()
  // The integration tells HubSpot which CRM contact the visitor is: it must exist (UNCONFIRMED: HubSpot's exact error).
  if (typeof preResolvedVid === 'number' && !store.crm.portal(token.hubId).objects.contacts.has(String(preResolvedVid)))
    throw validationError(`Contact ${preResolvedVid} in preResolvedContacts does not exist`)

  const account = store.channelAccounts.get(channelAccountId as string)
  if (!account || account.hubId !== token.hubId || account.channelId !== channel.id || account.archived)
    throw validationError(`Channel account ${channelAccountId} does not exist for channel ${channel.id}`, {
      errors: [{ message: 'Unknown channel account', code: 'INVALID_CHANNEL_ACCOUNT', in: 'channelAccountId' }],
    })
  // UNCONFIRMED: an unauthorized (disabled) account refuses new messages.
  if (!account.authorized) throw validationError(`Channel account ${account.id} is not authorized`)

  // UNCONFIRMED, our assumption: a repeated integrationIdempotencyId in the same channel returns the message
  // created the first time (201, same body) instead of creating a duplicate.
  const idempotencyKey =
    integrationIdempotencyId !== undefined ? `${channel.id}:${integrationIdempotencyId}` : undefined
  const earlierId = idempotencyKey !== undefined ? store.idempotency.get(idempotencyKey) : undefined
  if (earlierId !== undefined) {
    const earlier = findMessage(store, earlierId)
    if (earlier) return json(201, renderMessage(store, earlier))
  }

  const business = direction === 'INCOMING' ? recipients : senders
  for (const participant of business)
    if (participant.senderActorId !== undefined && !store.agentFor(token.hubId, participant.senderActorId))
      throw validationError(`senderActorId ${participant.senderActorId} is not a user of this HubSpot account`)
  const businessParticipants: Participant[] = business.map((p) => ({
    deliveryIdentifier: p.deliveryIdentifier,
    ...(p.name !== undefined ? { name: p.name } : {}),
    ...(p.senderActorId !== undefined ? { actorId: p.senderActorId } : {}),
  }))
  const visitorSide = (direction === 'INCOMING' ? senders[0] : recipients[0]) as InputParticipant
  // Without a pre-resolved contact, HubSpot links the contact that owns an email or phone sender (assumed).
  const owner =
    typeof preResolvedVid === 'number'
      ? undefined
      : contactOwning(store.crm.portal(token.hubId), visitorSide.deliveryIdentifier)
  const visitor = visitorFor(
    store,
    token.hubId,
    visitorSide.deliveryIdentifier,
    visitorSide.name,
    (preResolvedVid as number | undefined) ?? (owner ? Number(owner.id) : undefined),
  )
  const visitorParticipant: Participant = {
    actorId: visitorActorId(visitor.contactId),
    deliveryIdentifier: visitor.deliveryIdentifier,
    ...(visitorSide.name !== undefined ? { name: visitorSide.name } : {}),
  }

  const { thread, created, reopened } = resolveThread(store, {
    channel,
    account,
    visitor,
    ...(integrationThreadId !== undefined ? { integrationThreadId } : {}),
  })
  const message: MessageRecord = {
    kind: 'MESSAGE',
    id: store.newMessageId(),
    threadId: thread.id,
    channelId: channel.id,
    channelAccountId: account.id,
    direction: direction as 'INCOMING' | 'OUTGOING',
    clientType: 'INTEGRATION',
    createdBy:
      direction === 'INCOMING'
        ? visitorActorId(visitor.contactId)
        : (businessParticipants[0]?.actorId ?? integratorActorId(store.app.appId)),
    // Our assumption: createdAt is the external `timestamp` (when the message was sent on the channel).
    createdAt: new Date(timestamp as string).toISOString(),
    senders: direction === 'INCOMING' ? [visitorParticipant] : businessParticipants,
    recipients: direction === 'INCOMING' ? businessParticipants : [visitorParticipant],
    text: text as string,
    ...(richText !== undefined ? { richText } : {}),
    ...(inReplyToId !== undefined ? { inReplyToId } : {}),
    attachments,
    ...(direction === 'INCOMING' ? { status: { statusType: 'RECEIVED' as const } } : {}),
    ...(integrationIdempotencyId !== undefined ? { integrationIdempotencyId } : {}),
  }
  appendItem(store, thread, message)
  if (idempotencyKey !== undefined) store.idempotency.set(idempotencyKey, message.id)

  const changeSource = 'INTEGRATION'
  if (created)
    queueAppEvent(store, thread, { subscriptionType: 'conversation.creation', changeFlag: 'NEW', changeSource })
  if (reopened)
    queueAppEvent(store, thread, {
      subscriptionType: 'conversation.propertyChange',
      propertyName: 'status',
      propertyValue: 'OPEN',
      changeSource,
    })
  queueAppEvent(store, thread, {
    subscriptionType: 'conversation.newMessage',
    messageId: message.id,
    messageType: 'MESSAGE',
    changeFlag: 'NEW_MESSAGE',
    changeSource,
  })
  return json(201, renderMessage(store, message), { location: `${url.origin}${url.pathname}/${message.id}` })
}

function findMessage(store: HubSpotStore, messageId: string): MessageRecord | undefined {
  const thread = store.threads.get(store.messageThreads.get(messageId) ?? '')
  const item = thread?.items.find((candidate) => candidate.id === messageId)
  return item?.kind === 'MESSAGE' ? item : undefined
}

function messageInChannel({ store, params, token }: RouteContext): MessageRecord {
  store.liveChannel(params.channelId as string)
  const message = findMessage(store, params.messageId as string)
  const thread = message && store.threads.get(message.threadId)
  if (!message || !thread || thread.hubId !== token.hubId || message.channelId !== params.channelId)
    throw notFound(`Message ${params.messageId} does not exist in channel ${params.channelId}`)
  return message
}

function getMessage(ctx: RouteContext): Response {
  return json(200, renderMessage(ctx.store, messageInChannel(ctx)))
}

function updateMessageStatus(ctx: RouteContext): Response {
  const message = messageInChannel(ctx)
  const input = jsonObjectBody(ctx.body)
  const check = new BodyCheck()
  // RECEIVED exists in the read model only (hubspot-facts.md §3).
  const statusType = check.enumValue(input, 'statusType', ['SENT', 'FAILED', 'READ'] as const)
  const errorMessage = check.string(input, 'errorMessage', '', false)
  check.throwIfAny()
  // UNCONFIRMED, our assumption: only OUTGOING messages (what agents send) carry a delivery status we report.
  if (message.direction !== 'OUTGOING')
    throw validationError(`Message ${message.id} is INCOMING; only OUTGOING message statuses can be updated`)
  message.status =
    statusType === 'FAILED'
      ? {
          statusType,
          failureDetails: { errorMessageTokens: {}, ...(errorMessage !== undefined ? { errorMessage } : {}) },
        }
      : { statusType: statusType as 'SENT' | 'READ' }
  message.updatedAt = ctx.store.isoNow()
  return json(200, renderMessage(ctx.store, message))
}

const bearer = (anyOfScopes: string[]) => ({ kind: 'bearer', anyOfScopes }) as const

export const channelMessageRoutes: Route[] = [
  {
    name: 'publishMessage',
    method: 'POST',
    path: BASE,
    auth: bearer(['conversations.custom_channels.write']),
    handle: publishMessage,
  },
  {
    name: 'getChannelMessage',
    method: 'GET',
    path: `${BASE}/:messageId`,
    auth: bearer(['conversations.custom_channels.read']),
    handle: getMessage,
  },
  {
    name: 'updateMessageStatus',
    method: 'PATCH',
    path: `${BASE}/:messageId`,
    auth: bearer(['conversations.custom_channels.write']),
    handle: updateMessageStatus,
  },
]
