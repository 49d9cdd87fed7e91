import { setTimeout as sleep } from 'node:timers/promises'
import { unlessNotFound } from '../hubspot/errors'
import type { HubSpotClient } from '../hubspot'
import { channelDefinition, sameDefinition } from './channel-definition'

/** HubSpot lists a new channel after a short delay; these growing waits, summed, still fit one register call. */
const CHANNEL_LISTING_WAITS_MS = [250, 500, 1000, 2000, 4000, 8000]

type Logger = { info(message: string): void; warn(message: string): void }

/**
 * Finds this install's channel by its webhook URL (so registering again never creates a second one),
 * corrects its definition if it drifted, removes duplicates an earlier interrupted register may have left,
 * or creates it and waits until HubSpot lists it.
 */
export async function ensureCustomChannel(hubspot: HubSpotClient, webhookUrl: string, logger: Logger): Promise<string> {
  const wanted = channelDefinition(webhookUrl)
  const [mine, ...duplicates] = (await hubspot.channels.listChannels()).filter(
    (channel) => channel.webhookUrl === webhookUrl,
  )
  for (const duplicate of duplicates) {
    logger.warn(`Removing duplicate HubSpot channel ${duplicate.id} that also points at this bot`)
    await hubspot.channels.deleteChannel(duplicate.id)
  }
  if (mine) {
    if (!sameDefinition(mine, wanted)) {
      logger.info(`Updating the capabilities of HubSpot channel ${mine.id}`)
      await hubspot.channels.updateChannel(mine.id, wanted)
    }
    return mine.id
  }
  const created = await hubspot.channels.createChannel(wanted)
  logger.info(`Created HubSpot custom channel ${created.id}`)
  await waitUntilListed(hubspot, created.id, logger)
  return created.id
}

async function waitUntilListed(hubspot: HubSpotClient, channelId: string, logger: Logger): Promise<void> {
  for (const wait of CHANNEL_LISTING_WAITS_MS) {
    const listed = await hubspot.channels.listChannels()
    if (listed.some((channel) => channel.id === channelId)) return
    await sleep(wait)
  }
  logger.warn(
    `HubSpot does not list channel ${channelId} yet; connecting inboxes may fail. Save the configuration again in a minute if it does.`,
  )
}

/** Deletes the channel only when it still points at this install, so another install's channel is never touched. */
export async function deleteOwnChannel(
  hubspot: HubSpotClient,
  channelId: string | undefined,
  webhookUrl: string,
): Promise<void> {
  const candidates = channelId
    ? [await unlessNotFound(hubspot.channels.getChannel(channelId))]
    : (await hubspot.channels.listChannels()).filter((channel) => channel.webhookUrl === webhookUrl)
  for (const channel of candidates) {
    if (channel?.webhookUrl !== webhookUrl) continue
    await unlessNotFound(hubspot.channels.deleteChannel(channel.id))
  }
}
