/** Pipelines, property definitions and owners (hubspot-facts.md §9): the reference data behind CRM values. */
import { json, notFound, validationError } from '../errors'
import type { Route, RouteContext } from '../router'
import { booleanQuery, paginate } from '../validation'
import { renderOwner, renderPipeline, renderProperty } from './render'
import { OBJECT_SCOPES } from './scopes'
import { CRM_OBJECT_TYPES, type CrmObjectType, type PipelineObjectType } from './types'

const OWNERS = { kind: 'bearer', anyOfScopes: ['crm.objects.owners.read'] } as const

function pipelineRoutes(type: PipelineObjectType): Route[] {
  const base = `/crm/v3/pipelines/${type}`
  const auth = { kind: 'bearer', anyOfScopes: OBJECT_SCOPES[type].read } as const
  const pipelines = (ctx: RouteContext) =>
    [...ctx.store.crm.portal(ctx.token.hubId).pipelines[type]]
      .filter((pipeline) => !pipeline.archived)
      .sort((a, b) => a.displayOrder - b.displayOrder)
  const one = (ctx: RouteContext) => {
    const pipeline = pipelines(ctx).find((candidate) => candidate.id === ctx.params.pipelineId)
    if (!pipeline) throw notFound(`Unable to find pipeline ${ctx.params.pipelineId} for ${type}`)
    return pipeline
  }
  return [
    {
      name: 'getPipelines',
      method: 'GET',
      path: base,
      auth,
      handle: (ctx) => json(200, { results: pipelines(ctx).map(renderPipeline) }),
    },
    {
      name: 'getPipeline',
      method: 'GET',
      path: `${base}/:pipelineId`,
      auth,
      handle: (ctx) => json(200, renderPipeline(one(ctx))),
    },
    {
      name: 'getPipelineStages',
      method: 'GET',
      path: `${base}/:pipelineId/stages`,
      auth,
      handle: (ctx) => json(200, { results: renderPipeline(one(ctx)).stages }),
    },
  ]
}

/** Property definitions: tickets need `tickets` (hubspot-facts.md §2, UNCONFIRMED for properties); other types their read scope. */
function propertyRoutes(type: CrmObjectType): Route[] {
  const auth = { kind: 'bearer', anyOfScopes: OBJECT_SCOPES[type].read } as const
  const definitions = (ctx: RouteContext) => ctx.store.crm.properties(ctx.store.crm.portal(ctx.token.hubId), type)
  return [
    {
      name: 'getProperties',
      method: 'GET',
      path: `/crm/v3/properties/${type}`,
      auth,
      handle: (ctx) => json(200, { results: definitions(ctx).map(renderProperty) }),
    },
    {
      name: 'getProperty',
      method: 'GET',
      path: `/crm/v3/properties/${type}/:name`,
      auth,
      handle: (ctx) => {
        const all = definitions(ctx)
        const index = all.findIndex((definition) => definition.name === ctx.params.name)
        if (index === -1) throw notFound(`Unable to find property ${ctx.params.name} on ${type}`)
        return json(200, renderProperty(all[index] as (typeof all)[number], index))
      },
    },
  ]
}

function listOwners(ctx: RouteContext): Response {
  const archived = booleanQuery(ctx.url, 'archived')
  const email = ctx.url.searchParams.get('email')?.trim().toLowerCase()
  const owners = ctx.store.crm
    .portal(ctx.token.hubId)
    .owners.filter((owner) => owner.archived === archived && (!email || owner.email.toLowerCase() === email))
  // HubSpot's owner list pages like other v3 lists but carries no `total`.
  const { results, paging } = paginate(owners, ctx.url, 100, 500)
  return json(200, { results: results.map(renderOwner), ...(paging ? { paging } : {}) })
}

function getOwner(ctx: RouteContext): Response {
  const idProperty = ctx.url.searchParams.get('idProperty') ?? 'id'
  if (idProperty !== 'id' && idProperty !== 'userId') throw validationError('idProperty must be id or userId')
  const archived = booleanQuery(ctx.url, 'archived')
  const wanted = ctx.params.ownerId as string
  const owner = ctx.store.crm
    .portal(ctx.token.hubId)
    .owners.find(
      (candidate) =>
        candidate.archived === archived &&
        (idProperty === 'id' ? candidate.id === wanted : String(candidate.userId) === wanted),
    )
  if (!owner) throw notFound(`Unable to find owner with ${idProperty} ${wanted}`)
  return json(200, renderOwner(owner))
}

export const metaRoutes: Route[] = [
  ...pipelineRoutes('tickets'),
  ...pipelineRoutes('deals'),
  ...CRM_OBJECT_TYPES.flatMap(propertyRoutes),
  { name: 'getOwners', method: 'GET', path: '/crm/v3/owners', auth: OWNERS, handle: listOwners },
  { name: 'getOwner', method: 'GET', path: '/crm/v3/owners/:ownerId', auth: OWNERS, handle: getOwner },
]
