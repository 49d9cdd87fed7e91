/**
 * CRM state, per portal (objects, associations, custom properties, pipelines, owners), kept on `HubSpotStore.crm`.
 * A portal's CRM is seeded the first time it is touched, so `seedPortal` needs no CRM knowledge. Contacts share
 * the id sequence of conversation visitors: a visitor IS a contact in HubSpot, and `associatedContactId` of a
 * thread must resolve through the CRM API.
 */
import type { HubSpotStore } from '../store'
import { STANDARD_PROPERTIES } from './schema'
import { defaultDealPipelines, defaultTicketPipelines, ownerForAgent } from './seed'
import {
  CRM_OBJECT_TYPES,
  type AssociationEdge,
  type CrmObjectType,
  type CrmRecord,
  type Owner,
  type Pipeline,
  type PipelineObjectType,
  type PropertyDefinition,
} from './types'

export type SearchRateLimit = { max: number; intervalMs: number }
/** hubspot-facts.md §10: 4 req/s (old changelog) or 5 req/s (UNCONFIRMED); we take 5 per second per token. */
export const DEFAULT_SEARCH_RATE_LIMIT: SearchRateLimit = { max: 5, intervalMs: 1000 }

export type CrmOptions = { searchRateLimit?: SearchRateLimit | false }

export type PortalCrm = {
  hubId: number
  objects: Record<CrmObjectType, Map<string, CrmRecord>>
  /** `${type}:${id}` → `${toType}:${toId}` → edge; always stored in both directions. */
  associations: Map<string, Map<string, AssociationEdge>>
  customProperties: Record<CrmObjectType, PropertyDefinition[]>
  pipelines: Record<PipelineObjectType, Pipeline[]>
  owners: Owner[]
  /** How many of the portal's conversation visitors already have a contact record. */
  syncedVisitors: number
}

const ID_STARTS = { company: 5_100_000_001, deal: 6_200_000_001, ticket: 1_700_000_001, note: 4_800_000_001 }
const OWNER_ID_START = 90_001
const PIPELINE_ID_START = 100_001

const perType = <T>(make: () => T) =>
  Object.fromEntries(CRM_OBJECT_TYPES.map((type) => [type, make()])) as Record<CrmObjectType, T>

export class CrmStore {
  readonly searchRateLimit: SearchRateLimit | false
  /** Per access token, timestamps of recent search calls (search has its own per-token limit). */
  readonly searchCalls = new Map<string, number[]>()
  private readonly portals = new Map<number, PortalCrm>()
  private readonly counters = new Map<string, number>()

  constructor(
    private readonly store: HubSpotStore,
    options: CrmOptions = {},
  ) {
    this.searchRateLimit =
      options.searchRateLimit === undefined ? { ...DEFAULT_SEARCH_RATE_LIMIT } : options.searchRateLimit
    // Seed the default portal now so its owner ids are stable (90001, 90002) whatever a test touches first.
    this.portal(store.defaultHubId)
  }

  private next(kind: string, start: number): number {
    const value = this.counters.get(kind) ?? start
    this.counters.set(kind, value + 1)
    return value
  }

  newId(type: CrmObjectType): string {
    if (type === 'contacts') return String(this.store.nextId('contact'))
    const kind = type === 'companies' ? 'company' : (type.slice(0, -1) as keyof typeof ID_STARTS)
    return String(this.next(kind, ID_STARTS[kind]))
  }

  newOwnerId(): string {
    return String(this.next('owner', OWNER_ID_START))
  }

  newPipelineId(): string {
    return String(this.next('pipeline', PIPELINE_ID_START))
  }

  /** The portal's CRM (throws a plain Error for an unknown portal, like `store.portal`). */
  portal(hubId: number = this.store.defaultHubId): PortalCrm {
    const agents = this.store.portal(hubId).agents
    let crm = this.portals.get(hubId)
    if (!crm) {
      crm = {
        hubId,
        objects: perType(() => new Map<string, CrmRecord>()),
        associations: new Map(),
        customProperties: perType((): PropertyDefinition[] => []),
        pipelines: { tickets: defaultTicketPipelines(), deals: defaultDealPipelines() },
        owners: agents.map((agent) => ownerForAgent(agent, this.newOwnerId())),
        syncedVisitors: 0,
      }
      this.portals.set(hubId, crm)
    }
    this.syncVisitors(crm)
    return crm
  }

