/**
 * App webhook settings and subscriptions (hubspot-facts.md §5), app id in the path, in HubSpot's two documented forms:
 * `/app-webhooks/2026-09/{appId}` (spec Webhooks/…/2026-09/webhooks.json: developer API key only) and
 * `/webhooks/v3/{appId}` (spec …/v3/webhooks.json: OAuth `developers-read`/`-write`; the developer key, which the
 * v3 spec no longer lists, is still accepted there, our assumption).
 */
import { APP_EVENT_TYPES, CONVERSATION_PROPERTY_NAMES } from '../defaults'
import { conflict, json, noContent, notFound, validationError } from '../errors'
import type { Route, RouteContext } from '../router'
import type { HubSpotStore } from '../store'
import type { SubscriptionRecord } from '../types'
import { BodyCheck, isRecord, jsonObjectBody } from '../validation'

export const DATE_VERSIONED_BASE = '/app-webhooks/2026-09/:appId'
export const V3_BASE = '/webhooks/v3/:appId'

/** Which forms HubSpot serves: both, or one (an account where the other is not rolled out, or gone). */
export type AppWebhookForms = 'both' | 'v3-only' | 'date-versioned-only'
/** UNCONFIRMED bounds; HubSpot documents `period: SECONDLY` and a concurrency number. */
const THROTTLING_PERIODS = ['SECONDLY', 'ROLLING_MINUTE'] as const

/** `SubscriptionResponse.id` is a string in the spec (paths and batch inputs take it as an integer). */
const renderSubscription = (subscription: SubscriptionRecord) => ({ ...subscription, id: String(subscription.id) })

function getSettings({ store }: RouteContext): Response {
  // UNCONFIRMED convention (hubspot-facts.md §5): 404 until settings exist.
  if (!store.webhookSettings) throw notFound(`No webhook settings exist for app ${store.app.appId}`)
  return json(200, { ...store.webhookSettings, throttling: { ...store.webhookSettings.throttling } })
}

function putSettings({ store, body }: RouteContext): Response {
  const input = jsonObjectBody(body)
  const check = new BodyCheck()
  const targetUrl = check.string(input, 'targetUrl', '', true, true)
  if (targetUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(targetUrl))
    check.invalid('targetUrl', 'must be an absolute http(s) URL', 'INVALID_FORMAT')
  const throttling = check.object(input, 'throttling')
  const max = throttling ? check.number(throttling, 'maxConcurrentRequests', 'throttling') : undefined
  if (max !== undefined && (!Number.isInteger(max) || max < 1))
    check.invalid('throttling.maxConcurrentRequests', 'must be a positive integer')
  // ThrottlingSettings has only maxConcurrentRequests; `period` appears in the v3 spec's example alone, so it is
  // still checked when sent (as HubSpot once required it) but neither needed nor kept.
  if (throttling) check.enumValue(throttling, 'period', THROTTLING_PERIODS, 'throttling', false)
  check.throwIfAny()
  const now = store.isoNow()
  store.webhookSettings = {
    targetUrl: targetUrl as string,
    throttling: { maxConcurrentRequests: max as number },
    createdAt: store.webhookSettings?.createdAt ?? now,
    updatedAt: now,
  }
  return json(200, store.webhookSettings)
}

function deleteSettings({ store }: RouteContext): Response {
  if (!store.webhookSettings) throw notFound(`No webhook settings exist for app ${store.app.appId}`)
  store.webhookSettings = undefined
  return noContent()
}

function listSubscriptions({ store }: RouteContext): Response {
  return json(200, { results: [...store.subscriptions.values()].map(renderSubscription) })
}

/**
 * `eventType` must be a conversation.* type of hubspot-facts.md §5 or ticket.propertyChange; `propertyName` is
 * required for (and only allowed on) the propertyChange types: one of the known conversation properties, or any
 * name for a ticket (ASSUMED: HubSpot's check of a CRM property name is not modelled). A duplicate (eventType, propertyName) is a 409 CONFLICT (our choice).
 * `SubscriptionCreateRequest` requires `active` in the date-versioned spec; in v3 it may be left out and defaults to
 * false.
 */
const createSubscription =
  (activeRequired: boolean) =>
  (ctx: RouteContext): Response =>
    createSubscriptionWith(ctx, activeRequired)

