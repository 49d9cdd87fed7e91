import * as bp from '.botpress'
import { AppWebhooksApi } from './app-webhooks'
import { AccessTokens, AccessTokenDeps } from './auth'
import { ConversationsApi } from './conversations'
import { CrmApi } from './crm'
import { CustomChannelsApi } from './custom-channels'
import { FilesApi } from './files'
import { AccountLimiters, HubSpotAuth, HubSpotHttp } from './http'
import { OAuthApi } from './oauth'
import { limiterFor } from './rate-limiter'
import { installKey } from '../platform/install'

export type HubSpotClient = {
  /** The install this client works for: the key of everything this process keeps in memory for it. */
  install: string
  tokens: AccessTokens
  oauth: OAuthApi
  channels: CustomChannelsApi
  conversations: ConversationsApi
  files: FilesApi
  appWebhooks: AppWebhooksApi
  crm: CrmApi
}

export type HubSpotClientProps = bp.CommonHandlerProps

/** Where error messages send an admin whose account is not connected; the signed link itself is only logged. */
const CONNECT_HINT =
  "Open the connect link that the integration's logs show when the configuration is saved (save it again to see it)"

/**
 * Everything that speaks to HubSpot for one operation, sharing one HTTP layer and one token source. `unsaved` is a
 * connection the OAuth callback checks before it stores it.
 */
export function createHubSpotClient(
  { ctx, client, logger }: HubSpotClientProps,
  unsaved?: AccessTokenDeps['unsaved'],
): HubSpotClient {
  const { clientId, clientSecret, appId, developerApiKey, refreshToken, apiRequestsPer10Seconds } = ctx.configuration
  const install = installKey(ctx)
  // The closures run at call time, once `tokens` exists: the pacer and the redaction follow the install's token.
  const http: HubSpotHttp = new HubSpotHttp(
    logger,
    (): Array<string | undefined> => [clientSecret, developerApiKey, refreshToken, ...tokens.heldSecrets()],
    (): Promise<AccountLimiters> => accountLimiters(tokens, install, appId, apiRequestsPer10Seconds),
  )
  const oauth = new OAuthApi(http, { clientId, clientSecret })
  const tokens: AccessTokens = new AccessTokens({
    client,
    install,
    stateId: ctx.integrationId,
    configuredRefreshToken: refreshToken || undefined,
    oauth,
    connectHint: CONNECT_HINT,
    unsaved,
  })
  const bearer: HubSpotAuth = { type: 'oauth', accessToken: () => tokens.get() }
  const developer = (appIdIn: 'query' | 'path'): HubSpotAuth => ({
    type: 'developer',
    apiKey: developerApiKey,
    appId,
    appIdIn,
  })
  // Which documented path HubSpot serves is news for the bot builder, once per operation that finds out.
  const botLogger = logger.forBot()
  return {
    install,
    tokens,
    oauth,
    channels: new CustomChannelsApi(http, bearer, developer('query'), botLogger),
    conversations: new ConversationsApi(http, bearer, botLogger),
    files: new FilesApi(http, bearer),
    appWebhooks: new AppWebhooksApi(http, developer('path'), botLogger),
    crm: new CrmApi(http, bearer),
  }
}

/**
 * HubSpot counts calls per account and app: installs that reach the same account through the same app share
 * one budget, and no other install's 429 pauses them. Before the account is known, the install's own pacer.
 */
async function accountLimiters(
  tokens: AccessTokens,
  install: string,
  appId: string,
  perTenSeconds: number | undefined,
): Promise<AccountLimiters> {
  const hubId = await tokens.hubId()
  const account = hubId === undefined ? `install ${install}` : `portal ${hubId} app ${appId}`
  return { general: limiterFor(account, 'general', perTenSeconds), search: limiterFor(account, 'search') }
}
