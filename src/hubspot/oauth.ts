import { HubSpotHttp } from './http'
import * as schemas from './schemas'

const NO_AUTH = { type: 'none' } as const
/** HubSpot's date-versioned OAuth API; the v1 endpoints stop working on 2027-02-16. */
const OAUTH = '/oauth/2026-03'

/** HubSpot's OAuth token endpoints. Every parameter, client credentials included, travels in the form body. */
export class OAuthApi {
  public constructor(
    private readonly _http: HubSpotHttp,
    private readonly _client: { clientId: string; clientSecret: string },
  ) {}

  public exchangeCode(code: string, redirectUri: string): Promise<schemas.TokenResponse> {
    return this._token('exchange the authorization code', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
    })
  }

  /** Refreshing twice is harmless, so it is retried like a read. */
  public refresh(refreshToken: string): Promise<schemas.TokenResponse> {
    return this._token('refresh the access token', { grant_type: 'refresh_token', refresh_token: refreshToken })
  }

  /** The account, app and scopes behind an access token (token introspection). */
  public tokenInfo(accessToken: string): Promise<schemas.TokenInfo> {
    return this._http.send({
      operation: 'read the access token details',
      method: 'POST',
      path: `${OAUTH}/token/introspect`,
      auth: NO_AUTH,
      form: { ...this._credentials(), token: accessToken, token_type_hint: 'access_token' },
      idempotent: true,
      secrets: [accessToken],
      response: schemas.tokenInfo,
    })
  }

  private _token(operation: string, fields: Record<string, string>): Promise<schemas.TokenResponse> {
    return this._http.send({
      operation,
      method: 'POST',
      path: `${OAUTH}/token`,
      auth: NO_AUTH,
      form: { ...fields, ...this._credentials() },
      idempotent: fields.grant_type === 'refresh_token',
      secrets: [fields.code, fields.refresh_token].filter((secret): secret is string => secret !== undefined),
      response: schemas.tokenResponse,
    })
  }

  private _credentials() {
    return { client_id: this._client.clientId, client_secret: this._client.clientSecret }
  }
}
