/**
 * Error bodies exactly as the Botpress API sends them: `{ id, code, type, message }`.
 * `@botpress/client` rebuilds a typed error from `type` alone (the class fixes `code`), so `type` must be one the
 * client knows, or the test sees an `UnknownError` with code 500 instead of the intended error.
 */
import { randomBytes } from 'node:crypto'

export type ErrorType =
  | 'Unknown'
  | 'Internal'
  | 'Unauthorized'
  | 'Forbidden'
  | 'PayloadTooLarge'
  | 'InvalidPayload'
  | 'UnsupportedMediaType'
  | 'MethodNotFound'
  | 'ResourceNotFound'
  | 'ReferenceNotFound'
  | 'InvalidQuery'
  | 'AlreadyExists'
  | 'RateLimited'
  | 'ResourceGone'
  | 'OperationTimeout'

export type ErrorBody = { id: string; code: number; type: string; message: string }

/** Thrown by route handlers; `handle()` turns it into the HTTP answer. */
export class EmulatedApiError extends Error {
  public constructor(
    public readonly status: number,
    public readonly type: ErrorType | string,
    message: string,
  ) {
    super(message)
  }
}

export const invalidPayload = (message: string): EmulatedApiError =>
  new EmulatedApiError(400, 'InvalidPayload', message)
export const notFound = (message: string): EmulatedApiError => new EmulatedApiError(404, 'ResourceNotFound', message)
export const unauthorized = (message: string): EmulatedApiError => new EmulatedApiError(401, 'Unauthorized', message)

const typeByStatus: Record<number, ErrorType> = {
  400: 'InvalidPayload',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'ResourceNotFound',
  405: 'MethodNotFound',
  409: 'AlreadyExists',
  410: 'ResourceGone',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'RateLimited',
  500: 'Internal',
  504: 'OperationTimeout',
}

/** The error type the real API pairs with a status; 502/503 have no typed error in the client, so they are `Unknown`. */
export function errorTypeForStatus(status: number): ErrorType {
  return typeByStatus[status] ?? 'Unknown'
}

// Same shape as the client's own ids (`err_YYYYMMDDHHMMSSx<8 hex>`), so log assertions look realistic.
function errorId(): string {
  const timestamp = new Date()
    .toISOString()
    .replace(/[-:TZ]/g, '')
    .split('.')[0]
  return `err_${timestamp}x${randomBytes(4).toString('hex').toUpperCase()}`
}

export function errorBody(status: number, type: string, message: string): ErrorBody {
  return { id: errorId(), code: status, type, message }
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  })
}

export function errorResponse(
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return jsonResponse(status, errorBody(status, type, message), headers)
}
