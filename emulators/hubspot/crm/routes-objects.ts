/** `/crm/v3/objects/{type}`: create, read, update and search (hubspot-facts.md §9), one named route per object type. */
import { json, validationError } from '../errors'
import type { Route, RouteContext } from '../router'
import { BodyCheck, booleanQuery, jsonObjectBody } from '../validation'
import { createObject, liveRecord, objectNotFound, readAssociations, updateObject } from './objects'
import { renderObject, renderV3Associations } from './render'
import { OBJECT_SCOPES } from './scopes'
import { parseSearch, runSearch } from './search'
import { findContactByEmail, type PortalCrm } from './state'
import { CRM_OBJECT_TYPES, parseObjectType, type CrmObjectType, type CrmRecord } from './types'

/** Comma lists and repeated parameters are both accepted (`properties=a,b` or `properties=a&properties=b`). */
export function listQuery(url: URL, name: string): string[] | undefined {
  const values = url.searchParams.getAll(name)
  if (values.length === 0) return undefined
  return values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean)
}

/** `idProperty=email` finds a contact by email; otherwise the id is the record id. */
function findRecord(ctx: RouteContext, portal: PortalCrm, type: CrmObjectType): CrmRecord {
  const id = ctx.params.id as string
  const idProperty = ctx.url.searchParams.get('idProperty')
  if (idProperty === null || idProperty === 'hs_object_id') return liveRecord(ctx.store, portal, type, id)
  if (type === 'contacts' && idProperty === 'email') {
    const record = findContactByEmail(portal, id)
    if (!record) throw objectNotFound(id)
    return record
  }
  throw validationError(`idProperty ${idProperty} is not a unique property of ${type}`)
}

function readInput(ctx: RouteContext) {
  const body = jsonObjectBody(ctx.body)
  const check = new BodyCheck()
  const properties = check.object(body, 'properties')
  const associations = readAssociations(check, body)
  check.throwIfAny()
  return { properties: properties as Record<string, unknown>, associations }
}

function routesFor(type: CrmObjectType, singular: string, plural: string): Route[] {
  const base = `/crm/v3/objects/${type}`
  const read = { kind: 'bearer', anyOfScopes: OBJECT_SCOPES[type].read } as const
  const write = { kind: 'bearer', anyOfScopes: OBJECT_SCOPES[type].write } as const

  const create = (ctx: RouteContext): Response => {
    const record = createObject(ctx.store, ctx.token.hubId, type, readInput(ctx))
    return json(201, renderObject(ctx.store.crm, ctx.store.crm.portal(ctx.token.hubId), record, 'all'))
  }

  const get = (ctx: RouteContext): Response => {
    const portal = ctx.store.crm.portal(ctx.token.hubId)
    // Nothing is ever archived here, so archived=true finds nothing (HubSpot then answers 404 too).
    if (booleanQuery(ctx.url, 'archived')) throw objectNotFound(ctx.params.id as string)
    const record = findRecord(ctx, portal, type)
    const toTypes = (listQuery(ctx.url, 'associations') ?? []).map((name) => {
      const toType = parseObjectType(name)
      if (!toType) throw validationError(`Unable to infer object type from: ${name}`)
      return toType
    })
    const rendered = renderObject(ctx.store.crm, portal, record, listQuery(ctx.url, 'properties'))
    const associations = renderV3Associations(ctx.store.crm, portal, record, toTypes)
    return json(200, associations ? { ...rendered, associations } : rendered)
  }

  const update = (ctx: RouteContext): Response => {
    const portal = ctx.store.crm.portal(ctx.token.hubId)
    const body = jsonObjectBody(ctx.body)
    const check = new BodyCheck()
    const properties = check.object(body, 'properties')
    check.throwIfAny()
    const record = findRecord(ctx, portal, type)
    updateObject(ctx.store, ctx.token.hubId, type, record.id, properties as Record<string, unknown>)
    return json(200, renderObject(ctx.store.crm, portal, record, 'all'))
  }

  const search = (ctx: RouteContext): Response => {
    const portal = ctx.store.crm.portal(ctx.token.hubId)
    const request = parseSearch(ctx.store.crm, portal, type, jsonObjectBody(ctx.body))
    const { total, page, nextAfter } = runSearch(ctx.store.crm, portal, type, request)
    return json(200, {
      total,
      results: page.map((record) => renderObject(ctx.store.crm, portal, record, request.properties)),
      ...(nextAfter !== undefined ? { paging: { next: { after: nextAfter } } } : {}),
    })
  }

  return [
    {
      name: `search${plural}`,
      method: 'POST',
      path: `${base}/search`,
      auth: read,
      rateLimit: 'search',
      handle: search,
    },
    { name: `create${singular}`, method: 'POST', path: base, auth: write, handle: create },
    { name: `get${singular}`, method: 'GET', path: `${base}/:id`, auth: read, handle: get },
    { name: `update${singular}`, method: 'PATCH', path: `${base}/:id`, auth: write, handle: update },
  ]
}

const NAMES: Record<CrmObjectType, [singular: string, plural: string]> = {
  contacts: ['Contact', 'Contacts'],
  companies: ['Company', 'Companies'],
  deals: ['Deal', 'Deals'],
  tickets: ['Ticket', 'Tickets'],
  notes: ['Note', 'Notes'],
}

export const objectRoutes: Route[] = CRM_OBJECT_TYPES.flatMap((type) => routesFor(type, ...NAMES[type]))
