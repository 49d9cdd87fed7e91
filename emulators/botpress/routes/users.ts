import { notFound } from '../errors'
import { listPage, pageMeta } from '../listing'
import { integrationNameOf, route, type Route, type RouteContext } from '../router'
import { toApiUser, type UserRecord } from '../store'
import { assertDeclaredTags, initialTags, lookupTags, matchesTags, mergeTags, tagFilterFromQuery } from '../tags'
import {
  optionalNullableString,
  optionalString,
  optionalStringArray,
  optionalStringRecord,
  optionalTags,
  requireTags,
} from '../validation'

export function requireUser(ctx: RouteContext, id: string): UserRecord {
  const user = ctx.store.users.get(id)
  if (!user) throw notFound(`User "${id}" not found`)
  return user
}

function createUserRecord(ctx: RouteContext): UserRecord {
  const { body, store } = ctx
  const tags = requireTags(body)
  assertDeclaredTags(tags, ctx.settings.definition?.userTags, 'User')
  const name = optionalString(body, 'name')
  const pictureUrl = optionalString(body, 'pictureUrl')
  const attributes = optionalStringRecord(body, 'attributes', false) as Record<string, string> | undefined
  const integration = integrationNameOf(ctx, optionalString(body, 'integrationName'))
  const now = store.timestamp()
  const user: UserRecord = {
    id: store.nextId('user'),
    createdAt: now,
    updatedAt: now,
    tags: initialTags(tags),
    integration,
    ...(name !== undefined && { name }),
    ...(pictureUrl !== undefined && { pictureUrl }),
    ...(attributes !== undefined && { attributes }),
  }
  store.users.set(user.id, user)
  return user
}

export const userRoutes: Route[] = [
  route('getOrCreateUser', 'POST', '/v1/chat/users/get-or-create', (ctx) => {
    const tags = requireTags(ctx.body)
    const lookup = lookupTags(tags, optionalStringArray(ctx.body, 'discriminateByTags'))
    const integration = integrationNameOf(ctx, optionalString(ctx.body, 'integrationName'))
    // Without any tag to look up by, nothing can be "the same user": always create.
    const existing =
      Object.keys(lookup).length === 0
        ? undefined
        : [...ctx.store.users.values()].find((u) => u.integration === integration && matchesTags(u.tags, lookup))
    return { user: toApiUser(existing ?? createUserRecord(ctx)) }
  }),

  route('createUser', 'POST', '/v1/chat/users', (ctx) => ({ user: toApiUser(createUserRecord(ctx)) })),

  route('getUser', 'GET', '/v1/chat/users/:id', (ctx) => ({
    user: toApiUser(requireUser(ctx, ctx.params['id'] ?? '')),
  })),

  route('updateUser', 'PUT', '/v1/chat/users/:id', (ctx) => {
    const user = requireUser(ctx, ctx.params['id'] ?? '')
    const tags = optionalTags(ctx.body)
    assertDeclaredTags(tags, ctx.settings.definition?.userTags, 'User')
    const name = optionalNullableString(ctx.body, 'name')
    const pictureUrl = optionalNullableString(ctx.body, 'pictureUrl')
    const attributes = optionalStringRecord(ctx.body, 'attributes', true)

    user.tags = mergeTags(user.tags, tags)
    if (name === null) delete user.name
    else if (name !== undefined) user.name = name
    if (pictureUrl === null) delete user.pictureUrl
    else if (pictureUrl !== undefined) user.pictureUrl = pictureUrl
    if (attributes !== undefined) {
      const merged: Record<string, string> = { ...user.attributes }
      for (const [key, value] of Object.entries(attributes)) {
        if (value === null) delete merged[key]
        else merged[key] = value
      }
      user.attributes = merged
    }
    user.updatedAt = ctx.store.timestamp()
    return { user: toApiUser(user) }
  }),

  route('listUsers', 'GET', '/v1/chat/users', (ctx) => {
    const filter = tagFilterFromQuery(ctx.query)
    const conversationId = ctx.query.get('conversationId')
    const members = conversationId === null ? undefined : (ctx.store.participants.get(conversationId) ?? new Set())
    const candidates = [...ctx.store.users.values()].filter(
      (user) => matchesTags(user.tags, filter) && (members === undefined || members.has(user.id)),
    )
    const page = listPage(candidates, ctx.query, {
      pageSize: ctx.settings.pageSize,
      sortable: true,
      rangeSelectable: true,
    })
    return { users: page.items.map(toApiUser), meta: pageMeta(page) }
  }),

  route('deleteUser', 'DELETE', '/v1/chat/users/:id', (ctx) => {
    const user = requireUser(ctx, ctx.params['id'] ?? '')
    ctx.store.users.delete(user.id)
    ctx.store.deleteStatesOf('user', user.id)
    for (const members of ctx.store.participants.values()) members.delete(user.id)
    return {}
  }),
]
