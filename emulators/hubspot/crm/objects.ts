/**
 * Record changes shared by the API routes and the test helpers, so seeded data passes the same checks as our
 * integration's calls (helpers turn the HTTP errors into plain Errors).
 */
import { conflict, notFound, validationError, type ErrorDetail } from '../errors'
import type { HubSpotStore } from '../store'
import { BodyCheck, isRecord } from '../validation'
import { associationType, defaultAssociationType, type AssociationType } from './association-types'
import { findContactByEmail, type PortalCrm } from './state'
import type { CrmObjectType, CrmRecord } from './types'
import { checkProperties, PIPELINE_PROPERTIES } from './values'

export type AssociationInput = { toId: string; typeIds: number[] }

/** HubSpot's 404 for a missing record (its message, odd spacing included). */
export const objectNotFound = (id: string) => notFound(`Object not found.  objectId are usually numeric. (${id})`)

export function liveRecord(store: HubSpotStore, portal: PortalCrm, type: CrmObjectType, id: string): CrmRecord {
  const record = store.crm.record(portal, type, id)
  if (!record) throw objectNotFound(id)
  return record
}

/** Reads `associations: [{ to: { id }, types: [{ associationCategory, associationTypeId }] }]` (hubspot-facts.md §9). */
export function readAssociations(check: BodyCheck, body: Record<string, unknown>): AssociationInput[] {
  const list = check.array(body, 'associations', '', false)
  if (!list) return []
  const parsed: AssociationInput[] = []
  list.forEach((item, index) => {
    const path = `associations[${index}]`
    if (!isRecord(item)) return check.invalid(path, 'expected an object')
    const to = check.object(item, 'to', path)
    const toId = to ? check.id(to, 'id', `${path}.to`) : undefined
    const types = check.array(item, 'types', path)
    if (types?.length === 0) check.invalid(`${path}.types`, 'must not be empty')
    const typeIds: number[] = []
    types?.forEach((type, typeIndex) => {
      const typePath = `${path}.types[${typeIndex}]`
      if (!isRecord(type)) return check.invalid(typePath, 'expected an object')
      const category = check.enumValue(
        type,
        'associationCategory',
        ['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED'] as const,
        typePath,
      )
      const typeId = check.number(type, 'associationTypeId', typePath)
      if (typeId !== undefined && !Number.isInteger(typeId))
        return check.invalid(`${typePath}.associationTypeId`, 'must be an integer')
      // We only know HubSpot's own types; a USER_DEFINED label would have to be created first.
      if (category !== undefined && category !== 'HUBSPOT_DEFINED')
        return check.invalid(`${typePath}.associationCategory`, `no ${category} association type ${typeId} exists`)
      if (typeId !== undefined) typeIds.push(typeId)
    })
    if (toId !== undefined) parsed.push({ toId, typeIds })
  })
  return parsed
}

type ResolvedAssociation = { toType: CrmObjectType; toId: string; types: AssociationType[] }

function resolveAssociations(
  store: HubSpotStore,
  portal: PortalCrm,
  fromType: CrmObjectType,
  inputs: AssociationInput[],
): ResolvedAssociation[] {
  const issues: ErrorDetail[] = []
  const resolved: ResolvedAssociation[] = []
  inputs.forEach((input, index) => {
    const types = input.typeIds.map((typeId) => associationType(typeId))
    const bad = input.typeIds.filter((typeId, i) => types[i]?.from !== fromType)
    if (bad.length > 0 || types.length === 0) {
      for (const typeId of bad)
        issues.push({
          message: `associationTypeId ${typeId} is not a HUBSPOT_DEFINED association type from ${fromType}`,
          code: 'INVALID_ASSOCIATION_TYPE',
          in: `associations[${index}].types`,
        })
      return
    }
    const toTypes = new Set(types.map((type) => (type as AssociationType).to))
    if (toTypes.size > 1) {
      issues.push({
        message: 'All types of one association must point to the same object type',
        code: 'INVALID_ASSOCIATION_TYPE',
        in: `associations[${index}].types`,
      })
      return
    }
    const toType = [...toTypes][0] as CrmObjectType
    if (!store.crm.record(portal, toType, input.toId)) {
      issues.push({
        message: `No ${toType} with id ${input.toId} exists to associate with`,
        code: 'ASSOCIATED_OBJECT_NOT_FOUND',
        in: `associations[${index}].to.id`,
      })
      return
    }
    resolved.push({ toType, toId: input.toId, types: types as AssociationType[] })
  })
  if (issues.length > 0)
    throw validationError(`Invalid associations: ${issues.map((issue) => issue.message).join('; ')}`, {
      errors: issues,
    })
  return resolved
}

