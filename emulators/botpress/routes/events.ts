import type { Event } from '@botpress/client'
import { invalidPayload, notFound } from '../errors'
import { listPage, pageMeta } from '../listing'
import { route, type Route, type RouteContext } from '../router'
import { clone, toApiEvent, type EventRecord } from '../store'
import { optionalObject, optionalString, requireNonEmptyString, requireObject } from '../validation'
import { requireConversation } from './conversations'
import { requireUser } from './users'

const statuses: readonly Event['status'][] = ['pending', 'processed', 'ignored', 'failed', 'scheduled', 'canceled']

function requireEvent(ctx: RouteContext, id: string): EventRecord {
  const event = ctx.store.events.get(id)
  if (!event) throw notFound(`Event "${id}" not found`)
  return event
}

export const eventRoutes: Route[] = [
  route('createEvent', 'POST', '/v1/chat/events', (ctx) => {
    const { body, store } = ctx
    const type = requireNonEmptyString(body, 'type')
    const payload = requireObject(body, 'payload')
    const schedule = optionalObject(body, 'schedule')
    const conversationId = optionalString(body, 'conversationId')
    const userId = optionalString(body, 'userId')
    const messageId = optionalString(body, 'messageId')
    const workflowId = optionalString(body, 'workflowId')
    const declared = ctx.settings.definition?.events
    if (declared !== undefined && !declared.includes(type)) throw invalidPayload(`Event type "${type}" is not defined`)
    if (conversationId !== undefined) requireConversation(ctx, conversationId)
    if (userId !== undefined) requireUser(ctx, userId)
    if (messageId !== undefined && !store.messages.has(messageId)) throw notFound(`Message "${messageId}" not found`)

    const event: EventRecord = {
      id: store.nextId('event'),
      createdAt: store.timestamp(),
      type,
      payload: clone(payload),
      ...(conversationId !== undefined && { conversationId }),
      ...(userId !== undefined && { userId }),
      ...(messageId !== undefined && { messageId }),
      ...(workflowId !== undefined && { workflowId }),
      // Nothing consumes events here, so they stay as the API first reports them.
      status: schedule === undefined ? 'pending' : 'scheduled',
      failureReason: null,
    }
    store.events.set(event.id, event)
    store.announce({ kind: 'event', record: event })
    return { event: toApiEvent(event) }
  }),

  route('getEvent', 'GET', '/v1/chat/events/:id', (ctx) => ({
    event: toApiEvent(requireEvent(ctx, ctx.params['id'] ?? '')),
  })),

  route('listEvents', 'GET', '/v1/chat/events', (ctx) => {
    const { query } = ctx
    const status = query.get('status')
    if (status !== null && !(statuses as readonly string[]).includes(status)) {
      throw invalidPayload(`Query parameter "status" must be one of ${statuses.join(', ')}`)
    }
    const filters = ['type', 'conversationId', 'userId', 'messageId', 'workflowId', 'status'] as const
    const candidates = [...ctx.store.events.values()].filter((event) =>
      filters.every((field) => {
        const wanted = query.get(field)
        return wanted === null || event[field] === wanted
      }),
    )
    const page = listPage(candidates, query, { pageSize: ctx.settings.pageSize })
    return { events: page.items.map(toApiEvent), meta: pageMeta(page) }
  }),
]
