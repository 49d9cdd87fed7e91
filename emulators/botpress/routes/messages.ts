import type { Message } from '@botpress/client'
import { notFound } from '../errors'
import { listPage, pageMeta } from '../listing'
import { route, type Route, type RouteContext } from '../router'
import { clone, type ConversationRecord, type MessageRecord } from '../store'
import { assertDeclaredTags, initialTags, lookupTags, matchesTags, mergeTags, tagFilterFromQuery } from '../tags'
import {
  optionalEnum,
  optionalObject,
  optionalStringArray,
  requireNonEmptyString,
  requireObject,
  requireString,
  requireTags,
  type Tags,
} from '../validation'
import { requireConversation } from './conversations'
import { requireUser } from './users'

type MessageInput = {
  type: string
  payload: Message['payload']
  userId: string
  conversationId: string
  tags: Tags
  origin?: 'synthetic'
}

function requireMessage(ctx: RouteContext, id: string): MessageRecord {
  const message = ctx.store.messages.get(id)
  if (!message) throw notFound(`Message "${id}" not found`)
  return message
}

function assertMessageTags(ctx: RouteContext, conversation: ConversationRecord, tags: Tags | undefined): void {
  const declared = ctx.settings.definition?.channels?.[conversation.channel]?.messageTags
  assertDeclaredTags(tags, declared, 'Message')
}

/** Shape checks first (400), then references (404), as the real API answers a malformed body before looking up ids. */
function parseMessageInput(ctx: RouteContext): MessageInput & { conversation: ConversationRecord } {
  const { body } = ctx
  const input: MessageInput = {
    payload: requireObject(body, 'payload'),
    userId: requireNonEmptyString(body, 'userId'),
    conversationId: requireNonEmptyString(body, 'conversationId'),
    type: requireString(body, 'type'),
    tags: requireTags(body),
    origin: optionalEnum(body, 'origin', ['synthetic'] as const),
  }
  optionalObject(body, 'schedule')
  const conversation = requireConversation(ctx, input.conversationId)
  requireUser(ctx, input.userId)
  assertMessageTags(ctx, conversation, input.tags)
  return { ...input, conversation }
}

function createMessageRecord(ctx: RouteContext, input: MessageInput): MessageRecord {
  const now = ctx.store.timestamp()
  const message: MessageRecord = {
    id: ctx.store.nextId('message'),
    createdAt: now,
    updatedAt: now,
    type: input.type,
    payload: clone(input.payload),
    // Integrations post what users (or HITL agents) said, which is incoming for the bot; the bot's own are outgoing.
    direction: ctx.caller.integrationId ? 'incoming' : 'outgoing',
    userId: input.userId,
    conversationId: input.conversationId,
    tags: initialTags(input.tags),
    ...(input.origin !== undefined && { origin: input.origin }),
  }
  ctx.store.messages.set(message.id, message)
  ctx.store.addParticipant(input.conversationId, input.userId)
  ctx.store.announce({ kind: 'message', record: message })
  return message
}

export const messageRoutes: Route[] = [
  route('getOrCreateMessage', 'POST', '/v1/chat/messages/get-or-create', (ctx) => {
    const input = parseMessageInput(ctx)
    const lookup = lookupTags(input.tags, optionalStringArray(ctx.body, 'discriminateByTags'))
    const existing =
      Object.keys(lookup).length === 0
        ? undefined
        : [...ctx.store.messages.values()].find(
            (m) => m.conversationId === input.conversationId && matchesTags(m.tags, lookup),
          )
    return { message: clone(existing ?? createMessageRecord(ctx, input)) }
  }),

  route('createMessage', 'POST', '/v1/chat/messages', (ctx) => ({
    message: clone(createMessageRecord(ctx, parseMessageInput(ctx))),
  })),

  route('getMessage', 'GET', '/v1/chat/messages/:id', (ctx) => ({
    message: clone(requireMessage(ctx, ctx.params['id'] ?? '')),
  })),

  // The SDK's `ack({ tags })` lands here.
  route('updateMessage', 'PUT', '/v1/chat/messages/:id', (ctx) => {
    const tags = requireTags(ctx.body)
    const payload = optionalObject(ctx.body, 'payload')
    const message = requireMessage(ctx, ctx.params['id'] ?? '')
    const conversation = ctx.store.conversations.get(message.conversationId)
    if (conversation) assertMessageTags(ctx, conversation, tags)
    message.tags = mergeTags(message.tags, tags)
    if (payload !== undefined) message.payload = clone(payload)
    message.updatedAt = ctx.store.timestamp()
    return { message: clone(message) }
  }),

  route('listMessages', 'GET', '/v1/chat/messages', (ctx) => {
    const filter = tagFilterFromQuery(ctx.query)
    const conversationId = ctx.query.get('conversationId')
    if (conversationId !== null) requireConversation(ctx, conversationId)
    const candidates = [...ctx.store.messages.values()].filter(
      (message) =>
        (conversationId === null || message.conversationId === conversationId) && matchesTags(message.tags, filter),
    )
    const page = listPage(candidates, ctx.query, { pageSize: ctx.settings.pageSize })
    return { messages: page.items.map(clone), meta: pageMeta(page) }
  }),

  route('deleteMessage', 'DELETE', '/v1/chat/messages/:id', (ctx) => {
    const message = requireMessage(ctx, ctx.params['id'] ?? '')
    ctx.store.messages.delete(message.id)
    return {}
  }),
]
