import { HubSpotAuth, HubSpotHttp } from './http'
import { collectPages } from './paging'
import { PathForms, PathFormsLogger } from './path-forms'
import * as schemas from './schemas'

/** Every custom-channel operation lives here in the v3 spec, and list and create too in HubSpot's guide. */
const CHANNELS = '/conversations/v3/custom-channels'
/** Where the v3 spec puts list and create (`CollectionResponseWithTotal…`, `PublicChannelIntegrationChannelCreate`). */
const SPEC_CHANNEL_LIST_PATH = '/conversations/custom-channels/v3'

export type ChannelDefinition = {
  name: string
  webhookUrl: string
  capabilities: Record<string, unknown>
  channelDescription: string
  channelLogoUrl: string
  channelAccountConnectionRedirectUrl: string
}

export type DeliveryIdentifier = { type: string; value: string }

export type MessageEgg = {
  channelAccountId: string
  messageDirection: 'INCOMING' | 'OUTGOING'
  integrationThreadId: string
  integrationIdempotencyId: string
  senders: { name?: string; deliveryIdentifier: DeliveryIdentifier }[]
  recipients: { name?: string; deliveryIdentifier: DeliveryIdentifier }[]
  text: string
  richText?: string
  timestamp: string
  attachments: { type: 'FILE'; fileId: string; fileUsageType: 'IMAGE' | 'AUDIO' | 'OTHER' }[]
  preResolvedContacts?: { contacts: { contactVid: number; contactPropertiesLeadingToMatch: string[] }[] }
}

/**
 * Custom channels: the channel definition belongs to the developer app (developer key), channel accounts
 * and messages to the installed account (OAuth).
 */
export class CustomChannelsApi {
  /** List and create: the guide's path first, the spec's when HubSpot does not serve the guide's (404). */
  private readonly _listPaths: PathForms

  public constructor(
    private readonly _http: HubSpotHttp,
    private readonly _oauth: HubSpotAuth,
    private readonly _developer: HubSpotAuth,
    logger: PathFormsLogger,
  ) {
    this._listPaths = new PathForms({
      api: 'custom channel list',
      preferred: CHANNELS,
      fallback: SPEC_CHANNEL_LIST_PATH,
      fallbackOn: [404],
      logger,
    })
  }

  public listChannels(): Promise<schemas.Channel[]> {
    return collectPages((after) =>
      this._listPaths.send((path) =>
        this._http.send({
          operation: 'list the custom channels of the app',
          method: 'GET',
          path,
          auth: this._developer,
          query: { after, limit: 100 },
          response: schemas.paged(schemas.channel),
        }),
      ),
    )
  }

  /** A 404 means HubSpot created nothing, so creating again on the other path cannot make a second channel. */
  public createChannel(definition: ChannelDefinition): Promise<schemas.Channel> {
    return this._listPaths.send((path) =>
      this._http.send({
        operation: 'create the custom channel',
        method: 'POST',
        path,
        auth: this._developer,
        json: definition,
        response: schemas.channel,
      }),
    )
  }

  public updateChannel(channelId: string, definition: ChannelDefinition): Promise<schemas.Channel> {
    return this._http.send({
      operation: 'update the custom channel',
      method: 'PATCH',
      path: `${CHANNELS}/${channelId}`,
      auth: this._developer,
      json: definition,
      response: schemas.channel,
    })
  }

  public getChannel(channelId: string): Promise<schemas.Channel> {
    return this._http.send({
      operation: 'read the custom channel',
      method: 'GET',
      path: `${CHANNELS}/${channelId}`,
      auth: this._developer,
      response: schemas.channel,
    })
  }

  public deleteChannel(channelId: string): Promise<void> {
    return this._http.send({
      operation: 'delete the custom channel',
      method: 'DELETE',
      path: `${CHANNELS}/${channelId}`,
      auth: this._developer,
    })
  }

  public listChannelAccounts(channelId: string): Promise<schemas.ChannelAccount[]> {
    return collectPages((after) =>
      this._http.send({
        operation: 'list the channel accounts',
        method: 'GET',
        path: `${CHANNELS}/${channelId}/channel-accounts`,
        auth: this._oauth,
        query: { after, limit: 100, archived: false },
        response: schemas.paged(schemas.channelAccount),
      }),
    )
  }

  public createChannelAccount(
    channelId: string,
    egg: { inboxId: string; name: string; authorized: boolean; deliveryIdentifier: DeliveryIdentifier },
  ): Promise<schemas.ChannelAccount> {
    return this._http.send({
      operation: `connect the channel to inbox ${egg.inboxId}`,
      method: 'POST',
      path: `${CHANNELS}/${channelId}/channel-accounts`,
      auth: this._oauth,
      json: egg,
      request: schemas.channelAccountEgg,
      response: schemas.channelAccount,
    })
  }

  public updateChannelAccount(
    channelId: string,
    channelAccountId: string,
    patch: { authorized?: boolean; name?: string },
  ): Promise<schemas.ChannelAccount> {
    return this._http.send({
      operation: 'update a channel account',
      method: 'PATCH',
      path: `${CHANNELS}/${channelId}/channel-accounts/${channelAccountId}`,
      auth: this._oauth,
      json: patch,
      response: schemas.channelAccount,
    })
  }

  /**
   * Finishes a connection an admin started in HubSpot's inbox settings: HubSpot makes the channel account for the
   * inbox the admin chose from this staging token, with this name and delivery identifier.
   */
  public completeStagingToken(
    channelId: string,
    accountToken: string,
    update: { accountName: string; deliveryIdentifier: DeliveryIdentifier },
  ): Promise<schemas.StagingToken> {
    return this._http.send({
      operation: 'finish connecting the inbox',
      method: 'PATCH',
      path: `${CHANNELS}/${channelId}/channel-account-staging-tokens/${encodeURIComponent(accountToken)}`,
      auth: this._oauth,
      json: update,
      request: schemas.stagingTokenUpdate,
      secrets: [accountToken],
      response: schemas.stagingToken,
    })
  }

  /** Safe to retry: HubSpot dedupes on integrationIdempotencyId. */
  public publishMessage(channelId: string, egg: MessageEgg): Promise<schemas.ConversationsMessage> {
    return this._http.send({
      operation: 'publish a message in the inbox',
      method: 'POST',
      path: `${CHANNELS}/${channelId}/messages`,
      auth: this._oauth,
      json: egg,
      request: schemas.messageEgg,
      idempotent: true,
      response: schemas.conversationsMessage,
    })
  }

  public updateMessageStatus(
    channelId: string,
    messageId: string,
    status: { statusType: 'SENT' | 'FAILED' | 'READ'; errorMessage?: string },
  ): Promise<void> {
    return this._http.send({
      operation: 'report the delivery status of an agent message',
      method: 'PATCH',
      path: `${CHANNELS}/${channelId}/messages/${messageId}`,
      auth: this._oauth,
      json: status,
    })
  }
}
