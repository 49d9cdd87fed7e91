/** Tokens, codes and the three auth styles of hubspot-facts.md §1, plus the per-account rate limit of §10. */
import { randomBytes, randomUUID } from 'node:crypto'
import { ACCESS_TOKEN_TTL_SECONDS, AUTHORIZATION_CODE_TTL_MS, DEFAULT_SCOPES } from './defaults'
import {
  expiredAuthentication,
  forbidden,
  invalidAuthentication,
  missingScopes,
  rateLimited,
  validationError,
} from './errors'
import type { RouteAuth } from './router'
import type { HubSpotStore } from './store'
import type { AccessTokenRecord } from './types'

export type TokenGrant = { hubId?: number; scopes?: string[] }

/** The installing user is the portal's first agent (HubSpot ties every token to a user). */
function installingUserId(store: HubSpotStore, hubId: number): number {
  return store.portal(hubId).agents[0]?.userId ?? 1
}

export function issueAccessToken(store: HubSpotStore, grant: TokenGrant): AccessTokenRecord {
  const hubId = grant.hubId ?? store.defaultHubId
  const record: AccessTokenRecord = {
    // Real tokens are ~150–300 opaque characters; a long random one catches clients that truncate them.
    token: `emu-at-${randomBytes(96).toString('base64url')}`,
    hubId,
    scopes: [...(grant.scopes ?? DEFAULT_SCOPES)],
    userId: installingUserId(store, hubId),
    expiresAt: store.now() + ACCESS_TOKEN_TTL_SECONDS * 1000,
  }
  store.accessTokens.set(record.token, record)
  return record
}

export function issueRefreshToken(store: HubSpotStore, grant: TokenGrant): string {
  const hubId = grant.hubId ?? store.defaultHubId
  const token = `na1-${randomUUID()}`
  store.refreshTokens.set(token, {
    token,
    hubId,
    scopes: [...(grant.scopes ?? DEFAULT_SCOPES)],
    userId: installingUserId(store, hubId),
    revoked: false,
  })
  return token
}

export function issueAuthorizationCode(store: HubSpotStore, input: TokenGrant & { redirectUri: string }): string {
  const hubId = input.hubId ?? store.defaultHubId
  store.portal(hubId)
  const allowed = store.app.redirectUris
  // HubSpot refuses an unregistered redirect URI on the consent page itself, before any code exists.
  if (allowed && !allowed.includes(input.redirectUri))
    throw new Error(`issueAuthorizationCode: ${input.redirectUri} is not a redirect URI of the app`)
  const code = randomUUID()
  store.authorizationCodes.set(code, {
    code,
    hubId,
    scopes: [...(input.scopes ?? DEFAULT_SCOPES)],
    redirectUri: input.redirectUri,
    expiresAt: store.now() + AUTHORIZATION_CODE_TTL_MS,
    used: false,
  })
  return code
}

const NO_CREDENTIALS =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview'

export function authenticateBearer(
  store: HubSpotStore,
  request: Request,
  anyOfScopes: readonly string[],
): AccessTokenRecord {
  const header = request.headers.get('authorization') ?? ''
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!match) throw invalidAuthentication(NO_CREDENTIALS)
  const record = store.accessTokens.get(match[1] as string)
  if (!record) throw invalidAuthentication(NO_CREDENTIALS)
  const expiredFor = store.now() - record.expiresAt
  if (expiredFor >= 0)
    throw expiredAuthentication(
      `The OAuth token used to make this call expired ${Math.floor(expiredFor / 1000)} second(s) ago.`,
    )
  if (anyOfScopes.length > 0 && !anyOfScopes.some((scope) => record.scopes.includes(scope)))
    throw missingScopes(anyOfScopes)
  return record
}

/** Developer-key routes (hubspot-facts.md §3, §5): `hapikey` must be the developer key and the app id must be ours. */
function authenticateHapikey(
  store: HubSpotStore,
  url: URL,
  params: Record<string, string>,
  auth: Extract<RouteAuth, { kind: 'hapikey' }>,
): void {
  const key = url.searchParams.get('hapikey')
  if (key === null || key === '')
    throw invalidAuthentication('Any of the listed authentication credentials are missing')
  if (key !== store.app.developerApiKey)
    throw invalidAuthentication(
      'The API key provided is invalid. View or manage your API key here: https://app.hubspot.com/l/api-key/',
    )
  checkAppId(store, auth.appIdFrom === 'query' ? url.searchParams.get('appId') : params.appId)
}

function checkAppId(store: HubSpotStore, appId: string | null | undefined): void {
  if (appId === null || appId === undefined || appId === '') throw validationError('appId is required')
  if (appId !== store.app.appId) throw forbidden(`The developer account behind this API key does not own app ${appId}`)
}

/**
 * A developer route that also takes OAuth (`orBearerScopes`): a Bearer token is checked for one of those scopes
 * and the app in the path must be the token's; anything else must carry the developer key.
 */
export function authenticateDeveloper(
  store: HubSpotStore,
  request: Request,
  url: URL,
  params: Record<string, string>,
  auth: Extract<RouteAuth, { kind: 'hapikey' }>,
): AccessTokenRecord | undefined {
  const bearer = /^Bearer\s/i.test(request.headers.get('authorization') ?? '') && !url.searchParams.has('hapikey')
  if (!auth.orBearerScopes || !bearer) {
    authenticateHapikey(store, url, params, auth)
    return undefined
  }
  const token = authenticateBearer(store, request, auth.orBearerScopes)
  checkAppId(store, auth.appIdFrom === 'query' ? url.searchParams.get('appId') : params.appId)
  return token
}

/** Sliding 10-second window per installed account; returns HubSpot's rate-limit headers. */
export function checkRateLimit(store: HubSpotStore, hubId: number): Record<string, string> {
  if (store.rateLimit === false) return {}
  const { max, intervalMs } = store.rateLimit
  const now = store.now()
  const recent = (store.recentCalls.get(hubId) ?? []).filter((at) => now - at < intervalMs)
  const headers = {
    'x-hubspot-ratelimit-max': String(max),
    'x-hubspot-ratelimit-interval-milliseconds': String(intervalMs),
  }
  if (recent.length >= max) {
    store.recentCalls.set(hubId, recent)
    const error = rateLimited()
    Object.assign(error.headers, headers, { 'x-hubspot-ratelimit-remaining': '0' })
    throw error
  }
  recent.push(now)
  store.recentCalls.set(hubId, recent)
  return { ...headers, 'x-hubspot-ratelimit-remaining': String(max - recent.length) }
}
