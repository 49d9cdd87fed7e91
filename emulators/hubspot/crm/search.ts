/**
 * CRM search (hubspot-facts.md §9): filterGroups are OR-ed, filters inside a group AND-ed; HubSpot's limits (5 groups, 10
 * filters per group, 25 in all, page size 200, 10,000 results) are enforced with 400s so a query that HubSpot
 * would refuse fails here too.
 */
import { validationError } from '../errors'
import { BodyCheck, isRecord } from '../validation'
import { QUERY_PROPERTIES } from './schema'
import type { CrmStore, PortalCrm } from './state'
import { parseObjectType, type CrmObjectType, type CrmRecord, type PropertyDefinition } from './types'
import { recordValues } from './values'

export const OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const
type Operator = (typeof OPERATORS)[number]

export const SEARCH_LIMITS = { groups: 5, filtersPerGroup: 10, filters: 25, pageSize: 200, results: 10_000 }

type Filter = { propertyName: string; operator: Operator; value?: string; highValue?: string; values?: string[] }
type Sort = { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }
export type SearchRequest = {
  groups: Filter[][]
  sort?: Sort
  query?: string
  properties?: string[]
  limit: number
  after: number
}

const scalar = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined

function readFilter(
  check: BodyCheck,
  raw: unknown,
  path: string,
  known: (name: string) => boolean,
): Filter | undefined {
  if (!isRecord(raw)) return check.invalid(path, 'expected an object')
  const propertyName = check.string(raw, 'propertyName', path, true, true)
  const operator = check.enumValue(raw, 'operator', OPERATORS, path)
  if (propertyName === undefined || operator === undefined) return undefined
  if (!known(propertyName)) return check.invalid(`${path}.propertyName`, `Unknown property ${propertyName}`)
  const filter: Filter = { propertyName, operator }
  const needs = (key: 'value' | 'highValue') => {
    const value = scalar(raw[key])
    if (value === undefined) check.invalid(`${path}.${key}`, `${operator} needs a ${key}`, 'REQUIRED_FIELD')
    return value
  }
  if (operator === 'HAS_PROPERTY' || operator === 'NOT_HAS_PROPERTY') {
    // HubSpot refuses a value with these operators.
    if (raw.value !== undefined) check.invalid(`${path}.value`, `${operator} does not take a value`)
  } else if (operator === 'IN' || operator === 'NOT_IN') {
    const values = raw.values
    if (!Array.isArray(values) || values.length === 0 || values.some((value) => scalar(value) === undefined))
      check.invalid(`${path}.values`, `${operator} needs a non-empty values array`)
    else filter.values = values.map((value) => scalar(value) as string)
  } else {
    filter.value = needs('value')
    if (operator === 'BETWEEN') filter.highValue = needs('highValue')
  }
  return filter
}

function readSort(check: BodyCheck, raw: unknown, known: (name: string) => boolean): Sort | undefined {
  // HubSpot also takes the older string form: 'createdate' or '-createdate'.
  const sort: Sort | undefined =
    typeof raw === 'string'
      ? { propertyName: raw.replace(/^-/, ''), direction: raw.startsWith('-') ? 'DESCENDING' : 'ASCENDING' }
      : isRecord(raw)
        ? {
            propertyName: check.string(raw, 'propertyName', 'sorts[0]') ?? '',
            direction:
              check.enumValue(raw, 'direction', ['ASCENDING', 'DESCENDING'] as const, 'sorts[0]', false) ?? 'ASCENDING',
          }
        : check.invalid('sorts[0]', 'expected an object')
  if (sort && sort.propertyName !== '' && !known(sort.propertyName))
    return check.invalid('sorts[0].propertyName', `Unknown property ${sort.propertyName}`)
  return sort
}

