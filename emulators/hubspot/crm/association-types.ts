/**
 * HUBSPOT_DEFINED association types between the objects we emulate (hubspot-facts.md §9, [NODE-ASSOC]). Each type has
 * its inverse, because HubSpot stores associations in both directions. `primary` types (labelled "Primary") also
 * imply the unlabeled default type, as in HubSpot's v4 responses.
 */
import { SINGULAR, type CrmObjectType } from './types'

export type AssociationType = {
  typeId: number
  from: CrmObjectType
  to: CrmObjectType
  inverse: number
  /** v4 label; null for the unlabeled default type. */
  label: string | null
  /** v3 name, e.g. `ticket_to_contact`. */
  name: string
  isDefault: boolean
}

type Pair = [from: CrmObjectType, to: CrmObjectType, typeId: number, inverse: number, label: string | null]

const PAIRS: Pair[] = [
  // contact ↔ company: 1/2 are the "Primary" company, 279/280 the unlabeled default.
  ['contacts', 'companies', 1, 2, 'Primary'],
  ['contacts', 'companies', 279, 280, null],
  // deal ↔ contact
  ['deals', 'contacts', 3, 4, null],
  // deal ↔ company: 5/6 primary, 341/342 unlabeled.
  ['deals', 'companies', 5, 6, 'Primary'],
  ['deals', 'companies', 341, 342, null],
  // ticket ↔ contact / company / deal
  ['contacts', 'tickets', 15, 16, null],
  ['tickets', 'companies', 26, 25, 'Primary'],
  ['tickets', 'companies', 339, 340, null],
  ['deals', 'tickets', 27, 28, null],
  // note ↔ everything
  ['contacts', 'notes', 201, 202, null],
  ['tickets', 'notes', 227, 228, null],
  ['companies', 'notes', 189, 190, null],
  ['deals', 'notes', 213, 214, null],
]

const TYPES = new Map<number, AssociationType>()
for (const [from, to, typeId, inverse, label] of PAIRS) {
  const base = (a: CrmObjectType, b: CrmObjectType) => `${SINGULAR[a]}_to_${SINGULAR[b]}`
  // v3 calls the primary type plainly and the default one `_unlabeled` when a primary one exists for the pair.
  const hasPrimary = PAIRS.some((pair) => pair[0] === from && pair[1] === to && pair[4] === 'Primary')
  const suffix = hasPrimary && label === null ? '_unlabeled' : ''
  TYPES.set(typeId, {
    typeId,
    from,
    to,
    inverse,
    label,
    name: base(from, to) + suffix,
    isDefault: label === null,
  })
  TYPES.set(inverse, {
    typeId: inverse,
    from: to,
    to: from,
    inverse: typeId,
    label,
    name: base(to, from) + suffix,
    isDefault: label === null,
  })
}

export function associationType(typeId: number): AssociationType | undefined {
  return TYPES.get(typeId)
}

/** The unlabeled type HubSpot uses for `associations/default` and for a labelled type's implied default. */
export function defaultAssociationType(from: CrmObjectType, to: CrmObjectType): AssociationType | undefined {
  return [...TYPES.values()].find((type) => type.from === from && type.to === to && type.isDefault)
}
