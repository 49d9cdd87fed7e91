/** HubSpot's public JSON for CRM records, properties, pipelines and owners (hubspot-facts.md §9). */
import { associationType } from './association-types'
import { ALWAYS_RETURNED, DEFAULT_PROPERTIES } from './schema'
import type { CrmStore, PortalCrm } from './state'
import type { CrmObjectType, CrmRecord, Owner, Pipeline, PropertyDefinition } from './types'
import { recordValues } from './values'

export type SimplePublicObject = {
  id: string
  properties: Record<string, string | null>
  createdAt: string
  updatedAt: string
  archived: boolean
  associations?: Record<string, { results: { id: string; type: string }[] }>
}

/**
 * `names` undefined → the type's default properties; a list → those (null when unset) plus the always-returned
 * ids and dates; 'all' → every set value (what create and update answer). Unknown names are silently left out,
 * as HubSpot does for reads.
 */
export function renderObject(
  crm: CrmStore,
  portal: PortalCrm,
  record: CrmRecord,
  names: string[] | 'all' | undefined,
): SimplePublicObject {
  const values = recordValues(record)
  const properties: Record<string, string | null> = {}
  if (names === 'all') Object.assign(properties, values)
  else {
    const wanted = names === undefined ? DEFAULT_PROPERTIES[record.type] : [...names, ...ALWAYS_RETURNED(record.type)]
    for (const name of [...new Set(wanted)].sort())
      if (crm.property(portal, record.type, name)) properties[name] = values[name] ?? null
  }
  return {
    id: record.id,
    properties,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    archived: record.archived,
  }
}

/** v3 `associations` block: one result per (target, type), keyed by the plural type name; empty types left out. */
export function renderV3Associations(
  crm: CrmStore,
  portal: PortalCrm,
  record: CrmRecord,
  toTypes: CrmObjectType[],
): SimplePublicObject['associations'] {
  const block: NonNullable<SimplePublicObject['associations']> = {}
  for (const toType of toTypes) {
    const results = crm
      .edges(portal, record.type, record.id, toType)
      .flatMap((edge) =>
        [...edge.typeIds].sort((a, b) => a - b).map((typeId) => ({ id: edge.toId, type: associationName(typeId) })),
      )
    if (results.length > 0) block[toType] = { results }
  }
  return Object.keys(block).length > 0 ? block : undefined
}

const associationName = (typeId: number) => associationType(typeId)?.name ?? String(typeId)

export function renderProperty(definition: PropertyDefinition, index: number) {
  const at = definition.createdAt ?? '2020-01-01T00:00:00.000Z'
  return {
    name: definition.name,
    label: definition.label,
    type: definition.type,
    fieldType: definition.fieldType,
    description: definition.description ?? '',
    groupName: definition.groupName,
    options: (definition.options ?? []).map((option, order) => ({
      label: option.label,
      value: option.value,
      displayOrder: option.displayOrder ?? order,
      hidden: option.hidden ?? false,
    })),
    displayOrder: index,
    calculated: definition.calculated ?? false,
    externalOptions: definition.externalOptions ?? false,
    hasUniqueValue: definition.hasUniqueValue ?? false,
    hidden: false,
    hubspotDefined: definition.hubspotDefined,
    modificationMetadata: {
      archivable: !definition.hubspotDefined,
      readOnlyDefinition: definition.hubspotDefined,
      readOnlyValue: definition.readOnlyValue ?? false,
    },
    formField: !definition.readOnlyValue,
    createdAt: at,
    updatedAt: at,
    archived: false,
  }
}

export function renderPipeline(pipeline: Pipeline) {
  return {
    id: pipeline.id,
    label: pipeline.label,
    displayOrder: pipeline.displayOrder,
    archived: pipeline.archived,
    createdAt: pipeline.createdAt,
    updatedAt: pipeline.updatedAt,
    stages: [...pipeline.stages]
      .sort((a, b) => a.displayOrder - b.displayOrder)
      .map((stage) => ({
        id: stage.id,
        label: stage.label,
        displayOrder: stage.displayOrder,
        metadata: { ...stage.metadata },
        archived: stage.archived,
        createdAt: stage.createdAt,
        updatedAt: stage.updatedAt,
      })),
  }
}

export function renderOwner(owner: Owner) {
  return {
    id: owner.id,
    email: owner.email,
    type: 'PERSON',
    firstName: owner.firstName,
    lastName: owner.lastName,
    ...(owner.deactivated ? {} : { userId: owner.userId }),
    userIdIncludingInactive: owner.userId,
    createdAt: owner.createdAt,
    updatedAt: owner.updatedAt,
    archived: owner.archived,
    teams: [],
  }
}
