/** CRM records of the emulator (hubspot-facts.md §9). Internal shapes; `render.ts` produces HubSpot's public JSON. */

export const CRM_OBJECT_TYPES = ['contacts', 'companies', 'deals', 'tickets', 'notes'] as const
export type CrmObjectType = (typeof CRM_OBJECT_TYPES)[number]

/** HubSpot's object type ids (`0-1` …), used by v4 association responses and accepted in v4 paths. */
export const OBJECT_TYPE_IDS: Record<CrmObjectType, string> = {
  contacts: '0-1',
  companies: '0-2',
  deals: '0-3',
  tickets: '0-5',
  notes: '0-46',
}

export const SINGULAR: Record<CrmObjectType, string> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  tickets: 'ticket',
  notes: 'note',
}

/** `contacts`, `contact` and `0-1` all name the contact type (HubSpot accepts each in v4 paths). */
export function parseObjectType(name: string): CrmObjectType | undefined {
  const lower = name.toLowerCase()
  return CRM_OBJECT_TYPES.find((type) => type === lower || SINGULAR[type] === lower || OBJECT_TYPE_IDS[type] === lower)
}

export type PropertyType = 'string' | 'number' | 'datetime' | 'date' | 'enumeration' | 'bool'

export type PropertyOption = { label: string; value: string; displayOrder?: number; hidden?: boolean }

export type PropertyDefinition = {
  name: string
  label: string
  type: PropertyType
  fieldType: string
  groupName: string
  description?: string
  options?: PropertyOption[]
  /** Valid values live elsewhere (pipelines, owners); HubSpot lists no options for them. */
  externalOptions?: boolean
  /** Set by HubSpot only (ids, timestamps, calculated values). */
  readOnlyValue?: boolean
  calculated?: boolean
  hubspotDefined: boolean
  hasUniqueValue?: boolean
  createdAt?: string
}

export type CrmRecord = {
  id: string
  type: CrmObjectType
  hubId: number
  /** Only what was set, already normalized; computed values (ids, dates, phones) are added when read. */
  properties: Record<string, string>
  createdAt: string
  updatedAt: string
  archived: boolean
}

export type PipelineStage = {
  id: string
  label: string
  displayOrder: number
  /** Tickets: `{ ticketState: 'OPEN' | 'CLOSED' }`; deals: `{ isClosed: 'true' | 'false', probability }`. */
  metadata: Record<string, string>
  archived: boolean
  createdAt: string
  updatedAt: string
}

export type Pipeline = {
  id: string
  label: string
  displayOrder: number
  stages: PipelineStage[]
  archived: boolean
  createdAt: string
  updatedAt: string
}

export type PipelineObjectType = 'tickets' | 'deals'

export type Owner = {
  id: string
  email: string
  firstName: string
  lastName: string
  userId: number
  /** The user is deactivated: HubSpot then names them only in `userIdIncludingInactive` (spec OWN). */
  deactivated: boolean
  createdAt: string
  updatedAt: string
  archived: boolean
}

/** One direction of an association: the target and the HUBSPOT_DEFINED type ids that link to it. */
export type AssociationEdge = { toType: CrmObjectType; toId: string; typeIds: Set<number> }
