/** Conversations inboxes, thread messages/comments and actors (hubspot-facts.md §4): OAuth bearer. */
import { json, notFound, validationError } from '../errors'
import { integratorActorId, renderHistoryItem, renderInbox } from '../render'
import type { Route, RouteContext } from '../router'
import type { HubSpotStore } from '../store'
import { appendItem, createOutgoingMessage, sortedItems } from '../threads'
import type { CommentRecord, HistoryItem } from '../types'
import { outgoingMessageEvent, queueAppEvent, queueIfSubscribed } from '../webhook-events'
import { readAttachments } from './attachments'
import {
  BodyCheck,
  booleanQuery,
  forwardPage,
  isRecord,
  jsonObjectBody,
  paginate,
  readDeliveryIdentifier,
} from '../validation'

const BASE = '/conversations/v3/conversations'
const READ = { kind: 'bearer', anyOfScopes: ['conversations.read'] } as const
const WRITE = { kind: 'bearer', anyOfScopes: ['conversations.write'] } as const
const COMMENT_ATTACHMENT_TYPES = ['FILE', 'QUICK_REPLIES', 'SOCIAL_MEDIA_METADATA'] as const

function listInboxes({ store, token, url }: RouteContext): Response {
  // Inboxes are never archived here, so `archived=true` lists nothing.
  const inboxes = booleanQuery(url, 'archived') ? [] : store.portal(token.hubId).inboxes
  const page = paginate(inboxes, url)
  return json(200, { ...page, results: page.results.map(renderInbox) })
}

function getInbox({ store, token, params }: RouteContext): Response {
  const inbox = store.portal(token.hubId).inboxes.find((candidate) => candidate.id === params.inboxId)
  if (!inbox) throw notFound(`Inbox ${params.inboxId} does not exist`)
  return json(200, renderInbox(inbox))
}

function listThreadMessages({ store, token, params, url }: RouteContext): Response {
  const thread = store.threadFor(token.hubId, params.threadId as string, booleanQuery(url, 'archived'))
  const sort = url.searchParams.get('sort') ?? '-createdAt'
  if (sort !== 'createdAt' && sort !== '-createdAt') throw validationError('sort must be createdAt or -createdAt')
  const page = forwardPage(paginate(sortedItems(thread, sort === '-createdAt'), url))
  return json(200, { ...page, results: page.results.map((item) => renderHistoryItem(store, item)) })
}

function getThreadMessage({ store, token, params }: RouteContext): Response {
  const thread = store.threadFor(token.hubId, params.threadId as string, true)
  const item = thread.items.find((candidate) => candidate.id === params.messageId)
  if (!item) throw notFound(`Message ${params.messageId} does not exist in thread ${thread.id}`)
  return json(200, renderHistoryItem(store, item))
}

/** `PublicCommentEgg` (internal note) or `PublicConversationsMessageEgg` (a message sent as an agent). */
function postThreadMessage({ store, token, params, body }: RouteContext): Response {
  const thread = store.threadFor(token.hubId, params.threadId as string, false)
  const input = jsonObjectBody(body)
  const check = new BodyCheck()
  const type = check.enumValue(input, 'type', ['MESSAGE', 'COMMENT'] as const)
  const text = check.string(input, 'text')
  const richText = check.string(input, 'richText', '', false)
  const list = check.array(input, 'attachments')
  let item: HistoryItem
  if (type === 'COMMENT') {
    const attachments = readAttachments(store, check, token.hubId, list, COMMENT_ATTACHMENT_TYPES)
    check.throwIfAny()
    const comment: CommentRecord = {
      kind: 'COMMENT',
      id: store.newMessageId(),
      threadId: thread.id,
      clientType: 'INTEGRATION',
      createdBy: integratorActorId(store.app.appId),
      createdAt: store.isoNow(),
      text: text as string,
      ...(richText !== undefined ? { richText } : {}),
      attachments,
    }
    appendItem(store, thread, comment)
    item = comment
  } else {
    const attachments = readAttachments(store, check, token.hubId, list)
    const channelId = check.id(input, 'channelId')
    const channelAccountId = check.id(input, 'channelAccountId')
    const senderActorId = check.string(input, 'senderActorId', '', true, true)
    const subject = check.string(input, 'subject', '', false)
    const recipients = check.array(input, 'recipients') ?? []
    recipients.forEach((recipient, index) => {
      const path = `recipients[${index}]`
      if (!isRecord(recipient)) return check.invalid(path, 'expected an object')
      check.array(recipient, 'deliveryIdentifiers', path)
      readDeliveryIdentifier(check, recipient, 'deliveryIdentifier', path, false)
    })
    check.throwIfAny()
    if (channelId !== thread.channelId || channelAccountId !== thread.channelAccountId)
      throw validationError(`channelId/channelAccountId must be those of thread ${thread.id}`)
    if (!store.agentFor(token.hubId, senderActorId as string))
      throw validationError(`senderActorId ${senderActorId} is not an agent of this HubSpot account`)
    const message = createOutgoingMessage(store, thread, {
      actorId: senderActorId as string,
      text: text as string,
      ...(richText !== undefined ? { richText } : {}),
      ...(subject !== undefined ? { subject } : {}),
      attachments,
      clientType: 'INTEGRATION',
    })
    // UNCONFIRMED (hubspot-facts.md §4): a MESSAGE posted here on a custom-channel thread reaches the channel webhook too.
    queueIfSubscribed(store, outgoingMessageEvent(store, thread, message))
    item = message
  }
  queueAppEvent(store, thread, {
    subscriptionType: 'conversation.newMessage',
    messageId: item.id,
    messageType: item.kind === 'COMMENT' ? 'COMMENT' : 'MESSAGE',
    changeFlag: 'NEW_MESSAGE',
    changeSource: 'INTEGRATION',
  })
  return json(201, renderHistoryItem(store, item))
}

