import { z } from '@botpress/sdk'
import { HubSpotAuth, HubSpotHttp } from './http'
import { collectPages } from './paging'
import { id, paged } from './schemas'

/** HubSpot's SimplePublicObject: every property value is a string (or null when unset). */
const crmObject = z
  .object({
    id,
    properties: z.record(z.string().nullable().optional()),
    createdAt: z.string().optional(),
    associations: z
      .record(z.object({ results: z.array(z.object({ id, type: z.string().optional() }).passthrough()) }).passthrough())
      .optional(),
  })
  .passthrough()
export type CrmObject = z.infer<typeof crmObject>

const searchResults = paged(crmObject).extend({ total: z.number().optional() })

export const pipeline = z
  .object({
    id,
    label: z.string(),
    displayOrder: z.number().optional(),
    archived: z.boolean().optional(),
    stages: z.array(
      z
        .object({
          id,
          label: z.string(),
          displayOrder: z.number().optional(),
          archived: z.boolean().optional(),
          metadata: z.record(z.unknown()).optional(),
        })
        .passthrough(),
    ),
  })
  .passthrough()
export type Pipeline = z.infer<typeof pipeline>

const propertyDefinition = z
  .object({
    name: z.string(),
    label: z.string().optional(),
    type: z.string().optional(),
    options: z.array(z.object({ value: z.string(), label: z.string().optional() }).passthrough()).optional(),
  })
  .passthrough()
export type PropertyDefinition = z.infer<typeof propertyDefinition>

export const owner = z
  .object({
    id,
    email: z.string().nullish(),
    firstName: z.string().nullish(),
    lastName: z.string().nullish(),
    userId: z.number().nullish(),
    /** Set for a deactivated user too, whose `userId` HubSpot leaves out (spec OWN). */
    userIdIncludingInactive: z.number().nullish(),
    archived: z.boolean().optional(),
  })
  .passthrough()
export type Owner = z.infer<typeof owner>

export type CrmObjectType = 'contacts' | 'companies' | 'deals' | 'tickets' | 'notes'
export type Filter = { propertyName: string; operator: string; value?: string; values?: string[] }
export type SearchRequest = {
  filterGroups?: { filters: Filter[] }[]
  query?: string
  properties: string[]
  sorts?: { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }[]
  limit: number
}
export type Association = {
  to: { id: string }
  types: { associationCategory: 'HUBSPOT_DEFINED'; associationTypeId: number }[]
}

/** HUBSPOT_DEFINED association type ids (docs/hubspot-facts.md §9). */
export const ASSOCIATION = { ticketToContact: 16, noteToContact: 202, noteToTicket: 228 } as const

/** An association to record `id` with one of HubSpot's own (unlabelled) types. */
export const associationTo = (id: string, associationTypeId: number): Association => ({
  to: { id },
  types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }],
})

/** 'tickets' → 'ticket', for operation names a bot builder reads in errors. */
const singular = (objectType: string) => objectType.replace(/s$/, '')

/** CRM objects, search, pipelines, properties and owners of the connected account. */
export class CrmApi {
  public constructor(
    private readonly _http: HubSpotHttp,
    private readonly _oauth: HubSpotAuth,
  ) {}

  public search(type: CrmObjectType, request: SearchRequest): Promise<z.infer<typeof searchResults>> {
    return this._http.send({
      operation: `search ${type}`,
      method: 'POST',
      path: `/crm/v3/objects/${type}/search`,
      auth: this._oauth,
      json: request,
      idempotent: true,
      search: true,
      response: searchResults,
    })
  }

  public get(
    type: CrmObjectType,
    objectId: string,
    options: { properties: string[]; associations?: string[] },
  ): Promise<CrmObject> {
    return this._http.send({
      operation: `read a ${singular(type)}`,
      method: 'GET',
      path: `/crm/v3/objects/${type}/${objectId}`,
      auth: this._oauth,
      query: { properties: options.properties.join(','), associations: options.associations?.join(',') },
      response: crmObject,
    })
  }

  public create(
    type: CrmObjectType,
    properties: Record<string, string>,
    associations: Association[] = [],
  ): Promise<CrmObject> {
    return this._http.send({
      operation: `create a ${singular(type)}`,
      method: 'POST',
      path: `/crm/v3/objects/${type}`,
      auth: this._oauth,
      json: { properties, associations },
      response: crmObject,
    })
  }

  public update(type: CrmObjectType, objectId: string, properties: Record<string, string>): Promise<CrmObject> {
    return this._http.send({
      operation: `update a ${singular(type)}`,
      method: 'PATCH',
      path: `/crm/v3/objects/${type}/${objectId}`,
      auth: this._oauth,
      json: { properties },
      response: crmObject,
    })
  }

  public async pipelines(objectType: 'tickets' | 'deals'): Promise<Pipeline[]> {
    const { results } = await this._http.send({
      operation: `list the ${singular(objectType)} pipelines`,
      method: 'GET',
      path: `/crm/v3/pipelines/${objectType}`,
      auth: this._oauth,
      response: z.object({ results: z.array(pipeline) }),
    })
    return results
  }

  public async properties(objectType: 'tickets'): Promise<PropertyDefinition[]> {
    const { results } = await this._http.send({
      operation: `list the ${singular(objectType)} properties`,
      method: 'GET',
      path: `/crm/v3/properties/${objectType}`,
      auth: this._oauth,
      response: z.object({ results: z.array(propertyDefinition) }),
    })
    return results
  }

  public getOwner(ownerId: string): Promise<Owner> {
    return this._http.send({
      operation: `read owner ${ownerId}`,
      method: 'GET',
      path: `/crm/v3/owners/${ownerId}`,
      auth: this._oauth,
      query: { idProperty: 'id' },
      response: owner,
    })
  }

  /** The active (unarchived) owner with this email, if any: one call. */
  public async findOwnerByEmail(email: string): Promise<Owner | undefined> {
    const { results } = await this._http.send({
      operation: 'find the owner by email',
      method: 'GET',
      path: '/crm/v3/owners',
      auth: this._oauth,
      query: { email, limit: 1 },
      response: paged(owner),
    })
    return results[0]
  }

  public listOwners(): Promise<Owner[]> {
    return collectPages((after) =>
      this._http.send({
        operation: 'list the owners',
        method: 'GET',
        path: '/crm/v3/owners',
        auth: this._oauth,
        query: { after, limit: 100 },
        response: paged(owner),
      }),
    )
  }
}
