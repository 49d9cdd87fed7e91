/**
 * Body and query checks. Every problem is collected (HubSpot lists all of them in `errors[]`) and thrown once as
 * a 400 VALIDATION_ERROR whose `errors[].in` names the offending field, so a failing test says exactly what our
 * integration sent wrong.
 */
import { DELIVERY_IDENTIFIER_TYPES } from './defaults'
import { validationError, type ErrorDetail } from './errors'
import type { ParsedBody } from './router'
import type { DeliveryIdentifier } from './types'

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key)
const show = (value: unknown) => JSON.stringify(value)?.slice(0, 80) ?? String(value)

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
/** E.164: '+', country code, up to 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/

export const isIsoDateTime = (value: string) => ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))

export class BodyCheck {
  readonly issues: ErrorDetail[] = []

  missing(path: string): undefined {
    this.issues.push({ message: `${path} is required`, code: 'REQUIRED_FIELD', in: path })
    return undefined
  }

  invalid(path: string, message: string, code = 'INVALID_VALUE'): undefined {
    this.issues.push({ message: `${path}: ${message}`, code, in: path })
    return undefined
  }

  private present(obj: Record<string, unknown>, key: string, prefix: string, required: boolean): boolean {
    if (obj[key] !== undefined && obj[key] !== null) return true
    if (required) this.missing(join(prefix, key))
    else if (obj[key] === null) this.invalid(join(prefix, key), 'must not be null')
    return false
  }

  string(
    obj: Record<string, unknown>,
    key: string,
    prefix = '',
    required = true,
    nonEmpty = false,
  ): string | undefined {
    if (!this.present(obj, key, prefix, required)) return undefined
    const value = obj[key]
    if (typeof value !== 'string') return this.invalid(join(prefix, key), `expected a string, got ${show(value)}`)
    if (nonEmpty && value.trim() === '') return this.invalid(join(prefix, key), 'must not be empty')
    return value
  }

  /** HubSpot's JSON reader turns a number into a string id, so ids given as numbers are accepted. */
  id(obj: Record<string, unknown>, key: string, prefix = '', required = true): string | undefined {
    if (!this.present(obj, key, prefix, required)) return undefined
    const value = obj[key]
    if (typeof value === 'number' && Number.isInteger(value)) return String(value)
    if (typeof value === 'string' && value !== '') return value
    return this.invalid(join(prefix, key), `expected an id string, got ${show(value)}`)
  }

  boolean(obj: Record<string, unknown>, key: string, prefix = '', required = true): boolean | undefined {
    if (!this.present(obj, key, prefix, required)) return undefined
    const value = obj[key]
    if (typeof value !== 'boolean') return this.invalid(join(prefix, key), `expected a boolean, got ${show(value)}`)
    return value
  }

  number(obj: Record<string, unknown>, key: string, prefix = '', required = true): number | undefined {
    if (!this.present(obj, key, prefix, required)) return undefined
    const value = obj[key]
    if (typeof value !== 'number' || !Number.isFinite(value))
      return this.invalid(join(prefix, key), `expected a number, got ${show(value)}`)
    return value
  }

  enumValue<T extends string>(
    obj: Record<string, unknown>,
    key: string,
    values: readonly T[],
    prefix = '',
    required = true,
  ): T | undefined {
    if (!this.present(obj, key, prefix, required)) return undefined
    const value = obj[key]
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value))
      return this.invalid(join(prefix, key), `expected one of ${values.join(', ')}, got ${show(value)}`, 'INVALID_ENUM')
    return value as T
  }

  array(obj: Record<string, unknown>, key: string, prefix = '', required = true): unknown[] | undefined {
    if (!this.present(obj, key, prefix, required)) return undefined
    const value = obj[key]
    if (!Array.isArray(value)) return this.invalid(join(prefix, key), `expected an array, got ${show(value)}`)
    return value
  }

  object(obj: Record<string, unknown>, key: string, prefix = '', required = true): Record<string, unknown> | undefined {
    if (!this.present(obj, key, prefix, required)) return undefined
    const value = obj[key]
    if (!isRecord(value)) return this.invalid(join(prefix, key), `expected an object, got ${show(value)}`)
    return value
  }

  get ok(): boolean {
    return this.issues.length === 0
  }

  throwIfAny(): void {
    if (this.ok) return
    const missing = this.issues.filter((issue) => issue.code === 'REQUIRED_FIELD').map((issue) => issue.in)
    const message =
      missing.length === this.issues.length
        ? `Some required fields were not set: [${missing.join(', ')}]`
        : `Invalid input: ${this.issues.map((issue) => issue.message).join('; ')}`
    throw validationError(message, { errors: this.issues })
  }
}

