import * as bp from '.botpress'
import { readState, writeState } from '../platform/state'
import { createHubSpotClient } from '../hubspot'
import { HubSpotNotFoundError } from '../hubspot/errors'
import { releaseAppWebhooks } from './app-webhooks'
import { releaseTicketSubscriptions } from './ticket-subscriptions'
import { deleteOwnChannel } from './custom-channel'
import { describeFailure } from '../platform/describe'

type Logger = { warn(message: string): void; info(message: string): void }

/** Runs one cleanup step; a failure is reported with what is left behind, and the next steps still run. */
async function bestEffort(logger: Logger, leftBehind: string, step: () => Promise<void>): Promise<void> {
  try {
    await step()
  } catch (thrown) {
    if (thrown instanceof HubSpotNotFoundError) return
    logger.warn(`${leftBehind} could not be removed: ${describeFailure(thrown)}`)
  }
}

/**
 * Removes what this install created and nothing else, and succeeds when it is already gone: a failed or
 * repeated unregister must never block uninstalling the integration.
 */
export const unregister: bp.IntegrationProps['unregister'] = async (props) => {
  const { ctx, client, webhookUrl } = props
  const logger = props.logger.forBot()
  const hubspot = createHubSpotClient(props)
  const channel = await readState(client, 'integration', ctx.integrationId, 'channel')

  for (const accountId of Object.values(channel?.channelAccounts ?? {})) {
    await bestEffort(logger, `Channel account ${accountId}`, async () => {
      await hubspot.channels.updateChannelAccount(channel!.channelId, accountId, { authorized: false })
    })
  }
  await bestEffort(logger, 'The HubSpot custom channel', () =>
    deleteOwnChannel(hubspot, channel?.channelId, webhookUrl),
  )
  await bestEffort(logger, "The app's webhook target URL", () => releaseAppWebhooks(hubspot, webhookUrl))
  await bestEffort(logger, "The app's ticket property subscriptions", () => releaseTicketSubscriptions(props, hubspot))

  await writeState(client, 'integration', ctx.integrationId, 'channel', null)
  await writeState(client, 'integration', ctx.integrationId, 'oauthRequests', null)
  await hubspot.tokens.forget()
  logger.info('HubSpot channel removed and stored credentials cleared')
}
