/**
 * Test helpers behind `HubSpotEmulator` (seed records, add properties/pipelines, read state). Seeded data goes
 * through the API's own checks; a mistake in a test's setup throws a plain Error with HubSpot's message.
 */
import { HubSpotError } from '../errors'
import type { HubSpotStore } from '../store'
import { associationType, defaultAssociationType, type AssociationType } from './association-types'
import { createObject, linkTypes } from './objects'
import { buildPipeline, type StageInput } from './seed'
import {
  CRM_OBJECT_TYPES,
  SINGULAR,
  type CrmObjectType,
  type PipelineObjectType,
  type PropertyDefinition,
} from './types'
import { normalizeDatetime, PIPELINE_PROPERTIES, recordValues } from './values'

export type SeedObjectInput = {
  hubId?: number
  properties?: Record<string, string | number | boolean | null>
  /** ISO string, epoch ms or Date; defaults to the emulator clock. */
  createdAt?: string | number | Date
}

function asHelperError(action: string, error: unknown): never {
  if (error instanceof HubSpotError) throw new Error(`${action}: HTTP ${error.httpStatus} ${error.body.message}`)
  throw error
}

/**
 * Creates a record like the API would and returns its id. Tickets and deals default to the first stage of their
 * (default) pipeline and notes to "now", so tests only spell out what they care about.
 */
export function seedObject(store: HubSpotStore, type: CrmObjectType, input: SeedObjectInput = {}): string {
  const hubId = input.hubId ?? store.defaultHubId
  const properties: Record<string, unknown> = { ...input.properties }
  const names = PIPELINE_PROPERTIES[type]
  if (names && properties[names.stage] === undefined) {
    const pipelines = store.crm.portal(hubId).pipelines[type as PipelineObjectType]
    const pipeline = pipelines.find((candidate) => candidate.id === properties[names.pipeline]) ?? pipelines[0]
    if (pipeline?.stages[0]) properties[names.stage] = pipeline.stages[0].id
  }
  if (type === 'notes' && properties.hs_timestamp === undefined) properties.hs_timestamp = store.isoNow()
  const createdAt =
    input.createdAt === undefined
      ? undefined
      : input.createdAt instanceof Date
        ? input.createdAt.toISOString()
        : normalizeDatetime(String(input.createdAt))
  if (input.createdAt !== undefined && createdAt === undefined)
    throw new Error(`seed ${type}: createdAt ${String(input.createdAt)} is not a date`)
  try {
    return createObject(store, hubId, type, { properties, ...(createdAt ? { createdAt } : {}) }).id
  } catch (error) {
    return asHelperError(`seed ${type}`, error)
  }
}

/** Associates two existing records both ways; `typeId` defaults to the pair's unlabeled type. */
export function associate(
  store: HubSpotStore,
  input: {
    hubId?: number
    fromType: CrmObjectType
    fromId: string
    toType: CrmObjectType
    toId: string
    typeId?: number
  },
): void {
  const portal = store.crm.portal(input.hubId)
  const from = store.crm.record(portal, input.fromType, String(input.fromId))
  const to = store.crm.record(portal, input.toType, String(input.toId))
  if (!from || !to) throw new Error(`associate: no ${from ? input.toType : input.fromType} record with that id`)
  const type = input.typeId === undefined ? defaultAssociationType(from.type, to.type) : associationType(input.typeId)
  if (!type || type.from !== from.type || type.to !== to.type)
    throw new Error(`associate: no association type ${input.typeId ?? '(default)'} from ${from.type} to ${to.type}`)
  linkTypes(store, portal, from, to, [type as AssociationType])
}

export type PropertyInput = {
  hubId?: number
  name: string
  label: string
  /** Defaults to 'enumeration' when options are given, else 'string'. */
  type?: PropertyDefinition['type']
  fieldType?: string
  options?: (string | { label: string; value: string })[]
  groupName?: string
}