/** The JSON object body of a request, or a 400 like HubSpot's for a missing or malformed one. */
export function jsonObjectBody(body: ParsedBody): Record<string, unknown> {
  if (body.kind === 'invalid-json') throw validationError(`Invalid input JSON: ${body.error}`)
  if (body.kind !== 'json') throw validationError('Invalid input JSON: a JSON request body is required')
  if (!isRecord(body.value)) throw validationError('Invalid input JSON: expected a JSON object')
  return body.value
}

export type Page<T> = { results: T[]; total: number; paging?: { next: { after: string; link: string } } }

/** The page as HubSpot's `…ForwardPaging` collections answer it (threads, thread messages): without `total`. */
export function forwardPage<T>({ total: _total, ...page }: Page<T>): Omit<Page<T>, 'total'> {
  return page
}

/**
 * Cursor paging (hubspot-facts.md §1). The cursor is the offset as a string; callers must pass `paging.next.after` back.
 * HubSpot does not state the default page size for these lists; 10 is our assumption (small on purpose, so a
 * client that ignores paging is caught).
 */
export function paginate<T>(items: T[], url: URL, defaultLimit = 10, maxLimit = 500): Page<T> {
  const limitParam = url.searchParams.get('limit') ?? url.searchParams.get('defaultPageLength')
  const limit = limitParam === null ? defaultLimit : Number(limitParam)
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit)
    throw validationError(`limit must be an integer between 1 and ${maxLimit}`)
  const afterParam = url.searchParams.get('after')
  const offset = afterParam === null ? 0 : Number(afterParam)
  if (!Number.isInteger(offset) || offset < 0) throw validationError('after is not a valid paging cursor')
  const results = items.slice(offset, offset + limit)
  const page: Page<T> = { results, total: items.length }
  if (offset + limit < items.length) {
    const next = new URL(url.href)
    next.searchParams.set('after', String(offset + limit))
    next.searchParams.delete('hapikey')
    page.paging = { next: { after: String(offset + limit), link: next.href } }
  }
  return page
}

/** Boolean query flag (`archived=true`); anything but 'true'/'false' is a 400. */
export function booleanQuery(url: URL, name: string, fallback = false): boolean {
  const value = url.searchParams.get(name)
  if (value === null) return fallback
  if (value === 'true') return true
  if (value === 'false') return false
  throw validationError(`${name} must be true or false`)
}

/**
 * `PublicDeliveryIdentifier` (hubspot-facts.md §3): `{ type, value }`, both required. Our assumption for the UNCONFIRMED
 * "validation of delivery identifiers": HS_EMAIL_ADDRESS must look like an email, HS_PHONE_NUMBER must be E.164.
 */
export function readDeliveryIdentifier(
  check: BodyCheck,
  parent: Record<string, unknown>,
  key: string,
  prefix: string,
  required = true,
): DeliveryIdentifier | undefined {
  const object = check.object(parent, key, prefix, required)
  if (!object) return undefined
  const path = prefix ? `${prefix}.${key}` : key
  const type = check.enumValue(object, 'type', DELIVERY_IDENTIFIER_TYPES, path)
  const value = check.string(object, 'value', path, true, true)
  if (type === undefined || value === undefined) return undefined
  if (type === 'HS_EMAIL_ADDRESS' && !EMAIL_PATTERN.test(value))
    return check.invalid(`${path}.value`, 'is not a valid email address', 'INVALID_EMAIL')
  if (type === 'HS_PHONE_NUMBER' && !E164_PATTERN.test(value))
    return check.invalid(
      `${path}.value`,
      'is not a valid phone number in E.164 format (+<country><number>)',
      'INVALID_PHONE_NUMBER',
    )
  return { type, value }
}
