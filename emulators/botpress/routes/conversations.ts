import { invalidPayload, notFound } from '../errors'
import { listPage, pageMeta } from '../listing'
import { integrationNameOf, route, type Route, type RouteContext } from '../router'
import { clone, type ConversationRecord } from '../store'
import { assertDeclaredTags, initialTags, lookupTags, matchesTags, mergeTags, tagFilterFromQuery } from '../tags'
import {
  optionalString,
  optionalStringArray,
  optionalTags,
  requireNonEmptyString,
  requireTags,
  type Tags,
} from '../validation'

export function requireConversation(ctx: RouteContext, id: string): ConversationRecord {
  const conversation = ctx.store.conversations.get(id)
  if (!conversation) throw notFound(`Conversation "${id}" not found`)
  return conversation
}

/** With a declared definition, the channel must exist and conversation tags must be declared on it. */
function assertChannelTags(ctx: RouteContext, channel: string, tags: Tags | undefined): void {
  const channels = ctx.settings.definition?.channels
  if (channels === undefined) return
  const declared = channels[channel]
  if (declared === undefined) throw invalidPayload(`Channel "${channel}" is not defined`)
  assertDeclaredTags(tags, declared.conversationTags, 'Conversation')
}

function createConversationRecord(ctx: RouteContext, channel: string, tags: Tags, integration: string) {
  const now = ctx.store.timestamp()
  const conversation: ConversationRecord = {
    id: ctx.store.nextId('conversation'),
    createdAt: now,
    updatedAt: now,
    channel,
    integration,
    tags: initialTags(tags),
  }
  ctx.store.conversations.set(conversation.id, conversation)
  return conversation
}

export const conversationRoutes: Route[] = [
  route('getOrCreateConversation', 'POST', '/v1/chat/conversations/get-or-create', (ctx) => {
    const channel = requireNonEmptyString(ctx.body, 'channel')
    const tags = requireTags(ctx.body)
    const lookup = lookupTags(tags, optionalStringArray(ctx.body, 'discriminateByTags'))
    const integration = integrationNameOf(ctx, optionalString(ctx.body, 'integrationName'))
    assertChannelTags(ctx, channel, tags)
    const existing =
      Object.keys(lookup).length === 0
        ? undefined
        : [...ctx.store.conversations.values()].find(
            (c) => c.channel === channel && c.integration === integration && matchesTags(c.tags, lookup),
          )
    const conversation = existing ?? createConversationRecord(ctx, channel, tags, integration)
    return { conversation: clone(conversation) }
  }),

  route('createConversation', 'POST', '/v1/chat/conversations', (ctx) => {
    const channel = requireNonEmptyString(ctx.body, 'channel')
    const tags = requireTags(ctx.body)
    const integration = integrationNameOf(ctx, optionalString(ctx.body, 'integrationName'))
    assertChannelTags(ctx, channel, tags)
    return { conversation: clone(createConversationRecord(ctx, channel, tags, integration)) }
  }),

  route('getConversation', 'GET', '/v1/chat/conversations/:id', (ctx) => ({
    conversation: clone(requireConversation(ctx, ctx.params['id'] ?? '')),
  })),

  route('updateConversation', 'PUT', '/v1/chat/conversations/:id', (ctx) => {
    const conversation = requireConversation(ctx, ctx.params['id'] ?? '')
    const tags = optionalTags(ctx.body)
    const currentTaskId = optionalString(ctx.body, 'currentTaskId')
    assertChannelTags(ctx, conversation.channel, tags)
    conversation.tags = mergeTags(conversation.tags, tags)
    if (currentTaskId !== undefined) conversation.currentTaskId = currentTaskId
    conversation.updatedAt = ctx.store.timestamp()
    return { conversation: clone(conversation) }
  }),

  route('listConversations', 'GET', '/v1/chat/conversations', (ctx) => {
    const filter = tagFilterFromQuery(ctx.query)
    const channel = ctx.query.get('channel')
    const integrationName = ctx.query.get('integrationName')
    const participantIds = ctx.query.getAll('participantIds')
    const candidates = [...ctx.store.conversations.values()].filter((conversation) => {
      if (channel !== null && conversation.channel !== channel) return false
      if (integrationName !== null && conversation.integration !== integrationName) return false
      if (!matchesTags(conversation.tags, filter)) return false
      const members = ctx.store.participants.get(conversation.id)
      return participantIds.every((userId) => members?.has(userId) ?? false)
    })
    const page = listPage(candidates, ctx.query, { pageSize: ctx.settings.pageSize, sortable: true })
    return { conversations: page.items.map(clone), meta: pageMeta(page) }
  }),

  route('deleteConversation', 'DELETE', '/v1/chat/conversations/:id', (ctx) => {
    const conversation = requireConversation(ctx, ctx.params['id'] ?? '')
    const { store } = ctx
    store.conversations.delete(conversation.id)
    for (const [id, message] of store.messages) {
      if (message.conversationId === conversation.id) store.messages.delete(id)
    }
    store.participants.delete(conversation.id)
    store.deleteStatesOf('conversation', conversation.id)
    return {}
  }),
]
