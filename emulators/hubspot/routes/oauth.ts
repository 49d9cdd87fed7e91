/** OAuth v1 token endpoints (doc §7.2, §7.3). */
import { issueAccessToken, issueRefreshToken } from '../auth'
import { ACCESS_TOKEN_TTL_SECONDS } from '../defaults'
import { json, noContent, notFound, oauthError } from '../errors'
import type { ParsedBody, Route, RouteContext } from '../router'
import type { HubSpotStore } from '../store'

const form = (body: ParsedBody) => (body.kind === 'form' ? body.value : new URLSearchParams())

function tokenOperation(body: ParsedBody): string {
  const grant = form(body).get('grant_type')
  if (grant === 'refresh_token') return 'refreshToken'
  if (grant === 'authorization_code') return 'exchangeAuthorizationCode'
  return 'oauthToken'
}

const hubDomain = (hubId: number) => `portal-${hubId}.example.com`

function tokenResponse(store: HubSpotStore, input: { hubId: number; scopes: string[]; refreshToken: string }) {
  const access = issueAccessToken(store, { hubId: input.hubId, scopes: input.scopes })
  return json(200, {
    token_type: 'bearer',
    refresh_token: input.refreshToken,
    access_token: access.token,
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    hub_id: input.hubId,
    scopes: [...input.scopes],
  })
}

function token({ body, store }: RouteContext): Response {
  // HubSpot reads these from a form-urlencoded body only; a JSON body reads as "no parameters".
  const params = form(body)
  const grantType = params.get('grant_type')
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token')
    throw oauthError('BAD_GRANT_TYPE', 'grant_type must be authorization_code or refresh_token')
  if (params.get('client_id') !== store.app.clientId) throw oauthError('BAD_CLIENT_ID', 'missing or invalid client id')
  // UNCONFIRMED which status HubSpot uses for a wrong secret; we reuse BAD_CLIENT_ID.
  if (params.get('client_secret') !== store.app.clientSecret)
    throw oauthError('BAD_CLIENT_ID', 'missing or invalid client secret')

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

function accessTokenInfo({ params, store }: RouteContext): Response {
  const record = store.accessTokens.get(params.token ?? '')
  // UNCONFIRMED: expired tokens are treated like unknown ones.
  if (!record || store.now() >= record.expiresAt) throw notFound('Token not found or expired')
  const user = store.portal(record.hubId).agents.find((agent) => agent.userId === record.userId)
  return json(200, {
    token: record.token,
    user: user?.email ?? `user-${record.userId}@example.com`,
    hub_domain: hubDomain(record.hubId),
    scopes: [...record.scopes],
    scope_to_scope_group_pks: {},
    trial_scopes: [],
    trial_scope_to_scope_group_pks: {},
    hub_id: record.hubId,
    app_id: Number(store.app.appId),
    expires_in: Math.floor((record.expiresAt - store.now()) / 1000),
    user_id: record.userId,
    token_type: 'access',
  })
}

function refreshTokenInfo({ params, store }: RouteContext): Response {
  const record = store.refreshTokens.get(params.token ?? '')
  if (!record || record.revoked) throw notFound('Refresh token not found')
  const user = store.portal(record.hubId).agents.find((agent) => agent.userId === record.userId)
  return json(200, {
    token: record.token,
    user: user?.email ?? `user-${record.userId}@example.com`,
    hub_domain: hubDomain(record.hubId),
    scopes: [...record.scopes],
    hub_id: record.hubId,
    client_id: store.app.clientId,
    user_id: record.userId,
    token_type: 'refresh',
  })
}

function revokeRefreshToken({ params, store }: RouteContext): Response {
  const record = store.refreshTokens.get(params.token ?? '')
  if (!record || record.revoked) throw notFound('Refresh token not found')
  record.revoked = true
  return noContent()
}

const none = { kind: 'none' } as const

export const oauthRoutes: Route[] = [
  { name: tokenOperation, method: 'POST', path: '/oauth/v1/token', auth: none, handle: token },
  // Newer paths (doc §7.4). Their wire format is UNCONFIRMED; we answer them like v1 (snake_case).
  { name: tokenOperation, method: 'POST', path: '/oauth/v3/token', auth: none, handle: token },
  { name: tokenOperation, method: 'POST', path: '/oauth/2026-03/token', auth: none, handle: token },
  {
    name: 'accessTokenInfo',
    method: 'GET',
    path: '/oauth/v1/access-tokens/:token',
    auth: none,
    handle: accessTokenInfo,
  },
  {
    name: 'refreshTokenInfo',
    method: 'GET',
    path: '/oauth/v1/refresh-tokens/:token',
    auth: none,
    handle: refreshTokenInfo,
  },
  {
    name: 'revokeRefreshToken',
    method: 'DELETE',
    path: '/oauth/v1/refresh-tokens/:token',
    auth: none,
    handle: revokeRefreshToken,
  },
]
