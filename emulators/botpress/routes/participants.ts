import { notFound } from '../errors'
import { listPage, pageMeta } from '../listing'
import { route, type Route, type RouteContext } from '../router'
import { toApiUser, type UserRecord } from '../store'
import { requireNonEmptyString } from '../validation'
import { requireConversation } from './conversations'
import { requireUser } from './users'

function requireParticipant(ctx: RouteContext): UserRecord {
  const conversation = requireConversation(ctx, ctx.params['id'] ?? '')
  const userId = ctx.params['userId'] ?? ''
  const user = ctx.store.users.get(userId)
  if (!user || !ctx.store.participants.get(conversation.id)?.has(userId)) {
    throw notFound(`User "${userId}" is not a participant of conversation "${conversation.id}"`)
  }
  return user
}

/** Participants are users who posted in a conversation (createMessage adds them) or were added explicitly. */
export const participantRoutes: Route[] = [
  route('addParticipant', 'POST', '/v1/chat/conversations/:id/participants', (ctx) => {
    const conversation = requireConversation(ctx, ctx.params['id'] ?? '')
    const user = requireUser(ctx, requireNonEmptyString(ctx.body, 'userId'))
    ctx.store.addParticipant(conversation.id, user.id)
    return { participant: toApiUser(user) }
  }),

  route('listParticipants', 'GET', '/v1/chat/conversations/:id/participants', (ctx) => {
    const conversation = requireConversation(ctx, ctx.params['id'] ?? '')
    const members = ctx.store.participants.get(conversation.id) ?? new Set<string>()
    const users = [...ctx.store.users.values()].filter((user) => members.has(user.id))
    const page = listPage(users, ctx.query, { pageSize: ctx.settings.pageSize })
    return { participants: page.items.map(toApiUser), meta: pageMeta(page) }
  }),

  route('getParticipant', 'GET', '/v1/chat/conversations/:id/participants/:userId', (ctx) => ({
    participant: toApiUser(requireParticipant(ctx)),
  })),

  route('removeParticipant', 'DELETE', '/v1/chat/conversations/:id/participants/:userId', (ctx) => {
    const user = requireParticipant(ctx)
    ctx.store.participants.get(ctx.params['id'] ?? '')?.delete(user.id)
    return {}
  }),
]
