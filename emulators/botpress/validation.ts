/**
 * Request validation with the real API's outcome: a 400 `InvalidPayload` naming the offending field. The field
 * rules mirror the request typings generated into `@botpress/client` (gen/public/operations/*).
 */
import { invalidPayload } from './errors'

export type JsonObject = Record<string, unknown>
export type Tags = Record<string, string>

export const isPlainObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export function parseJsonBody(text: string): JsonObject {
  if (text.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw invalidPayload('Request body is not valid JSON')
  }
  if (!isPlainObject(parsed)) throw invalidPayload('Request body must be a JSON object')
  return parsed
}

export function requireString(body: JsonObject, field: string): string {
  const value = body[field]
  if (value === undefined || value === null) throw invalidPayload(`"${field}" is required`)
  if (typeof value !== 'string') throw invalidPayload(`"${field}" must be a string`)
  return value
}

/** A required string that may not be empty: ids and names in paths and bodies. */
export function requireNonEmptyString(body: JsonObject, field: string): string {
  const value = requireString(body, field)
  if (value === '') throw invalidPayload(`"${field}" must not be empty`)
  return value
}

export function optionalString(body: JsonObject, field: string): string | undefined {
  const value = body[field]
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw invalidPayload(`"${field}" must be a string`)
  return value
}

/** Update bodies use `null` to clear a field (e.g. updateUser `name: null`). */
export function optionalNullableString(body: JsonObject, field: string): string | null | undefined {
  if (body[field] === null) return null
  return optionalString(body, field)
}

export function requireObject(body: JsonObject, field: string): JsonObject {
  const value = body[field]
  if (value === undefined || value === null) throw invalidPayload(`"${field}" is required`)
  if (!isPlainObject(value)) throw invalidPayload(`"${field}" must be an object`)
  return value
}

export function optionalObject(body: JsonObject, field: string): JsonObject | undefined {
  if (body[field] === undefined) return undefined
  return requireObject(body, field)
}

/** Tag values are strings only; the client typings have no `null` for tags (an empty string unsets a tag). */
export function requireTags(body: JsonObject, field = 'tags'): Tags {
  const value = requireObject(body, field)
  for (const [key, tagValue] of Object.entries(value)) {
    if (typeof tagValue !== 'string') throw invalidPayload(`"${field}.${key}" must be a string`)
  }
  return value as Tags
}

export function optionalTags(body: JsonObject, field = 'tags'): Tags | undefined {
  if (body[field] === undefined) return undefined
  return requireTags(body, field)
}

export function optionalStringArray(body: JsonObject, field: string): string[] | undefined {
  const value = body[field]
  if (value === undefined) return undefined
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw invalidPayload(`"${field}" must be an array of strings`)
  }
  return value as string[]
}

/** `attributes` on users: string values, and `null` (updates only) to remove a key. */
export function optionalStringRecord(
  body: JsonObject,
  field: string,
  allowNullValues: boolean,
): Record<string, string | null> | undefined {
  const value = optionalObject(body, field)
  if (value === undefined) return undefined
  for (const [key, item] of Object.entries(value)) {
    const ok = typeof item === 'string' || (allowNullValues && item === null)
    if (!ok) throw invalidPayload(`"${field}.${key}" must be a string${allowNullValues ? ' or null' : ''}`)
  }
  return value as Record<string, string | null>
}

export function optionalEnum<T extends string>(
  source: JsonObject,
  field: string,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(source, field)
  if (value === undefined) return undefined
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidPayload(`"${field}" must be one of ${allowed.join(', ')}`)
  }
  return value as T
}

/** `expiry` on states: milliseconds, or null for none. */
export function optionalExpiry(body: JsonObject): number | null | undefined {
  const value = body['expiry']
  if (value === undefined || value === null) return value
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidPayload('"expiry" must be a non-negative number or null')
  }
  return value
}
