/** A tiny pathname router: routes are matched on method + pathname only, so any base URL works. */
import type { HubSpotStore } from './store'
import type { AccessTokenRecord } from './types'

export type ParsedBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'invalid-json'; error: string }
  | { kind: 'form'; value: URLSearchParams }
  | { kind: 'multipart'; value: FormData }
  | { kind: 'other'; contentType: string }

export type RouteAuth =
  /** OAuth access token of an installed portal; the token needs at least one of `anyOfScopes`. */
  | { kind: 'bearer'; anyOfScopes: readonly string[] }
  /**
   * Developer API key; the app id comes from the `appId` query (custom channels) or the path (webhooks). With
   * `orBearerScopes`, an OAuth token with one of those scopes is taken instead of the key.
   */
  | { kind: 'hapikey'; appIdFrom: 'query' | 'path'; orBearerScopes?: readonly string[] }
  | { kind: 'none' }

export type RouteContext = {
  request: Request
  url: URL
  params: Record<string, string>
  body: ParsedBody
  store: HubSpotStore
  /** Set for bearer routes. */
  token: AccessTokenRecord
}

export type Route = {
  /** Name used in the call log and by fault injection; a function when it depends on the body (OAuth grants). */
  name: string | ((body: ParsedBody) => string)
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  auth: RouteAuth
  /** 'search': CRM search's own per-token limit instead of the account's 10-second bucket (hubspot-facts.md §10). */
  rateLimit?: 'search'
  handle(ctx: RouteContext): Response | Promise<Response>
}

export function matchRoute<R extends Pick<Route, 'method' | 'path'>>(
  routes: readonly R[],
  method: string,
  pathname: string,
): { route: R; params: Record<string, string> } | undefined {
  const segments = pathname.replace(/\/+$/, '').split('/')
  for (const route of routes) {
    if (route.method !== method) continue
    const pattern = route.path.split('/')
    if (pattern.length !== segments.length) continue
    const params: Record<string, string> = {}
    let matched = true
    for (let i = 0; i < pattern.length && matched; i++) {
      const expected = pattern[i] as string
      const actual = segments[i] as string
      if (expected.startsWith(':')) {
        if (actual === '') matched = false
        else params[expected.slice(1)] = decodeURIComponent(actual)
      } else if (expected !== actual) matched = false
    }
    if (matched) return { route, params }
  }
  return undefined
}

export function routeName(route: Route, body: ParsedBody): string {
  return typeof route.name === 'function' ? route.name(body) : route.name
}

/** Reads the body once, in the form the route will need. Multipart goes through `request.formData()`. */
export async function parseBody(request: Request): Promise<ParsedBody> {
  if (request.method === 'GET' || request.method === 'HEAD' || request.body === null) return { kind: 'none' }
  const contentType = (request.headers.get('content-type') ?? '').toLowerCase()
  if (contentType.startsWith('multipart/form-data')) return { kind: 'multipart', value: await request.formData() }
  const text = await request.text()
  if (text === '') return { kind: 'none' }
  if (contentType.startsWith('application/x-www-form-urlencoded'))
    return { kind: 'form', value: new URLSearchParams(text) }
  if (contentType === '' || contentType.includes('json')) {
    try {
      return { kind: 'json', value: JSON.parse(text) }
    } catch (error) {
      return { kind: 'invalid-json', error: error instanceof Error ? error.message : String(error) }
    }
  }
  return { kind: 'other', contentType }
}

const REDACTED_FIELDS = new Set(['client_secret'])

/** What the call log keeps of a body: data for assertions, never the client secret or file bytes. */
export function summarizeBody(body: ParsedBody): unknown {
  switch (body.kind) {
    case 'json':
      return body.value
    case 'form': {
      const fields: Record<string, string> = {}
      for (const [key, value] of body.value) fields[key] = REDACTED_FIELDS.has(key) ? '[redacted]' : value
      return fields
    }
    case 'multipart': {
      const fields: Record<string, unknown> = {}
      for (const [key, value] of body.value) {
        fields[key] = typeof value === 'string' ? value : { name: value.name, type: value.type, size: value.size }
      }
      return fields
    }
    case 'invalid-json':
      return { invalidJson: body.error }
    case 'other':
      return { contentType: body.contentType }
    case 'none':
      return undefined
  }
}
