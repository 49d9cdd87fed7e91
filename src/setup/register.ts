import * as bp from '.botpress'
import { readState, writeState } from '../platform/state'
import { assertValidConfiguration } from '../config/input-validation'
import { createHubSpotClient, HubSpotClient } from '../hubspot'
import { connectLink } from './connect-link'
import { ensureAppWebhooks } from './app-webhooks'
import { ensureCustomChannel } from './custom-channel'
import { verifyCrmSettings } from './crm-settings'
import { connectInboxes, verifyConnection, verifyInboxes } from './inboxes'
import { settleTicketSubscriptions, ticketSubscriptionsFor, verifyFollowedProperties } from './ticket-subscriptions'
import { followedTicketProperties } from '../crm/ticket-properties'

type SetupProps = bp.CommonHandlerProps

/** Is there a refresh token to work with, pasted or obtained through the OAuth link? */
export async function isAccountConnected({ ctx, client }: SetupProps): Promise<boolean> {
  if (ctx.configuration.refreshToken) return true
  const credentials = await readState(client, 'integration', ctx.integrationId, 'credentials')
  return Boolean(credentials?.refreshToken)
}

/** Checks the configuration against the account: the configured inboxes, the ticket settings, the followed properties. */
export async function verifyAccountSettings(props: SetupProps, hubspot: HubSpotClient): Promise<void> {
  await verifyInboxes(hubspot, props.ctx.configuration.inboxIds)
  await verifyCrmSettings(hubspot, props.ctx)
  await verifyFollowedProperties(hubspot, followedTicketProperties(props.ctx.configuration))
}

/** Checks the account: the token and its scopes, then the configuration against it. */
async function verifyAccount(props: SetupProps, hubspot: HubSpotClient): Promise<void> {
  await verifyConnection(hubspot)
  await verifyAccountSettings(props, hubspot)
}

/** Inboxes an admin connected from HubSpot to this channel; a new channel starts without any. */
async function inboxesConnectedInHubSpot({ ctx, client }: SetupProps, channelId: string): Promise<string[]> {
  const previous = await readState(client, 'integration', ctx.integrationId, 'channel')
  return previous?.channelId === channelId ? (previous.inboxesConnectedInHubSpot ?? []) : []
}

/**
 * Connects every configured inbox to the channel, keeps the inboxes an admin connected from HubSpot, and
 * records the accounts.
 */
export async function connectAccount(props: SetupProps, hubspot: HubSpotClient, channelId: string, webhookUrl: string) {
  const { ctx, client } = props
  const connectedInHubSpot = await inboxesConnectedInHubSpot(props, channelId)
  const channelAccounts = await connectInboxes(
    hubspot,
    channelId,
    { configured: ctx.configuration.inboxIds, connectedInHubSpot },
    props.logger.forBot(),
  )
  await writeState(client, 'integration', ctx.integrationId, 'channel', {
    channelId,
    webhookUrl,
    channelAccounts,
    inboxesConnectedInHubSpot: connectedInHubSpot.filter((inboxId) => channelAccounts[inboxId]),
  })
  return channelAccounts
}

/**
 * Idempotent: any number of runs leave one channel for this install and one channel account per inbox.
 * Without a connected account it still prepares the channel and tells the user where to connect.
 */
export const register: bp.IntegrationProps['register'] = async (props) => {
  const { ctx, client, webhookUrl } = props
  assertValidConfiguration(ctx.configuration)
  const logger = props.logger.forBot()
  const hubspot = createHubSpotClient(props)
  const connected = await isAccountConnected(props)
  // Credential, inbox and ticket-setting mistakes are the common ones: report them before touching the channel.
  if (connected) await verifyAccount(props, hubspot)
  const channelId = await ensureCustomChannel(hubspot, webhookUrl, logger)
  if (connected) {
    await connectAccount(props, hubspot, channelId, webhookUrl)
  } else {
    await writeState(client, 'integration', ctx.integrationId, 'channel', {
      channelId,
      webhookUrl,
      channelAccounts: {},
    })
  }
  const followed = followedTicketProperties(ctx.configuration)
  const subscribed = await ensureAppWebhooks(hubspot, webhookUrl, logger, ticketSubscriptionsFor(followed))
  await settleTicketSubscriptions(props, hubspot, subscribed, followed)
  // The connect links are signed for this install: its logs are where only its admins see them.
  if (!connected) {
    logger.warn(
      `The HubSpot channel is ready. Connect your HubSpot account to finish: open ${connectLink(ctx, 'connect')}`,
    )
  } else {
    logger.info(
      `HubSpot inbox${ctx.configuration.inboxIds.length > 1 ? 'es' : ''} ${ctx.configuration.inboxIds.join(', ')} connected. ` +
        `To reconnect this HubSpot account, open ${connectLink(ctx, 'connect')} ; to move this bot to a different HubSpot account, open ${connectLink(ctx, 'switch')}`,
    )
  }
}
