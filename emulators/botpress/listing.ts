/**
 * Shared list-endpoint behaviour: date range, sort, and opaque `nextToken` paging (`meta.nextToken` is present only
 * when another page exists, which is what the client's `AsyncCollection` loops on).
 */
import { invalidPayload } from './errors'

type Dated = { createdAt: string; updatedAt?: string }
type DateField = 'createdAt' | 'updatedAt'

export type ListSettings = {
  pageSize: number
  /** Whether the endpoint takes `sortField`/`sortDirection` (conversations, users). */
  sortable?: boolean
  /** Whether the endpoint takes `rangeField` to pick which date `afterDate`/`beforeDate` apply to (users). */
  rangeSelectable?: boolean
}

export type Page<T> = { items: T[]; nextToken?: string }

function enumParam<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const value = query.get(name)
  if (value === null) return undefined
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidPayload(`Query parameter "${name}" must be one of ${allowed.join(', ')}`)
  }
  return value as T
}

function dateParam(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name)
  if (value === null) return undefined
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) throw invalidPayload(`Query parameter "${name}" must be an ISO 8601 date`)
  return ms
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url')
}

function decodeToken(token: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    if (typeof parsed === 'object' && parsed !== null && 'offset' in parsed) {
      const { offset } = parsed
      if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset
    }
  } catch {
    // falls through to the error below
  }
  throw invalidPayload('Invalid nextToken')
}

/**
 * Newest first unless the endpoint is sortable and the query says otherwise. `items` must be in creation order;
 * the sort is stable, so equal timestamps fall back to creation order.
 */
export function listPage<T extends Dated>(items: T[], query: URLSearchParams, settings: ListSettings): Page<T> {
  const sortField: DateField =
    (settings.sortable && enumParam(query, 'sortField', ['createdAt', 'updatedAt'])) || 'createdAt'
  const direction = (settings.sortable && enumParam(query, 'sortDirection', ['asc', 'desc'])) || 'desc'
  const rangeField: DateField =
    (settings.rangeSelectable && enumParam(query, 'rangeField', ['createdAt', 'updatedAt'])) || 'createdAt'
  const after = dateParam(query, 'afterDate')
  const before = dateParam(query, 'beforeDate')

  const dateOf = (item: T, field: DateField): number => Date.parse(item[field] ?? item.createdAt)
  const inRange = items.filter((item) => {
    const ms = dateOf(item, rangeField)
    return (after === undefined || ms > after) && (before === undefined || ms < before)
  })
  const ascending = [...inRange].sort((a, b) => dateOf(a, sortField) - dateOf(b, sortField))
  // Reversing (rather than sorting descending) also puts later-created records first among equal timestamps.
  const sorted = direction === 'asc' ? ascending : ascending.reverse()

  const token = query.get('nextToken')
  const offset = token === null || token === '' ? 0 : decodeToken(token)
  const end = offset + settings.pageSize
  return { items: sorted.slice(offset, end), nextToken: end < sorted.length ? encodeToken(end) : undefined }
}

/** `meta` as the API shapes it: the `nextToken` key is left out on the last page. */
export function pageMeta(page: Page<unknown>): { nextToken?: string } {
  return page.nextToken === undefined ? {} : { nextToken: page.nextToken }
}
