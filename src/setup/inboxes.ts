import { RuntimeError } from '@botpress/sdk'
import * as bp from '.botpress'
import { channelAccountIdentifier } from '../customer/identity'
import type { HubSpotClient } from '../hubspot'
import type { TokenInfo } from '../hubspot/schemas'
import { missingScopes } from '../hubspot/scopes'

type Logger = { info(message: string): void; warn(message: string): void }

/** The name HubSpot shows for the channel in the inboxes this install connects. */
export const CHANNEL_ACCOUNT_NAME = 'Botpress bot'

/** Checks the connected account: its token works and carries every scope we need. Returns the token's facts. */
export async function verifyConnection(hubspot: HubSpotClient): Promise<TokenInfo> {
  const accessToken = await hubspot.tokens.get()
  const info = await hubspot.oauth.tokenInfo(accessToken)
  if (!info.active) {
    throw new RuntimeError(
      'HubSpot says the access token is no longer active (the app was uninstalled or the token revoked). Reconnect the HubSpot account.',
    )
  }
  const missing = missingScopes(info.scopes)
  if (missing.length > 0) {
    throw new RuntimeError(
      `The HubSpot app is missing these scopes: ${missing.join(', ')}. Add them to the app's auth settings, then reconnect the account.`,
    )
  }
  return info
}

/** Every configured inbox must exist; the error lists the ones that do, so the fix is a copy-paste. */
export async function verifyInboxes(hubspot: HubSpotClient, inboxIds: ReadonlyArray<string>): Promise<void> {
  const inboxes = await hubspot.conversations.listInboxes()
  const known = new Set(inboxes.map((inbox) => inbox.id))
  const unknown = inboxIds.filter((id) => !known.has(id))
  if (unknown.length === 0) return
  const available = inboxes.map((inbox) => `${inbox.id} (${inbox.name})`).join(', ') || 'none'
  throw new RuntimeError(
    `Inbox ID ${unknown.join(', ')} does not exist in the connected HubSpot account. Inboxes there: ${available}.`,
  )
}

type ChannelState = Pick<bp.states.channel.Channel['payload'], 'channelAccounts' | 'inboxesConnectedInHubSpot'>

/**
 * The inboxes a session may pick: the configured ones, then those an admin connected from HubSpot's inbox
 * settings, as long as they have a channel account.
 */
export function selectableInboxIds(configured: ReadonlyArray<string>, channel: ChannelState | undefined): string[] {
  const fromHubSpot = (channel?.inboxesConnectedInHubSpot ?? []).filter((id) => channel?.channelAccounts[id])
  return [...new Set([...configured, ...fromHubSpot])]
}

/**
 * Leaves exactly one authorized channel account per configured inbox: reuses, re-authorizes or creates
 * them, and deauthorizes accounts of inboxes removed from the configuration (and duplicates). Inboxes an
 * admin connected from HubSpot stay as HubSpot made them: kept while their account is live and authorized,
 * never created or re-authorized here.
 */
export async function connectInboxes(
  hubspot: HubSpotClient,
  channelId: string,
  inboxes: { configured: ReadonlyArray<string>; connectedInHubSpot: ReadonlyArray<string> },
  logger: Logger,
): Promise<Record<string, string>> {
  const accounts = await hubspot.channels.listChannelAccounts(channelId)
  const connected: Record<string, string> = {}
  for (const inboxId of inboxes.connectedInHubSpot) {
    const account = accounts.find((candidate) => candidate.inboxId === inboxId && !candidate.archived)
    if (account?.authorized) connected[inboxId] = account.id
  }
  for (const inboxId of inboxes.configured) {
    if (connected[inboxId]) continue
    const existing = accounts.find((account) => account.inboxId === inboxId && !account.archived)
    if (existing) {
      if (!existing.authorized)
        await hubspot.channels.updateChannelAccount(channelId, existing.id, { authorized: true })
      connected[inboxId] = existing.id
      continue
    }
    const created = await hubspot.channels.createChannelAccount(channelId, {
      inboxId,
      name: CHANNEL_ACCOUNT_NAME,
      authorized: true,
      deliveryIdentifier: channelAccountIdentifier(channelId, inboxId),
    })
    logger.info(`Connected HubSpot inbox ${inboxId}`)
    connected[inboxId] = created.id
  }
  const keep = new Set(Object.values(connected))
  for (const account of accounts) {
    if (keep.has(account.id) || !account.authorized || account.archived) continue
    await hubspot.channels.updateChannelAccount(channelId, account.id, { authorized: false })
    logger.info(`Disconnected HubSpot inbox ${account.inboxId}`)
  }
  return connected
}