export function parseSearch(crm: CrmStore, portal: PortalCrm, type: CrmObjectType, body: Record<string, unknown>) {
  const known = (name: string) =>
    name.startsWith('associations.')
      ? parseObjectType(name.slice('associations.'.length)) !== undefined
      : crm.property(portal, type, name) !== undefined
  const check = new BodyCheck()
  const rawGroups = check.array(body, 'filterGroups', '', false) ?? []
  const total = rawGroups.reduce<number>(
    (sum, group) => sum + (isRecord(group) && Array.isArray(group.filters) ? group.filters.length : 0),
    0,
  )
  const limitError = (message: string) => validationError(message, { errors: [{ message, in: 'filterGroups' }] })
  if (rawGroups.length > SEARCH_LIMITS.groups)
    throw limitError(`Too many filter groups (${rawGroups.length}); the maximum is ${SEARCH_LIMITS.groups}`)
  if (total > SEARCH_LIMITS.filters)
    throw limitError(`Too many filters (${total}); the maximum across all filter groups is ${SEARCH_LIMITS.filters}`)
  const groups = rawGroups.map((group, index) => {
    const path = `filterGroups[${index}]`
    if (!isRecord(group)) return check.invalid(path, 'expected an object') ?? []
    const filters = check.array(group, 'filters', path) ?? []
    if (filters.length > SEARCH_LIMITS.filtersPerGroup)
      throw limitError(
        `Too many filters in ${path} (${filters.length}); the maximum per group is ${SEARCH_LIMITS.filtersPerGroup}`,
      )
    // An empty group would match everything, which is never what a caller means.
    if (filters.length === 0) check.invalid(`${path}.filters`, 'must not be empty')
    return filters.map((filter, i) => readFilter(check, filter, `${path}.filters[${i}]`, known))
  })
  const rawSorts = check.array(body, 'sorts', '', false) ?? []
  if (rawSorts.length > 1) check.invalid('sorts', 'only one sort can be applied to a search')
  const sort = rawSorts.length > 0 ? readSort(check, rawSorts[0], known) : undefined
  const query = check.string(body, 'query', '', false)
  const properties = check.array(body, 'properties', '', false)
  if (properties?.some((name) => typeof name !== 'string')) check.invalid('properties', 'expected property names')
  const limit = body.limit === undefined ? 10 : Number(body.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_LIMITS.pageSize)
    check.invalid('limit', `must be an integer between 1 and ${SEARCH_LIMITS.pageSize}`)
  const after = body.after === undefined || body.after === null || body.after === '' ? 0 : Number(body.after)
  if (!Number.isInteger(after) || after < 0) check.invalid('after', 'is not a valid paging cursor')
  else if (after + limit > SEARCH_LIMITS.results)
    check.invalid('after', `search results are limited to ${SEARCH_LIMITS.results}`)
  check.throwIfAny()
  const request: SearchRequest = { groups: groups as Filter[][], limit, after }
  if (sort) request.sort = sort
  if (query !== undefined && query.trim() !== '') request.query = query
  if (properties) request.properties = properties as string[]
  return request
}

const epoch = (value: string) => (/^-?\d+$/.test(value) ? Number(value) : Date.parse(value))

/** <0, 0, >0 like a comparator, by the property's type (numbers and dates numerically, text case-insensitively). */
function compare(definition: PropertyDefinition | undefined, a: string, b: string): number {
  if (definition?.type === 'number') return Number(a) - Number(b)
  if (definition?.type === 'datetime' || definition?.type === 'date') return epoch(a) - epoch(b)
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  return x < y ? -1 : x > y ? 1 : 0
}

const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  )

/** CONTAINS_TOKEN: every word of the value (with `*` wildcards) matches a whitespace-separated word of the property. */
function containsToken(text: string, value: string): boolean {
  const tokens = text.split(/\s+/).filter(Boolean)
  return value
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => tokens.some((token) => glob(word).test(token)))
}