function createSubscriptionWith({ store, body }: RouteContext, activeRequired: boolean): Response {
  const input = jsonObjectBody(body)
  const check = new BodyCheck()
  const eventType = check.enumValue(input, 'eventType', APP_EVENT_TYPES)
  const isPropertyChange = eventType === 'conversation.propertyChange' || eventType === 'ticket.propertyChange'
  const propertyName =
    eventType === 'conversation.propertyChange'
      ? check.enumValue(input, 'propertyName', CONVERSATION_PROPERTY_NAMES)
      : check.string(input, 'propertyName', '', eventType === 'ticket.propertyChange')
  if (!isPropertyChange && propertyName !== undefined)
    check.invalid('propertyName', `is only allowed for a propertyChange event type, not ${eventType}`)
  const active = check.boolean(input, 'active', '', activeRequired)
  check.throwIfAny()
  const duplicate = [...store.subscriptions.values()].find(
    (existing) => existing.eventType === eventType && existing.propertyName === propertyName,
  )
  if (duplicate)
    throw conflict(
      `A subscription for ${eventType}${propertyName ? ` (${propertyName})` : ''} already exists: ${duplicate.id}`,
    )
  const now = store.isoNow()
  const subscription: SubscriptionRecord = {
    id: store.nextId('subscription'),
    eventType: eventType as string,
    ...(propertyName !== undefined ? { propertyName } : {}),
    active: active ?? false,
    createdAt: now,
    updatedAt: now,
  }
  store.subscriptions.set(subscription.id, subscription)
  return json(201, renderSubscription(subscription))
}

function subscriptionFor(store: HubSpotStore, id: string | undefined): SubscriptionRecord {
  const subscription = store.subscriptions.get(Number(id))
  if (!subscription) throw notFound(`Subscription ${id} does not exist`)
  return subscription
}

function updateSubscription({ store, params, body }: RouteContext): Response {
  const subscription = subscriptionFor(store, params.subscriptionId)
  const input = jsonObjectBody(body)
  const check = new BodyCheck()
  const active = check.boolean(input, 'active')
  check.throwIfAny()
  subscription.active = active as boolean
  subscription.updatedAt = store.isoNow()
  return json(200, renderSubscription(subscription))
}

function deleteSubscription({ store, params }: RouteContext): Response {
  const subscription = subscriptionFor(store, params.subscriptionId)
  store.subscriptions.delete(subscription.id)
  return noContent()
}

function batchUpdateSubscriptions({ store, body }: RouteContext): Response {
  const input = jsonObjectBody(body)
  const check = new BodyCheck()
  const inputs = check.array(input, 'inputs') ?? []
  inputs.forEach((item, index) => {
    if (!isRecord(item)) return check.invalid(`inputs[${index}]`, 'expected an object')
    check.number(item, 'id', `inputs[${index}]`)
    check.boolean(item, 'active', `inputs[${index}]`)
  })
  check.throwIfAny()
  const items = inputs as { id: number; active: boolean }[]
  const unknown = items.filter((item) => !store.subscriptions.has(item.id))
  if (unknown.length > 0)
    throw validationError(`Unknown subscription ids: ${unknown.map((item) => item.id).join(', ')}`)
  const results = items.map((item) => {
    const subscription = store.subscriptions.get(item.id) as SubscriptionRecord
    subscription.active = item.active
    subscription.updatedAt = store.isoNow()
    return renderSubscription(subscription)
  })
  return json(200, { status: 'COMPLETE', results, startedAt: store.isoNow(), completedAt: store.isoNow() })
}

type RouteSpec = Pick<Route, 'name' | 'method' | 'handle'> & { path: string }

const routeSpecs = (activeRequired: boolean): RouteSpec[] => [
  { name: 'getWebhookSettings', method: 'GET', path: '/settings', handle: getSettings },
  { name: 'updateWebhookSettings', method: 'PUT', path: '/settings', handle: putSettings },
  { name: 'deleteWebhookSettings', method: 'DELETE', path: '/settings', handle: deleteSettings },
  { name: 'listSubscriptions', method: 'GET', path: '/subscriptions', handle: listSubscriptions },
  { name: 'createSubscription', method: 'POST', path: '/subscriptions', handle: createSubscription(activeRequired) },
  {
    name: 'batchUpdateSubscriptions',
    method: 'POST',
    path: '/subscriptions/batch/update',
    handle: batchUpdateSubscriptions,
  },
  { name: 'updateSubscription', method: 'PATCH', path: '/subscriptions/:subscriptionId', handle: updateSubscription },
  { name: 'deleteSubscription', method: 'DELETE', path: '/subscriptions/:subscriptionId', handle: deleteSubscription },
]

/** The 2026-09 form: the developer key only (`developer_hapikey`); `active` required on create. */
const dateVersionedRoutes = (): Route[] =>
  routeSpecs(true).map((spec) => ({
    ...spec,
    path: `${DATE_VERSIONED_BASE}${spec.path}`,
    auth: { kind: 'hapikey', appIdFrom: 'path' },
  }))

/** The v3 form: OAuth with `developers-read` (reads) or `developers-write` (changes), or the developer key. */
const v3Routes = (): Route[] =>
  routeSpecs(false).map((spec) => ({
    ...spec,
    path: `${V3_BASE}${spec.path}`,
    auth: {
      kind: 'hapikey',
      appIdFrom: 'path',
      orBearerScopes: [spec.method === 'GET' ? 'developers-read' : 'developers-write'],
    },
  }))

/** Both forms share the app's one settings record and subscription list; an unserved form is an unknown path. */
export function appWebhookRoutes(forms: AppWebhookForms): Route[] {
  return [...(forms === 'v3-only' ? [] : dateVersionedRoutes()), ...(forms === 'date-versioned-only' ? [] : v3Routes())]
}
