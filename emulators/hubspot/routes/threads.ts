/** Conversations threads and assignee (hubspot-facts.md §4): OAuth bearer, conversations.read / conversations.write. */
import { json, noContent, validationError } from '../errors'
import { renderThread } from '../render'
import type { Route, RouteContext } from '../router'
import { archiveThread, assignThread, restoreThread, setThreadStatus } from '../threads'
import type { Agent, ThreadRecord } from '../types'
import { queueAppEvent } from '../webhook-events'
import { BodyCheck, booleanQuery, forwardPage, jsonObjectBody, paginate } from '../validation'

const BASE = '/conversations/v3/conversations/threads'
/** Yes, the assignee endpoints live under a different prefix in the published spec (hubspot-facts.md §4). */
const SPEC_ASSIGNEE = '/conversations/conversations/v3/threads/:threadId/assignee'
/** The same operations under the threads' own prefix, as some of HubSpot's guides write them (not in the spec). */
const THREADS_ASSIGNEE = `${BASE}/:threadId/assignee`

/** Which assignee path the emulator serves: the spec's (default), the threads' prefix, or both. */
export type AssigneePaths = 'spec' | 'threads' | 'both'
const READ = { kind: 'bearer', anyOfScopes: ['conversations.read'] } as const
const WRITE = { kind: 'bearer', anyOfScopes: ['conversations.write'] } as const

/** The thread's latest message time, as `latestMessageTimestamp` renders it (undefined without messages). */
const latestMessageAt = (thread: ThreadRecord) => renderThread(thread).latestMessageTimestamp

/**
 * `sort` ([CONV 2026-09-beta] describes it): `id` (default) or `latestMessageTimestamp`, which needs
 * `latestMessageTimestampAfter`; a leading `-` sorts descending only when filtering by `associatedContactId`,
 * otherwise the order stays ascending. One sort key; anything else is a 400 (assumed).
 */
function threadOrder(url: URL, byContact: boolean): (a: ThreadRecord, b: ThreadRecord) => number {
  const sorts = url.searchParams.getAll('sort')
  if (sorts.length > 1) throw validationError('Only one sort is supported')
  const sort = sorts[0] ?? 'id'
  const key = sort.replace(/^-/, '')
  if (key !== 'id' && key !== 'latestMessageTimestamp')
    throw validationError('sort must be id or latestMessageTimestamp, optionally prefixed with -')
  if (key === 'latestMessageTimestamp' && !url.searchParams.has('latestMessageTimestampAfter'))
    throw validationError('latestMessageTimestampAfter is required when sorting by latestMessageTimestamp')
  const sign = sort.startsWith('-') && byContact ? -1 : 1
  const value = (thread: ThreadRecord) =>
    key === 'id' ? Number(thread.id) : Date.parse(latestMessageAt(thread) ?? thread.createdAt)
  return (a, b) => sign * (value(a) - value(b))
}

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
  const after = url.searchParams.get('latestMessageTimestampAfter')
  const afterMs = after === null ? undefined : Date.parse(after)
  if (afterMs !== undefined && Number.isNaN(afterMs))
    throw validationError('latestMessageTimestampAfter must be a date-time')
  const order = threadOrder(url, contactId !== null)
  const archived = booleanQuery(url, 'archived')
  const threads = [...store.threads.values()].filter(
    (thread) =>
      thread.hubId === token.hubId &&
      thread.archived === archived &&
      (inboxIds.length === 0 || inboxIds.includes(thread.inboxId)) &&
      (contactId === null || String(thread.visitorContactId) === contactId) &&
      (status === null || thread.status === status) &&
      (afterMs === undefined || Date.parse(latestMessageAt(thread) ?? '') > afterMs),
  )
  const page = forwardPage(paginate(threads.sort(order), url))
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

/**
 * Who HubSpot will not assign a thread to: an unknown actor, a deactivated user, a user of other inboxes only. The
 * spec documents no error status for this operation (only `default`); 400 with a reason is assumed (README.md).
 */
function refuseUnassignable(agent: Agent | undefined, actorId: string, thread: ThreadRecord): void {
  const refuse = (message: string, code: string) =>
    validationError(message, { errors: [{ message, code, in: 'actorId' }] })
  if (!agent) throw refuse(`actorId ${actorId} is not an agent (A-<userId>) of this HubSpot account`, 'INVALID_ACTOR')
  if (agent.deactivated) throw refuse(`User ${agent.userId} is deactivated`, 'INACTIVE_ACTOR')
  if (agent.inboxIds && !agent.inboxIds.includes(thread.inboxId))
    throw refuse(`User ${agent.userId} is not a user of inbox ${thread.inboxId}`, 'ACTOR_NOT_IN_INBOX')
}

function assign({ store, token, params, body }: RouteContext): Response {
  const thread = store.threadFor(token.hubId, params.threadId as string, false)
  const input = jsonObjectBody(body)
  const check = new BodyCheck()
  const actorId = check.string(input, 'actorId', '', true, true)
  check.throwIfAny()
  refuseUnassignable(store.agentFor(token.hubId, actorId as string), actorId as string, thread)
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

export const threadRoutes = (assignee: AssigneePaths): Route[] => [
  { name: 'listThreads', method: 'GET', path: BASE, auth: READ, handle: listThreads },
  { name: 'getThread', method: 'GET', path: `${BASE}/:threadId`, auth: READ, handle: getThread },
  { name: 'updateThread', method: 'PATCH', path: `${BASE}/:threadId`, auth: WRITE, handle: updateThread },
  { name: 'archiveThread', method: 'DELETE', path: `${BASE}/:threadId`, auth: WRITE, handle: deleteThread },
  ...{ spec: [SPEC_ASSIGNEE], threads: [THREADS_ASSIGNEE], both: [SPEC_ASSIGNEE, THREADS_ASSIGNEE] }[assignee].flatMap(
    (path): Route[] => [
      { name: 'assignThread', method: 'PUT', path, auth: WRITE, handle: assign },
      { name: 'unassignThread', method: 'DELETE', path, auth: WRITE, handle: unassign },
    ],
  ),
]
