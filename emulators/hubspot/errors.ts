/**
 * HubSpot's error bodies (hubspot-facts.md §1): `{ status: 'error', category, message, correlationId, subCategory?, errors?,
 * context?, links? }`. The OAuth endpoints are the exception: `{ status: 'BAD_…', message, error, error_description,
 * correlationId }` (RFC 6749's fields next to HubSpot's legacy ones).
 * Messages never echo secrets (tokens, keys, client secrets) back, because test logs and the sandbox show them.
 */
import { randomUUID } from 'node:crypto'

export type ErrorDetail = {
  message: string
  code?: string
  in?: string
  subCategory?: string
  context?: Record<string, string[]>
}

export type ErrorBody = {
  status: string
  message: string
  correlationId: string
  category?: string
  subCategory?: string
  errors?: ErrorDetail[]
  context?: Record<string, string[]>
  links?: Record<string, string>
  policyName?: string
  /** OAuth endpoints only: RFC 6749 §5.2 error code and text. */
  error?: string
  error_description?: string
}

/** Thrown by route handlers; `handle()` turns it into the response. */
export class HubSpotError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly body: Omit<ErrorBody, 'correlationId'>,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message)
  }
}

export function errorResponse(error: HubSpotError): Response {
  const body: ErrorBody = { ...error.body, correlationId: randomUUID() }
  return json(error.httpStatus, body, error.headers)
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
  })
}

export function noContent(): Response {
  return new Response(null, { status: 204 })
}

const error = (
  httpStatus: number,
  category: string,
  message: string,
  extra: Partial<ErrorBody> = {},
  headers?: Record<string, string>,
) => new HubSpotError(httpStatus, { status: 'error', category, message, ...extra }, headers)

export const validationError = (message: string, extra: Partial<ErrorBody> = {}) =>
  error(400, 'VALIDATION_ERROR', message, extra)

export const notFound = (message: string) => error(404, 'OBJECT_NOT_FOUND', message)

export const conflict = (message: string) => error(409, 'CONFLICT', message)

export const invalidAuthentication = (message: string) => error(401, 'INVALID_AUTHENTICATION', message)

export const expiredAuthentication = (message: string) => error(401, 'EXPIRED_AUTHENTICATION', message)

export const forbidden = (message: string) => error(403, 'FORBIDDEN', message)

export function missingScopes(anyOf: readonly string[]): HubSpotError {
  const requiredAnyOf = [...anyOf]
  return error(
    403,
    'MISSING_SCOPES',
    "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
    {
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredGranularScopes: requiredAnyOf },
        },
      ],
      context: { requiredGranularScopes: requiredAnyOf },
      links: { scopes: 'https://developers.hubspot.com/scopes' },
    },
  )
}

export function rateLimited(retryAfterSeconds?: number): HubSpotError {
  const headers: Record<string, string> = {}
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds)
  return error(
    429,
    'RATE_LIMITS',
    'You have reached your ten_secondly_rolling limit.',
    { policyName: 'TEN_SECONDLY_ROLLING' },
    headers,
  )
}

/** HubSpot's legacy OAuth error names (`status`) and the RFC 6749 code (`error`) each one is answered with. */
const OAUTH_ERROR_CODES = {
  BAD_GRANT_TYPE: 'unsupported_grant_type',
  BAD_CLIENT_ID: 'invalid_client',
  BAD_AUTH_CODE: 'invalid_grant',
  EXPIRED_AUTH_CODE: 'invalid_grant',
  BAD_REDIRECT_URI: 'invalid_grant',
  BAD_REFRESH_TOKEN: 'invalid_grant',
  MISSING_PARAMETER: 'invalid_request',
  OAUTH_V1_SUNSET: 'invalid_request',
} as const

/**
 * The OAuth endpoints' own error form: `status` carries HubSpot's name for the error, `error` the RFC 6749 code
 * (changelog "New OAuth v3 API endpoints and standardized error responses": both sets of fields are sent).
 */
export function oauthError(status: keyof typeof OAUTH_ERROR_CODES, message: string, httpStatus = 400): HubSpotError {
  return new HubSpotError(httpStatus, {
    status,
    message,
    error: OAUTH_ERROR_CODES[status],
    error_description: message,
  })
}

/** Generic body for an injected status that is not a rate limit. */
export function injectedError(httpStatus: number, retryAfterSeconds?: number): HubSpotError {
  if (httpStatus === 429) return rateLimited(retryAfterSeconds)
  const headers: Record<string, string> = {}
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds)
  const category =
    httpStatus === 400
      ? 'VALIDATION_ERROR'
      : httpStatus === 401
        ? 'INVALID_AUTHENTICATION'
        : httpStatus === 403
          ? 'FORBIDDEN'
          : httpStatus === 404
            ? 'OBJECT_NOT_FOUND'
            : httpStatus === 409
              ? 'CONFLICT'
              : 'INTERNAL_ERROR'
  return error(httpStatus, category, `Injected fault: HTTP ${httpStatus}`, {}, headers)
}