function matches(crm: CrmStore, portal: PortalCrm, record: CrmRecord, filter: Filter): boolean {
  const { operator } = filter
  if (filter.propertyName.startsWith('associations.')) {
    const toType = parseObjectType(filter.propertyName.slice('associations.'.length)) as CrmObjectType
    const ids = crm.edges(portal, record.type, record.id, toType).map((edge) => edge.toId)
    const hit = (value: string | undefined) => value !== undefined && ids.includes(value)
    if (operator === 'EQ') return hit(filter.value)
    if (operator === 'NEQ') return !hit(filter.value)
    if (operator === 'IN') return (filter.values ?? []).some(hit)
    if (operator === 'NOT_IN') return !(filter.values ?? []).some(hit)
    if (operator === 'HAS_PROPERTY') return ids.length > 0
    if (operator === 'NOT_HAS_PROPERTY') return ids.length === 0
    return false
  }
  const definition = crm.property(portal, record.type, filter.propertyName)
  const value = recordValues(record)[filter.propertyName]
  const has = value !== undefined && value !== ''
  const cmp = (other: string | undefined) => (has && other !== undefined ? compare(definition, value, other) : NaN)
  // IN on a text property compares lower-cased values: HubSpot asks for lower-case values there.
  const inList = () =>
    has &&
    (filter.values ?? []).some((candidate) =>
      definition?.type === 'string' ? value.toLowerCase() === candidate : cmp(candidate) === 0,
    )
  switch (operator) {
    case 'EQ':
      return cmp(filter.value) === 0
    case 'NEQ':
      return !(cmp(filter.value) === 0)
    case 'LT':
      return cmp(filter.value) < 0
    case 'LTE':
      return cmp(filter.value) <= 0
    case 'GT':
      return cmp(filter.value) > 0
    case 'GTE':
      return cmp(filter.value) >= 0
    case 'BETWEEN':
      return cmp(filter.value) >= 0 && cmp(filter.highValue) <= 0
    case 'IN':
      return inList()
    case 'NOT_IN':
      return !inList()
    case 'HAS_PROPERTY':
      return has
    case 'NOT_HAS_PROPERTY':
      return !has
    case 'CONTAINS_TOKEN':
      return has && containsToken(value, filter.value ?? '')
    case 'NOT_CONTAINS_TOKEN':
      return !(has && containsToken(value, filter.value ?? ''))
  }
}

/** Free-text `query`: each word must start a word (or the whole value) of one of the type's searchable properties. */
function matchesQuery(record: CrmRecord, query: string): boolean {
  const values = recordValues(record)
  const words = QUERY_PROPERTIES[record.type].flatMap((name) => {
    const value = values[name]?.toLowerCase()
    return value ? [value, ...value.split(/[\s@.,;:()+\-_/]+/), value.replace(/\D/g, '')].filter(Boolean) : []
  })
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => words.some((word) => word.startsWith(term)))
}

export function runSearch(
  crm: CrmStore,
  portal: PortalCrm,
  type: CrmObjectType,
  request: SearchRequest,
): { total: number; page: CrmRecord[]; nextAfter?: string } {
  const records = [...portal.objects[type].values()].filter(
    (record) =>
      !record.archived &&
      (request.groups.length === 0 ||
        request.groups.some((group) => group.every((filter) => matches(crm, portal, record, filter)))) &&
      (request.query === undefined || matchesQuery(record, request.query)),
  )
  const byId = (a: CrmRecord, b: CrmRecord) => Number(a.id) - Number(b.id)
  const sort = request.sort
  if (sort) {
    const definition = crm.property(portal, type, sort.propertyName)
    const sign = sort.direction === 'DESCENDING' ? -1 : 1
    records.sort((a, b) => {
      const x = recordValues(a)[sort.propertyName]
      const y = recordValues(b)[sort.propertyName]
      // Records without the value come last in both directions.
      if (x === undefined || y === undefined) return x === y ? byId(a, b) : x === undefined ? 1 : -1
      return sign * compare(definition, x, y) || byId(a, b)
    })
  } else records.sort(byId)
  const page = records.slice(request.after, request.after + request.limit)
  const end = request.after + request.limit
  return { total: records.length, page, ...(end < records.length ? { nextAfter: String(end) } : {}) }
}
