/**
 * What an admin does in HubSpot's inbox settings to connect a custom channel to an inbox (hubspot-facts.md §3): HubSpot makes
 * a staging token for the inbox and sends the admin's browser to the channel's `channelAccountConnectionRedirectUrl`.
 */
import { randomBytes } from 'node:crypto'
import { STAGING_TOKEN_TTL_MS } from './defaults'
import type { HubSpotStore } from './store'

export type ChannelConnectionInput = { channelId: string; inboxId: string; hubId?: number; userId?: number }

/** `url` is where the admin's browser goes: the channel's redirect URL with the connection's query parameters. */
export type ChannelConnection = { accountToken: string; url: string }

/**
 * UNCONFIRMED, our assumption: the query carries `accountToken`, `channelId`, `inboxId`, `portalId` and `redirectUrl`
 * (where HubSpot takes the admin back), as a third-party bridge reads them (hubspot-facts.md §3); HubSpot's text names none.
 * Throws a plain Error for what HubSpot's UI would not offer (test bug).
 */
export function startChannelConnection(store: HubSpotStore, input: ChannelConnectionInput): ChannelConnection {
  const hubId = input.hubId ?? store.defaultHubId
  const portal = store.portal(hubId)
  const channel = store.channels.get(input.channelId)
  if (!channel || channel.archived) throw new Error(`startChannelConnection: no live channel ${input.channelId}`)
  if (!channel.channelAccountConnectionRedirectUrl)
    throw new Error(`startChannelConnection: channel ${channel.id} has no channelAccountConnectionRedirectUrl`)
  if (!portal.inboxes.some((inbox) => inbox.id === input.inboxId))
    throw new Error(`startChannelConnection: portal ${hubId} has no inbox ${input.inboxId}`)
  const accountToken = randomBytes(24).toString('base64url')
  store.stagingTokens.set(accountToken, {
    token: accountToken,
    channelId: channel.id,
    hubId,
    inboxId: input.inboxId,
    userId: input.userId ?? portal.agents[0]?.userId ?? 1,
    createdAt: store.isoNow(),
    expiresAt: store.now() + STAGING_TOKEN_TTL_MS,
  })
  const url = new URL(channel.channelAccountConnectionRedirectUrl)
  url.searchParams.set('accountToken', accountToken)
  url.searchParams.set('channelId', channel.id)
  url.searchParams.set('inboxId', input.inboxId)
  url.searchParams.set('portalId', String(hubId))
  url.searchParams.set(
    'redirectUrl',
    `https://app.hubspot.com/live-messages-settings/${hubId}/inboxes/${input.inboxId}`,
  )
  return { accountToken, url: url.toString() }
}