/** Actor union (hubspot-facts.md §4): agents, visitors of this portal's threads, and our own integration actor. */
function findActor(store: HubSpotStore, hubId: number, actorId: string): Record<string, unknown> | undefined {
  const agent = store.agentFor(hubId, actorId)
  if (agent)
    return {
      type: 'AGENT',
      id: actorId,
      name: agent.name,
      ...(agent.email ? { email: agent.email } : {}),
      ...(agent.avatar ? { avatar: agent.avatar } : {}),
    }
  const visitorMatch = /^V-(\d+)$/.exec(actorId)
  if (visitorMatch) {
    const visitor = store.portal(hubId).visitors.find((candidate) => candidate.contactId === Number(visitorMatch[1]))
    if (!visitor) return undefined
    const email = visitor.deliveryIdentifier.type === 'HS_EMAIL_ADDRESS' ? visitor.deliveryIdentifier.value : undefined
    return {
      type: 'VISITOR',
      id: actorId,
      ...(visitor.name ? { name: visitor.name } : {}),
      ...(email ? { email } : {}),
    }
  }
  if (actorId === integratorActorId(store.app.appId)) return { type: 'INTEGRATOR', id: actorId, name: 'Emulated app' }
  return undefined
}

function getActor({ store, token, params }: RouteContext): Response {
  const actor = findActor(store, token.hubId, params.actorId as string)
  if (!actor) throw notFound(`Actor ${params.actorId} does not exist`)
  return json(200, actor)
}

function batchReadActors({ store, token, body }: RouteContext): Response {
  const input = jsonObjectBody(body)
  const check = new BodyCheck()
  const inputs = check.array(input, 'inputs') ?? []
  inputs.forEach((id, index) => {
    if (typeof id !== 'string') check.invalid(`inputs[${index}]`, 'expected an actor id string')
  })
  check.throwIfAny()
  const startedAt = store.isoNow()
  const results: Record<string, unknown>[] = []
  const missing: string[] = []
  for (const id of inputs as string[]) {
    const actor = findActor(store, token.hubId, id)
    if (actor) results.push(actor)
    else missing.push(id)
  }
  const response = { status: 'COMPLETE', results, startedAt, completedAt: store.isoNow() }
  if (missing.length === 0) return json(200, response)
  return json(207, {
    ...response,
    numErrors: 1,
    errors: [
      {
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        message: 'Some actors were not found',
        context: { ids: missing },
      },
    ],
  })
}

export const conversationRoutes: Route[] = [
  { name: 'listInboxes', method: 'GET', path: `${BASE}/inboxes`, auth: READ, handle: listInboxes },
  { name: 'getInbox', method: 'GET', path: `${BASE}/inboxes/:inboxId`, auth: READ, handle: getInbox },
  {
    name: 'listThreadMessages',
    method: 'GET',
    path: `${BASE}/threads/:threadId/messages`,
    auth: READ,
    handle: listThreadMessages,
  },
  {
    name: 'getThreadMessage',
    method: 'GET',
    path: `${BASE}/threads/:threadId/messages/:messageId`,
    auth: READ,
    handle: getThreadMessage,
  },
  {
    name: 'postThreadMessage',
    method: 'POST',
    path: `${BASE}/threads/:threadId/messages`,
    auth: WRITE,
    handle: postThreadMessage,
  },
  { name: 'getActor', method: 'GET', path: `${BASE}/actors/:actorId`, auth: READ, handle: getActor },
  { name: 'batchReadActors', method: 'POST', path: `${BASE}/actors/batch/read`, auth: READ, handle: batchReadActors },
]
