import { createHash } from 'node:crypto'
import { RuntimeError } from '@botpress/sdk'
import * as bp from '.botpress'
import { readState, writeState } from '../platform/state'
import { isHubSpotError } from './errors'
import { OAuthApi } from './oauth'
import type { TokenResponse } from './schemas'

type Credentials = bp.states.credentials.Credentials['payload']
type CachedToken = {
  accessToken: string
  expiresAt: number
  fingerprint: string
  hubId?: number
  /** Kept to redact it should HubSpot ever echo it in an error. */
  refreshToken?: string
}

/** HubSpot access tokens live 30 minutes; refreshing 5 minutes early keeps a slow call from outliving its token. */
export const REFRESH_MARGIN_MS = 5 * 60_000

// Per-process caches, keyed by install (never by integration id, which every bot installing this version
// shares): a warm serverless instance reuses the install's token without reading state, and concurrent calls
// of one install share a single refresh.
const memoryCache = new Map<string, CachedToken>()
const refreshesInFlight = new Map<string, Promise<string>>()

export const fingerprint = (refreshToken: string) =>
  createHash('sha256').update(refreshToken).digest('hex').slice(0, 16)

export type AccessTokenDeps = {
  client: bp.Client
  /** The install (bot, alias, webhook): the key of this process's memory. */
  install: string
  /** Id of the install's `integration` states (Botpress scopes them to the calling bot and alias). */
  stateId: string
  /** The refresh token pasted in the configuration; it wins over one obtained through the OAuth flow. */
  configuredRefreshToken?: string
  oauth: OAuthApi
  /** Tells a user whose account is not connected where to connect it. */
  connectHint: string
  /** A connection just authorized and not stored yet (OAuth callback): checked with its own token first. */
  unsaved?: TokenResponse
  now?: () => number
}

export class AccessTokens {
  private readonly _now: () => number
  /** Hashed once: every HubSpot call checks the cached token against it. */
  private readonly _configuredFingerprint: string | undefined
  private _unsaved: TokenResponse | undefined

  public constructor(private readonly _deps: AccessTokenDeps) {
    this._now = _deps.now ?? Date.now
    this._unsaved = _deps.unsaved
    const configured = _deps.configuredRefreshToken
    this._configuredFingerprint = configured === undefined ? undefined : fingerprint(configured)
  }

  public async get(): Promise<string> {
    if (this._unsaved) return this._unsaved.access_token
    const key = this._deps.install
    const cached = memoryCache.get(key)
    if (cached && this._isUsable(cached)) return cached.accessToken
    const running = refreshesInFlight.get(key)
    if (running) return running
    const loading = this._load().finally(() => refreshesInFlight.delete(key))
    refreshesInFlight.set(key, loading)
    return loading
  }

  /** Id of the connected HubSpot account (for record links), once a token was obtained. */
  public async hubId(): Promise<number | undefined> {
    if (this._unsaved) return this._unsaved.hub_id
    await this.get()
    return memoryCache.get(this._deps.install)?.hubId
  }

  /** Every token this install holds in this process, for redaction: none of them may leave in error text. */
  public heldSecrets(): string[] {
    const cached = this._unsaved
      ? { accessToken: this._unsaved.access_token, refreshToken: this._unsaved.refresh_token }
      : memoryCache.get(this._deps.install)
    return [cached?.accessToken, cached?.refreshToken].filter((secret): secret is string => Boolean(secret))
  }

  /**
   * Stores the connection this source was made with (OAuth callback, once every check passed), with the account
   * facts introspection confirmed.
   */
  public async storeConnection(confirmed: { hubId?: number; scopes?: string[] }): Promise<void> {
    const token = this._unsaved
    if (!token) throw new Error('storeConnection: no unsaved connection')
    const credentials: Credentials = {
      refreshToken: token.refresh_token,
      accessToken: token.access_token,
      accessTokenExpiresAt: this._now() + token.expires_in * 1000,
      refreshTokenFingerprint: fingerprint(token.refresh_token),
      hubId: confirmed.hubId ?? token.hub_id,
      scopes: confirmed.scopes ?? token.scopes,
    }
    await writeState(this._deps.client, 'integration', this._deps.stateId, 'credentials', credentials)
    this._unsaved = undefined
    this._remember(credentials)
  }

  /** Forgets every cached token of this install (unregister). */
  public async forget(): Promise<void> {
    memoryCache.delete(this._deps.install)
    await writeState(this._deps.client, 'integration', this._deps.stateId, 'credentials', null)
  }

  private _isUsable(token: { expiresAt: number; fingerprint: string }): boolean {
    const sameSource = this._configuredFingerprint === undefined || token.fingerprint === this._configuredFingerprint
    return sameSource && token.expiresAt - REFRESH_MARGIN_MS > this._now()
  }

  private async _load(): Promise<string> {
    const { client, stateId, configuredRefreshToken } = this._deps
    const stored = (await readState(client, 'integration', stateId, 'credentials')) ?? {}
    const refreshToken = configuredRefreshToken ?? stored.refreshToken
    if (!refreshToken) {
      throw new RuntimeError(
        `The HubSpot account is not connected. ${this._deps.connectHint}, or paste a refresh token in the configuration.`,
      )
    }
    const current = this._fromState(stored, refreshToken)
    if (current) return current

    const token = await this._refresh(refreshToken)
    const credentials: Credentials = {
      ...stored,
      // A refresh token from the OAuth flow is ours to keep up to date; a configured one stays in the configuration.
      refreshToken: configuredRefreshToken ? stored.refreshToken : token.refresh_token,
      accessToken: token.access_token,
      accessTokenExpiresAt: this._now() + token.expires_in * 1000,
      refreshTokenFingerprint: fingerprint(configuredRefreshToken ?? token.refresh_token),
      hubId: token.hub_id ?? stored.hubId,
      scopes: token.scopes ?? stored.scopes,
    }
    await writeState(client, 'integration', stateId, 'credentials', credentials)
    return this._remember(credentials, refreshToken)
  }

  private _fromState(stored: Credentials, refreshToken: string): string | undefined {
    if (!stored.accessToken || !stored.accessTokenExpiresAt || !stored.refreshTokenFingerprint) return undefined
    const candidate = { expiresAt: stored.accessTokenExpiresAt, fingerprint: stored.refreshTokenFingerprint }
    if (candidate.fingerprint !== fingerprint(refreshToken) || !this._isUsable(candidate)) return undefined
    return this._remember(stored, refreshToken)
  }

  private _remember(credentials: Credentials, refreshToken = credentials.refreshToken): string {
    const accessToken = credentials.accessToken as string
    memoryCache.set(this._deps.install, {
      accessToken,
      expiresAt: credentials.accessTokenExpiresAt as number,
      fingerprint: credentials.refreshTokenFingerprint as string,
      hubId: credentials.hubId,
      refreshToken,
    })
    return accessToken
  }

  private async _refresh(refreshToken: string) {
    try {
      return await this._deps.oauth.refresh(refreshToken)
    } catch (thrown) {
      if (isHubSpotError(thrown) && !thrown.transient && thrown.status !== undefined && thrown.status < 500) {
        throw new RuntimeError(
          `HubSpot rejected the refresh token (${thrown.details.category ?? `HTTP ${thrown.status}`}). ` +
            `Check the client ID and client secret, or reconnect the HubSpot account: ${this._deps.connectHint}.`,
        )
      }
      throw thrown
    }
  }
}
