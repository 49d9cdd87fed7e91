/**
 * OAuth token endpoints, date-versioned 2026-03 (hubspot-facts.md §7; spec Auth/Oauth/Rollouts/279897/2026-03/oauth.json, whose
 * operation ids name `/oauth/v3/…` as the same endpoints). The v1 endpoints answer only their sunset error.
 */
import { issueAccessToken, issueRefreshToken } from '../auth'
import { ACCESS_TOKEN_TTL_SECONDS } from '../defaults'
import { json, oauthError } from '../errors'
import type { ParsedBody, Route, RouteContext } from '../router'
import type { HubSpotStore } from '../store'
import type { AccessTokenRecord, RefreshTokenRecord } from '../types'

// HubSpot reads every parameter from a form-urlencoded body; a JSON body or a query string reads as "no parameters".
const form = (body: ParsedBody) => (body.kind === 'form' ? body.value : new URLSearchParams())

function tokenOperation(body: ParsedBody): string {
  const grant = form(body).get('grant_type')
  if (grant === 'refresh_token') return 'refreshToken'
  if (grant === 'authorization_code') return 'exchangeAuthorizationCode'
  return 'oauthToken'
}

const hubDomain = (hubId: number) => `portal-${hubId}.example.com`

function userEmail(store: HubSpotStore, record: { hubId: number; userId: number }): string {
  const user = store.portal(record.hubId).agents.find((agent) => agent.userId === record.userId)
  return user?.email ?? `user-${record.userId}@example.com`
}

/** Every endpoint authenticates the app with the client id and secret of the body. */
function checkClient(store: HubSpotStore, params: URLSearchParams): void {
  if (params.get('client_id') !== store.app.clientId) throw oauthError('BAD_CLIENT_ID', 'missing or invalid client id')
  // UNCONFIRMED which name HubSpot gives a wrong secret; we reuse BAD_CLIENT_ID (RFC 6749: invalid_client).
  if (params.get('client_secret') !== store.app.clientSecret)
    throw oauthError('BAD_CLIENT_ID', 'missing or invalid client secret')
}

/** `AccessTokenResponse` of the spec (snake_case on the wire). */
function tokenResponse(store: HubSpotStore, input: { hubId: number; scopes: string[]; refreshToken: string }) {
  const access = issueAccessToken(store, { hubId: input.hubId, scopes: input.scopes })
  return json(200, {
    access_token: access.token,
    refresh_token: input.refreshToken,
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    token_type: 'bearer',
    token_use: 'access_token',
    hub_id: input.hubId,
    user_id: access.userId,
    scopes: [...input.scopes],
  })
}

function token({ body, store }: RouteContext): Response {
  const params = form(body)
  const grantType = params.get('grant_type')
  // client_credentials is in the spec's enum, for apps without an installing user; this app type has none.
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token')
    throw oauthError('BAD_GRANT_TYPE', 'grant_type must be authorization_code or refresh_token')
  checkClient(store, params)

  if (grantType === 'refresh_token') {
    const record = store.refreshTokens.get(params.get('refresh_token') ?? '')
    if (!record || record.revoked) throw oauthError('BAD_REFRESH_TOKEN', 'missing or invalid refresh token')
    return tokenResponse(store, { hubId: record.hubId, scopes: record.scopes, refreshToken: record.token })
  }

  const code = store.authorizationCodes.get(params.get('code') ?? '')
  if (!code || code.used) throw oauthError('BAD_AUTH_CODE', 'missing or unknown auth code')
  if (store.now() >= code.expiresAt) throw oauthError('EXPIRED_AUTH_CODE', 'auth code is expired')
  if (params.get('redirect_uri') !== code.redirectUri)
    throw oauthError('BAD_REDIRECT_URI', 'redirect_uri does not match the redirect URI used to get the auth code')
  code.used = true
  const refreshToken = issueRefreshToken(store, { hubId: code.hubId, scopes: code.scopes })
  return tokenResponse(store, { hubId: code.hubId, scopes: code.scopes, refreshToken })
}

