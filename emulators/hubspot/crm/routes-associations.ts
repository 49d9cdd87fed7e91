/**
 * Associations v4 (hubspot-facts.md §9). The object types are path parameters, so the scope check happens here: reading
 * needs the read scope of the `from` type, writing its write scope (our assumption; HubSpot does not say).
 */
import { json, noContent, validationError } from '../errors'
import type { Route, RouteContext } from '../router'
import { BodyCheck, isRecord, paginate } from '../validation'
import { associationType, defaultAssociationType, type AssociationType } from './association-types'
import { linkTypes, liveRecord } from './objects'
import { OBJECT_SCOPES, requireScopes } from './scopes'
import { OBJECT_TYPE_IDS, parseObjectType, type CrmObjectType } from './types'

const BASE = '/crm/v4/objects/:fromType/:fromId/associations'
/** Scopes depend on the path's object types; see `requireScopes` below. */
const BEARER = { kind: 'bearer', anyOfScopes: [] } as const

function objectType(name: string): CrmObjectType {
  const type = parseObjectType(name)
  if (!type) throw validationError(`Unable to infer object type from: ${name}`)
  return type
}

/** The two records of the path, both required to exist in the token's portal. */
function pair(ctx: RouteContext, access: 'read' | 'write') {
  const fromType = objectType(ctx.params.fromType as string)
  const toType = objectType(ctx.params.toType as string)
  requireScopes(ctx.token, OBJECT_SCOPES[fromType][access])
  const portal = ctx.store.crm.portal(ctx.token.hubId)
  const from = liveRecord(ctx.store, portal, fromType, ctx.params.fromId as string)
  const to = ctx.params.toId === undefined ? undefined : liveRecord(ctx.store, portal, toType, ctx.params.toId)
  return { portal, fromType, toType, from, to }
}

const spec = (type: AssociationType) => ({ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: type.typeId })

function associateDefault(ctx: RouteContext): Response {
  const { portal, fromType, toType, from, to } = pair(ctx, 'write')
  const type = defaultAssociationType(fromType, toType)
  if (!type || !to) throw validationError(`There is no default association from ${fromType} to ${toType}`)
  linkTypes(ctx.store, portal, from, to, [type])
  const at = ctx.store.isoNow()
  const inverse = associationType(type.inverse) as AssociationType
  return json(200, {
    status: 'COMPLETE',
    results: [
      { from: { id: from.id }, to: { id: to.id }, associationSpec: spec(type) },
      { from: { id: to.id }, to: { id: from.id }, associationSpec: spec(inverse) },
    ],
    startedAt: at,
    completedAt: at,
  })
}

/** PUT with a body of `[{ associationCategory, associationTypeId }]`: labelled associations. */
function associateLabels(ctx: RouteContext): Response {
  const { portal, fromType, toType, from, to } = pair(ctx, 'write')
  if (ctx.body.kind !== 'json' || !Array.isArray(ctx.body.value))
    throw validationError('Invalid input JSON: expected an array of association types')
  const check = new BodyCheck()
  const types: AssociationType[] = []
  ctx.body.value.forEach((item, index) => {
    const path = `[${index}]`
    if (!isRecord(item)) return check.invalid(path, 'expected an object')
    const category = check.enumValue(item, 'associationCategory', ['HUBSPOT_DEFINED'] as const, path)
    const typeId = check.number(item, 'associationTypeId', path)
    const type = typeId === undefined ? undefined : associationType(typeId)
    if (category && typeId !== undefined && (type?.from !== fromType || type.to !== toType))
      return check.invalid(
        `${path}.associationTypeId`,
        `${typeId} is not an association type from ${fromType} to ${toType}`,
      )
    if (type) types.push(type)
  })
  if (ctx.body.value.length === 0) check.invalid('', 'at least one association type is required')
  check.throwIfAny()
  linkTypes(ctx.store, portal, from, to as NonNullable<typeof to>, types)
  return json(201, {
    fromObjectTypeId: OBJECT_TYPE_IDS[fromType],
    fromObjectId: Number(from.id),
    toObjectTypeId: OBJECT_TYPE_IDS[toType],
    toObjectId: Number(to?.id),
    labels: types.flatMap((type) => (type.label ? [type.label] : [])),
  })
}

function listAssociations(ctx: RouteContext): Response {
  const { portal, fromType, toType, from } = pair(ctx, 'read')
  const edges = ctx.store.crm.edges(portal, fromType, from.id, toType).map((edge) => ({
    toObjectId: Number(edge.toId),
    associationTypes: [...edge.typeIds]
      .sort((a, b) => a - b)
      .map((typeId) => ({ category: 'HUBSPOT_DEFINED', typeId, label: associationType(typeId)?.label ?? null })),
  }))
  const { results, paging } = paginate(edges, ctx.url, 500, 500)
  return json(200, { results, ...(paging ? { paging } : {}) })
}

function removeAssociations(ctx: RouteContext): Response {
  const { portal, from, to } = pair(ctx, 'write')
  if (to) ctx.store.crm.unlink(portal, from, to)
  return noContent()
}

export const associationRoutes: Route[] = [
  {
    name: 'associateDefault',
    method: 'PUT',
    path: `${BASE}/default/:toType/:toId`,
    auth: BEARER,
    handle: associateDefault,
  },
  { name: 'associateLabels', method: 'PUT', path: `${BASE}/:toType/:toId`, auth: BEARER, handle: associateLabels },
  { name: 'listAssociations', method: 'GET', path: `${BASE}/:toType`, auth: BEARER, handle: listAssociations },
  {
    name: 'removeAssociations',
    method: 'DELETE',
    path: `${BASE}/:toType/:toId`,
    auth: BEARER,
    handle: removeAssociations,
  },
]
