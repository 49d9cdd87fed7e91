import { RuntimeError } from '@botpress/sdk'
import * as bp from '.botpress'
import { readState, writeState } from '../platform/state'
import { channelAccountIdentifier } from '../customer/identity'
import type { HubSpotClient } from '../hubspot'
import { HubSpotBadRequestError, HubSpotConflictError, HubSpotNotFoundError } from '../hubspot/errors'
import { CHANNEL_ACCOUNT_NAME } from './inboxes'

type SetupProps = { ctx: bp.Context; client: bp.Client }

/**
 * A connection an admin started from HubSpot's inbox settings (docs/hubspot-facts.md §3): HubSpot's staging token, the
 * inbox the admin chose, and the HubSpot page to send the admin back to.
 */
export type InboxConnection = { accountToken: string; inboxId: string; returnUrl?: string }

export const CHANNEL_NOT_REGISTERED =
  "This bot's HubSpot channel is not registered yet. Save the integration configuration in Botpress, then connect the inbox again from HubSpot's inbox settings."

export type ConnectedInbox = { inboxId: string; inboxName?: string; channelAccountId: string; wasConnected: boolean }

/** HubSpot refuses a token it does not know (404) or one past its lifetime (400): the admin must start over. */
function staleLinkError(thrown: unknown): RuntimeError | undefined {
  if (!(thrown instanceof HubSpotNotFoundError || thrown instanceof HubSpotBadRequestError)) return undefined
  return new RuntimeError(
    `This connection link is unknown to HubSpot or has expired (HubSpot says: ${thrown.details.hubspotMessage ?? `HTTP ${thrown.status}`}). Start again from HubSpot's inbox settings.`,
  )
}

/**
 * Completes HubSpot's staging token with this install's account name and per-inbox delivery identifier, which
 * makes HubSpot create the channel account for the inbox the admin chose, and records that account so sessions can
 * use the inbox and a later register keeps it (the admin asked for it in HubSpot, whatever the configuration
 * says). Safe to repeat: when HubSpot answers 409 (the token was used, e.g. a reloaded page, or the inbox already
 * has this channel's account) the existing account is used, and authorized again if a register had removed it.
 */
export async function connectInboxFromHubSpot(
  props: SetupProps,
  hubspot: HubSpotClient,
  connection: InboxConnection,
): Promise<ConnectedInbox> {
  const { ctx, client } = props
  const channel = await readState(client, 'integration', ctx.integrationId, 'channel')
  if (!channel) throw new RuntimeError(CHANNEL_NOT_REGISTERED)
  const { channelId } = channel
  const identifier = channelAccountIdentifier(channelId, connection.inboxId)
  let conflict: unknown
  try {
    await hubspot.channels.completeStagingToken(channelId, connection.accountToken, {
      accountName: CHANNEL_ACCOUNT_NAME,
      deliveryIdentifier: identifier,
    })
  } catch (thrown) {
    const stale = staleLinkError(thrown)
    if (stale) throw stale
    if (!(thrown instanceof HubSpotConflictError)) throw thrown
    conflict = thrown
  }
  // Found by the identifier this install gives it, so an account of another install's channel never matches.
  const account = (await hubspot.channels.listChannelAccounts(channelId)).find(
    (candidate) => candidate.deliveryIdentifier?.value === identifier.value && !candidate.archived,
  )
  const record = (inboxId: string, channelAccounts = channel.channelAccounts) =>
    writeState(client, 'integration', ctx.integrationId, 'channel', {
      ...channel,
      channelAccounts,
      inboxesConnectedInHubSpot: [...new Set([...(channel.inboxesConnectedInHubSpot ?? []), inboxId])],
    })
  if (!account) {
    if (conflict) throw conflict
    // Should HubSpot make the account only later, the next register finds it through this list.
    await record(connection.inboxId)
    throw new RuntimeError(
      `HubSpot accepted the connection of inbox ${connection.inboxId} but lists no channel account for it yet. Return to HubSpot, then save the integration configuration in Botpress once HubSpot shows the inbox connected.`,
    )
  }
  if (!account.authorized) await hubspot.channels.updateChannelAccount(channelId, account.id, { authorized: true })
  await record(account.inboxId, { ...channel.channelAccounts, [account.inboxId]: account.id })
  const inboxes = await hubspot.conversations.listInboxes()
  return {
    inboxId: account.inboxId,
    inboxName: inboxes.find((inbox) => inbox.id === account.inboxId)?.name,
    channelAccountId: account.id,
    wasConnected: conflict !== undefined && account.authorized,
  }
}