/** `PublicAccessTokenInfoResponse`; `signed_access_token` is required by the spec, its values are placeholders. */
function accessTokenInfo(store: HubSpotStore, record: AccessTokenRecord) {
  const appId = Number(store.app.appId)
  return {
    active: true,
    token: record.token,
    token_type: 'bearer',
    token_use: 'access_token',
    client_id: store.app.clientId,
    app_id: appId,
    hub_id: record.hubId,
    hub_domain: hubDomain(record.hubId),
    user: userEmail(store, record),
    user_id: record.userId,
    scopes: [...record.scopes],
    expires_in: Math.floor((record.expiresAt - store.now()) / 1000),
    is_private_distribution: false,
    signed_access_token: {
      appId,
      appInstallId: `${appId}-${record.hubId}`,
      audience: 'api.hubapi.com',
      expiresAt: record.expiresAt,
      hubId: record.hubId,
      hublet: 'na1',
      installingUserId: record.userId,
      isPrivateDistribution: false,
      isServiceAccount: false,
      isUserLevel: false,
      newSignature: 'emulator',
      scopeToScopeGroupPks: '',
      scopes: record.scopes.join(' '),
      signature: 'emulator',
      trialScopeToScopeGroupPks: '',
      trialScopes: '',
      userId: record.userId,
    },
  }
}

/** `PublicRefreshTokenInfoResponse`. */
function refreshTokenInfo(store: HubSpotStore, record: RefreshTokenRecord) {
  return {
    active: true,
    token: record.token,
    token_type: 'bearer',
    token_use: 'refresh_token',
    client_id: store.app.clientId,
    app_id: Number(store.app.appId),
    hub_id: record.hubId,
    hub_domain: hubDomain(record.hubId),
    user: userEmail(store, record),
    user_id: record.userId,
    scopes: [...record.scopes],
  }
}

function requiredToken(params: URLSearchParams): string {
  const value = params.get('token')
  if (!value) throw oauthError('MISSING_PARAMETER', 'token is required')
  return value
}

/**
 * Introspection. UNCONFIRMED, our assumption (RFC 7662 §2.2): an unknown, expired or revoked token is answered 200
 * `{ active: false }`, not an error. `token_type_hint` is accepted and not needed: the two kinds never collide.
 */
function introspect({ body, store }: RouteContext): Response {
  const params = form(body)
  checkClient(store, params)
  const value = requiredToken(params)
  const access = store.accessTokens.get(value)
  const refresh = store.refreshTokens.get(value)
  if (access && store.now() < access.expiresAt) return json(200, accessTokenInfo(store, access))
  if (refresh && !refresh.revoked) return json(200, refreshTokenInfo(store, refresh))
  return json(200, { active: false })
}

/** Revokes a refresh token. UNCONFIRMED: the spec lists no success body; we answer 200 empty, as RFC 7009 does. */
function revoke({ body, store }: RouteContext): Response {
  const params = form(body)
  checkClient(store, params)
  const record = store.refreshTokens.get(requiredToken(params))
  if (record) record.revoked = true
  return new Response(null, { status: 200 })
}

/**
 * The v1 endpoints after their sunset (2027-02-16, HubSpot's migration guide). UNCONFIRMED: HubSpot has not
 * published what a sunset endpoint answers; 410 with the OAuth error form is our choice, so a leftover call fails.
 */
function v1Sunset(): Response {
  throw oauthError(
    'OAUTH_V1_SUNSET',
    'The v1 OAuth API was sunset on 2027-02-16; use POST /oauth/2026-03/token, /token/introspect or /token/revoke',
    410,
  )
}

const none = { kind: 'none' } as const
const V1 = 'oauthV1Sunset'

export const oauthRoutes: Route[] = [
  ...['/oauth/2026-03', '/oauth/v3'].flatMap((base): Route[] => [
    { name: tokenOperation, method: 'POST', path: `${base}/token`, auth: none, handle: token },
    { name: 'introspectToken', method: 'POST', path: `${base}/token/introspect`, auth: none, handle: introspect },
    { name: 'revokeToken', method: 'POST', path: `${base}/token/revoke`, auth: none, handle: revoke },
  ]),
  { name: V1, method: 'POST', path: '/oauth/v1/token', auth: none, handle: v1Sunset },
  { name: V1, method: 'GET', path: '/oauth/v1/access-tokens/:token', auth: none, handle: v1Sunset },
  { name: V1, method: 'GET', path: '/oauth/v1/refresh-tokens/:token', auth: none, handle: v1Sunset },
  { name: V1, method: 'DELETE', path: '/oauth/v1/refresh-tokens/:token', auth: none, handle: v1Sunset },
]
