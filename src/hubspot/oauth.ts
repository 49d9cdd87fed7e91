import { HubSpotHttp } from './http'
import * as schemas from './schemas'

const NO_AUTH = { type: 'none' } as const

/** HubSpot's OAuth token endpoints (v1, supported until 2027-02-16). Client credentials travel in the form body. */
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

  /** The account and scopes behind an access token. */
  public tokenInfo(accessToken: string): Promise<schemas.TokenInfo> {
    return this._http.send({
      operation: 'read the access token details',
      method: 'GET',
      path: `/oauth/v1/access-tokens/${encodeURIComponent(accessToken)}`,
      auth: NO_AUTH,
      secrets: [accessToken],
      response: schemas.tokenInfo,
    })
  }

  private _token(operation: string, fields: Record<string, string>): Promise<schemas.TokenResponse> {
    return this._http.send({
      operation,
      method: 'POST',
      path: '/oauth/v1/token',
      auth: NO_AUTH,
      form: { ...fields, client_id: this._client.clientId, client_secret: this._client.clientSecret },
      idempotent: fields.grant_type === 'refresh_token',
      response: schemas.tokenResponse,
    })
  }
}
