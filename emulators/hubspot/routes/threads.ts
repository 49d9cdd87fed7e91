/** Conversations threads and assignee (hubspot-facts.md §4): OAuth bearer, conversations.read / conversations.write. */
import { json, noContent, validationError } from '../errors'
import { renderThread } from '../render'
import type { Route, RouteContext } from '../router'
import { archiveThread, assignThread, restoreThread, setThreadStatus } from '../threads'
import { queueAppEvent } from '../webhook-events'
import { BodyCheck, booleanQuery, forwardPage, jsonObjectBody, paginate } from '../validation'

const BASE = '/conversations/v3/conversations/threads'
/** Yes, the assignee endpoints live under a different prefix (hubspot-facts.md §4). */
const ASSIGNEE = '/conversations/conversations/v3/threads/:threadId/assignee'
const READ = { kind: 'bearer', anyOfScopes: ['conversations.read'] } as const
const WRITE = { kind: 'bearer', anyOfScopes: ['conversations.write'] } as const

function listThreads({ store, token, url }: RouteContext): Response {
  const inboxIds = url.searchParams.getAll('inboxId')
  const contactId = url.searchParams.get('associatedContactId')
  const status = url.searchParams.get('threadStatus')
  if (inboxIds.length > 0 && contactId !== null)
    throw validationError('inboxId cannot be combined with associatedContactId')
  if (contactId !== null && status === null)
    throw validationError('threadStatus is required when filtering by associatedContactId')
  if (status !== null && status !== 'OPEN' && status !== 'CLOSED')
    throw validationError('threadStatus must be OPEN or CLOSED')
  const archived = booleanQuery(url, 'archived')
  const threads = [...store.threads.values()].filter(
    (thread) =>
      thread.hubId === token.hubId &&
      thread.archived === archived &&
      (inboxIds.length === 0 || inboxIds.includes(thread.inboxId)) &&
      (contactId === null || String(thread.visitorContactId) === contactId) &&
      (status === null || thread.status === status),
  )
  const page = forwardPage(paginate(threads, url))
  return json(200, { ...page, results: page.results.map(renderThread) })
}

function getThread({ store, token, params, url }: RouteContext): Response {
  const thread = store.threadFor(token.hubId, params.threadId as string, booleanQuery(url, 'archived'))
  return json(200, renderThread(thread))
}

/** `PublicThreadUpdateRequest`: either a status change or a restore (`archived: false`), never both. */
function updateThread({ store, token, params, body }: RouteContext): Response {
  const input = jsonObjectBody(body)
  const check = new BodyCheck()
  const status = check.enumValue(input, 'status', ['OPEN', 'CLOSED'] as const, '', false)
  const archived = check.boolean(input, 'archived', '', false)
  check.throwIfAny()
  if (status !== undefined && archived !== undefined)
    throw validationError('A thread update either changes status or restores the thread, not both')
  if (status === undefined && archived === undefined) throw validationError('Nothing to update: set status or archived')
  if (archived === true) throw validationError('Archive a thread with DELETE; archived may only be set to false')
  if (archived === false) {
    const thread = store.threadFor(token.hubId, params.threadId as string, true)
    if (thread.archived) {
      restoreThread(thread)
      queueAppEvent(store, thread, {
        changeSource: 'INTEGRATION',
        subscriptionType: 'conversation.propertyChange',
        propertyName: 'isArchived',
        propertyValue: 'false',
      })
    }
    return json(200, renderThread(thread))
  }
  const thread = store.threadFor(token.hubId, params.threadId as string, false)
  if (setThreadStatus(store, thread, status as 'OPEN' | 'CLOSED', 'INTEGRATION'))
    queueAppEvent(store, thread, {
      changeSource: 'INTEGRATION',
      subscriptionType: 'conversation.propertyChange',
      propertyName: 'status',
      propertyValue: status,
    })
  return json(200, renderThread(thread))
}

function deleteThread({ store, token, params }: RouteContext): Response {
  const thread = store.threadFor(token.hubId, params.threadId as string, false)
  if (archiveThread(store, thread))
    queueAppEvent(store, thread, { changeSource: 'INTEGRATION', subscriptionType: 'conversation.deletion' })
  return noContent()
}

function assign({ store, token, params, body }: RouteContext): Response {
  const thread = store.threadFor(token.hubId, params.threadId as string, false)
  const input = jsonObjectBody(body)
  const check = new BodyCheck()
  const actorId = check.string(input, 'actorId', '', true, true)
  check.throwIfAny()
  if (!store.agentFor(token.hubId, actorId as string))
    throw validationError(`actorId ${actorId} is not an agent (A-<userId>) of this HubSpot account`, {
      errors: [{ message: 'Unknown agent', code: 'INVALID_ACTOR', in: 'actorId' }],
    })
  if (assignThread(store, thread, actorId, 'INTEGRATION'))
    queueAppEvent(store, thread, {
      changeSource: 'INTEGRATION',
      subscriptionType: 'conversation.propertyChange',
      propertyName: 'assignedTo',
      propertyValue: actorId,
    })
  return json(200, renderThread(thread))
}

function unassign({ store, token, params }: RouteContext): Response {
  const thread = store.threadFor(token.hubId, params.threadId as string, false)
  if (assignThread(store, thread, undefined, 'INTEGRATION'))
    queueAppEvent(store, thread, {
      changeSource: 'INTEGRATION',
      subscriptionType: 'conversation.propertyChange',
      propertyName: 'assignedTo',
      propertyValue: '',
    })
  return noContent()
}

export const threadRoutes: Route[] = [
  { name: 'listThreads', method: 'GET', path: BASE, auth: READ, handle: listThreads },
  { name: 'getThread', method: 'GET', path: `${BASE}/:threadId`, auth: READ, handle: getThread },
  { name: 'updateThread', method: 'PATCH', path: `${BASE}/:threadId`, auth: WRITE, handle: updateThread },
  { name: 'archiveThread', method: 'DELETE', path: `${BASE}/:threadId`, auth: WRITE, handle: deleteThread },
  { name: 'assignThread', method: 'PUT', path: ASSIGNEE, auth: WRITE, handle: assign },
  { name: 'unassignThread', method: 'DELETE', path: ASSIGNEE, auth: WRITE, handle: unassign },
]