/** Links with `types` (all from→to of one pair), adding the unlabeled default a labelled type implies. */
export function linkTypes(
  store: HubSpotStore,
  portal: PortalCrm,
  from: { type: CrmObjectType; id: string },
  to: { type: CrmObjectType; id: string },
  types: AssociationType[],
): void {
  const fallback = defaultAssociationType(from.type, to.type)
  const all = types.some((type) => !type.isDefault) && fallback ? [...types, fallback] : types
  store.crm.link(
    portal,
    from,
    to,
    all.map((type) => type.typeId),
    all.map((type) => type.inverse),
  )
}

function assertUniqueEmail(portal: PortalCrm, email: string | null | undefined, selfId?: string): void {
  if (!email) return
  const existing = findContactByEmail(portal, email)
  if (existing && existing.id !== selfId) throw conflict(`Contact already exists. Existing ID: ${existing.id}`)
}

/** HubSpot stamps `closed_date` when a ticket enters a CLOSED stage and clears it when the ticket reopens. */
function stampClosedDate(portal: PortalCrm, record: CrmRecord, changed: Record<string, string | null>, at: string) {
  if (record.type !== 'tickets' || changed.closed_date !== undefined) return
  const names = PIPELINE_PROPERTIES.tickets as { pipeline: string; stage: string }
  const pipeline = portal.pipelines.tickets.find((p) => p.id === record.properties[names.pipeline])
  const stage = pipeline?.stages.find((s) => s.id === record.properties[names.stage])
  if (stage?.metadata.ticketState === 'CLOSED') record.properties.closed_date ??= at
  else delete record.properties.closed_date
}

export type CreateInput = { properties: Record<string, unknown>; associations?: AssociationInput[]; createdAt?: string }

export function createObject(store: HubSpotStore, hubId: number, type: CrmObjectType, input: CreateInput): CrmRecord {
  const portal = store.crm.portal(hubId)
  const values = checkProperties({ crm: store.crm, portal, type }, input.properties)
  const associations = resolveAssociations(store, portal, type, input.associations ?? [])
  if (type === 'contacts') assertUniqueEmail(portal, values.email)
  const at = input.createdAt ?? store.isoNow()
  const properties: Record<string, string> = {}
  for (const [name, value] of Object.entries(values)) if (value !== null) properties[name] = value
  const record: CrmRecord = {
    id: store.crm.newId(type),
    type,
    hubId,
    properties,
    createdAt: at,
    updatedAt: at,
    archived: false,
  }
  stampClosedDate(portal, record, values, at)
  portal.objects[type].set(record.id, record)
  for (const association of associations)
    linkTypes(store, portal, record, { type: association.toType, id: association.toId }, association.types)
  return record
}

export function updateObject(
  store: HubSpotStore,
  hubId: number,
  type: CrmObjectType,
  id: string,
  input: Record<string, unknown>,
): CrmRecord {
  const portal = store.crm.portal(hubId)
  const record = liveRecord(store, portal, type, id)
  const values = checkProperties({ crm: store.crm, portal, type, existing: record }, input)
  if (type === 'contacts') assertUniqueEmail(portal, values.email, record.id)
  for (const [name, value] of Object.entries(values)) {
    if (value === null) delete record.properties[name]
    else record.properties[name] = value
  }
  record.updatedAt = store.isoNow()
  stampClosedDate(portal, record, values, record.updatedAt)
  return record
}
