import * as bp from '.botpress'
import { publicWebhookUrl } from '../config'
import { AppWebhooksApi } from './app-webhooks'
import { AccessTokens } from './auth'
import { ConversationsApi } from './conversations'
import { CrmApi } from './crm'
import { CustomChannelsApi } from './custom-channels'
import { FilesApi } from './files'
import { HubSpotAuth, HubSpotHttp } from './http'
import { OAuthApi } from './oauth'
import { limiterFor } from './rate-limiter'

export type HubSpotClient = {
  tokens: AccessTokens
  oauth: OAuthApi
  channels: CustomChannelsApi
  conversations: ConversationsApi
  files: FilesApi
  appWebhooks: AppWebhooksApi
  crm: CrmApi
}

export type HubSpotClientProps = { ctx: bp.Context; client: bp.Client; logger: bp.Logger }

export const oauthStartUrl = (webhookId: string) => `${publicWebhookUrl(webhookId)}/oauth/start`

/** Everything that speaks to HubSpot for one operation, sharing one HTTP layer and one token source. */
export function createHubSpotClient({ ctx, client, logger }: HubSpotClientProps): HubSpotClient {
  const { clientId, clientSecret, appId, developerApiKey, refreshToken, apiRequestsPer10Seconds } = ctx.configuration
  // One install talks to one HubSpot account, so the install id keys the account's budget.
  const limiters = {
    general: limiterFor(ctx.integrationId, 'general', apiRequestsPer10Seconds),
    search: limiterFor(ctx.integrationId, 'search'),
  }
  const http = new HubSpotHttp(logger, [clientSecret, developerApiKey, refreshToken], limiters)
  const oauth = new OAuthApi(http, { clientId, clientSecret })
  const tokens = new AccessTokens({
    client,
    integrationId: ctx.integrationId,
    configuredRefreshToken: refreshToken || undefined,
    oauth,
    connectUrl: oauthStartUrl(ctx.webhookId),
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
    tokens,
    oauth,
    channels: new CustomChannelsApi(http, bearer, developer('query'), botLogger),
    conversations: new ConversationsApi(http, bearer),
    files: new FilesApi(http, bearer),
    appWebhooks: new AppWebhooksApi(http, developer('path'), botLogger),
    crm: new CrmApi(http, bearer),
  }
}