/** A custom property (as a portal admin would create it); its values are then validated like HubSpot's own. */
export function addProperty(store: HubSpotStore, objectType: CrmObjectType, input: PropertyInput): void {
  const portal = store.crm.portal(input.hubId)
  if (store.crm.property(portal, objectType, input.name))
    throw new Error(`addProperty: ${objectType} already has a property ${input.name}`)
  const type = input.type ?? (input.options ? 'enumeration' : 'string')
  const fieldType =
    input.fieldType ??
    {
      enumeration: 'select',
      number: 'number',
      bool: 'booleancheckbox',
      datetime: 'date',
      date: 'date',
      string: 'text',
    }[type]
  portal.customProperties[objectType].push({
    name: input.name,
    label: input.label,
    type,
    fieldType,
    groupName: input.groupName ?? `${SINGULAR[objectType]}information`,
    hubspotDefined: false,
    createdAt: store.isoNow(),
    ...(input.options
      ? {
          options: input.options.map((option, index) => ({
            ...(typeof option === 'string' ? { label: option, value: option } : option),
            displayOrder: index,
            hidden: false,
          })),
        }
      : {}),
  })
}

export type PipelineStageInput = {
  id?: string
  label: string
  /** Tickets: OPEN unless given. */
  ticketState?: 'OPEN' | 'CLOSED'
  /** Deals: open with probability 0.5 unless given. */
  isClosed?: boolean
  probability?: string
}

export type AddPipelineInput = {
  hubId?: number
  objectType?: PipelineObjectType
  id?: string
  label: string
  displayOrder?: number
  stages: PipelineStageInput[]
}

/** Adds a pipeline (tickets unless `objectType: 'deals'`) and returns its id. */
export function addPipeline(store: HubSpotStore, input: AddPipelineInput): string {
  const objectType = input.objectType ?? 'tickets'
  const pipelines = store.crm.portal(input.hubId).pipelines[objectType]
  const id = input.id ?? store.crm.newPipelineId()
  if (pipelines.some((pipeline) => pipeline.id === id)) throw new Error(`addPipeline: pipeline ${id} already exists`)
  if (input.stages.length === 0) throw new Error('addPipeline: a pipeline needs at least one stage')
  const stages = input.stages.map((stage): StageInput => ({
    ...(stage.id !== undefined ? { id: stage.id } : {}),
    label: stage.label,
    metadata: (objectType === 'tickets'
      ? { ticketState: stage.ticketState ?? 'OPEN' }
      : { isClosed: String(stage.isClosed ?? false), probability: stage.probability ?? '0.5' }) as Record<
      string,
      string
    >,
  }))
  const displayOrder = input.displayOrder ?? Math.max(-1, ...pipelines.map((pipeline) => pipeline.displayOrder)) + 1
  pipelines.push(buildPipeline({ label: input.label, stages }, id, displayOrder, store.isoNow()))
  return id
}

export type CrmObjectSnapshot = {
  id: string
  properties: Record<string, string>
  createdAt: string
  updatedAt: string
  archived: boolean
  /** Associated record ids per object type, with the from→to type ids. */
  associations: Partial<Record<CrmObjectType, { id: string; typeIds: number[] }[]>>
}

/** Copies of every record of a type (all values, computed ones included) with their associations, by id. */
export function crmObjects(store: HubSpotStore, type: CrmObjectType, hubId?: number): CrmObjectSnapshot[] {
  const portal = store.crm.portal(hubId)
  return [...portal.objects[type].values()]
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((record) => {
      const associations: CrmObjectSnapshot['associations'] = {}
      for (const toType of CRM_OBJECT_TYPES) {
        const edges = store.crm.edges(portal, type, record.id, toType)
        if (edges.length > 0)
          associations[toType] = edges.map((edge) => ({
            id: edge.toId,
            typeIds: [...edge.typeIds].sort((a, b) => a - b),
          }))
      }
      return {
        id: record.id,
        properties: recordValues(record),
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
        archived: record.archived,
        associations,
      }
    })
}