  /**
   * Visitors created by published messages become contacts (email or phone from their delivery identifier, name
   * split in two). An email another contact already has is left out rather than breaking uniqueness.
   */
  private syncVisitors(crm: PortalCrm): void {
    const visitors = this.store.portal(crm.hubId).visitors
    for (; crm.syncedVisitors < visitors.length; crm.syncedVisitors++) {
      const visitor = visitors[crm.syncedVisitors]
      // A pre-resolved visitor is an existing contact already.
      if (!visitor || crm.objects.contacts.has(String(visitor.contactId))) continue
      const properties: Record<string, string> = {}
      const { type, value } = visitor.deliveryIdentifier
      if (type === 'HS_EMAIL_ADDRESS' && !findContactByEmail(crm, value)) properties.email = value.toLowerCase()
      if (type === 'HS_PHONE_NUMBER') properties.phone = value
      if (visitor.name) {
        const [first = '', ...rest] = visitor.name.trim().split(/\s+/)
        properties.firstname = first
        if (rest.length > 0) properties.lastname = rest.join(' ')
      }
      const at = this.store.isoNow()
      const id = String(visitor.contactId)
      crm.objects.contacts.set(id, {
        id,
        type: 'contacts',
        hubId: crm.hubId,
        properties,
        createdAt: at,
        updatedAt: at,
        archived: false,
      })
    }
  }

  properties(crm: PortalCrm, type: CrmObjectType): PropertyDefinition[] {
    return [...STANDARD_PROPERTIES[type], ...crm.customProperties[type]]
  }

  property(crm: PortalCrm, type: CrmObjectType, name: string): PropertyDefinition | undefined {
    return this.properties(crm, type).find((definition) => definition.name === name)
  }

  record(crm: PortalCrm, type: CrmObjectType, id: string): CrmRecord | undefined {
    const record = crm.objects[type].get(id)
    return record && !record.archived ? record : undefined
  }

  /** Links both directions; `typeIds` are the from→to ids, `inverseIds` the to→from ones. */
  link(
    crm: PortalCrm,
    from: { type: CrmObjectType; id: string },
    to: { type: CrmObjectType; id: string },
    typeIds: number[],
    inverseIds: number[],
  ): void {
    addEdge(crm, from, to, typeIds)
    addEdge(crm, to, from, inverseIds)
  }

  unlink(crm: PortalCrm, from: { type: CrmObjectType; id: string }, to: { type: CrmObjectType; id: string }): void {
    crm.associations.get(`${from.type}:${from.id}`)?.delete(`${to.type}:${to.id}`)
    crm.associations.get(`${to.type}:${to.id}`)?.delete(`${from.type}:${from.id}`)
  }

  edges(crm: PortalCrm, type: CrmObjectType, id: string, toType?: CrmObjectType): AssociationEdge[] {
    const edges = [...(crm.associations.get(`${type}:${id}`)?.values() ?? [])]
    return edges
      .filter((edge) => (toType === undefined || edge.toType === toType) && this.record(crm, edge.toType, edge.toId))
      .sort((a, b) => Number(a.toId) - Number(b.toId))
  }
}

function addEdge(
  crm: PortalCrm,
  from: { type: CrmObjectType; id: string },
  to: { type: CrmObjectType; id: string },
  typeIds: number[],
): void {
  const key = `${from.type}:${from.id}`
  let edges = crm.associations.get(key)
  if (!edges) crm.associations.set(key, (edges = new Map()))
  const toKey = `${to.type}:${to.id}`
  let edge = edges.get(toKey)
  if (!edge) edges.set(toKey, (edge = { toType: to.type, toId: to.id, typeIds: new Set() }))
  for (const typeId of typeIds) edge.typeIds.add(typeId)
}

export function findContactByEmail(crm: PortalCrm, email: string): CrmRecord | undefined {
  const wanted = email.trim().toLowerCase()
  return [...crm.objects.contacts.values()].find((record) => !record.archived && record.properties.email === wanted)
}

/**
 * The contact HubSpot ties a message sender to by itself when the integration pre-resolves none: the one with
 * that email, or that phone as stored (E.164). ASSUMED (README): the spec only says email and phone identifiers
 * exist; that HubSpot matches contacts on them, and not on a channel-specific opaque id, is our reading.
 */
export function contactOwning(crm: PortalCrm, identifier: { type: string; value: string }): CrmRecord | undefined {
  if (identifier.type === 'HS_EMAIL_ADDRESS') return findContactByEmail(crm, identifier.value)
  if (identifier.type !== 'HS_PHONE_NUMBER') return undefined
  return [...crm.objects.contacts.values()].find(
    (record) =>
      !record.archived &&
      (record.properties.phone === identifier.value || record.properties.mobilephone === identifier.value),
  )
}
