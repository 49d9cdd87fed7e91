import { RuntimeError } from '@botpress/sdk'
import * as bp from '.botpress'
import { ticketSchema } from '../crm/account-schema'
import type { HubSpotClient } from '../hubspot'
import { unlessNotFound } from '../hubspot/errors'
import type { WebhookSubscription } from '../hubspot/schemas'
import { readState, writeState } from '../platform/state'
import { findSubscription, type WantedSubscription } from './app-webhooks'

/** HubSpot's app webhook event for a change of one CRM ticket property (Webhooks API spec, `eventType` enum). */
export const TICKET_PROPERTY_CHANGE = 'ticket.propertyChange'

type Props = bp.CommonHandlerProps

/** Refuses followed properties the account's ticket schema does not have, naming them and the way to fix it. */
export async function verifyFollowedProperties(hubspot: HubSpotClient, followed: ReadonlyArray<string>) {
  if (followed.length === 0) return
  const known = new Set((await ticketSchema(hubspot)).map((property) => property.name))
  const unknown = followed.filter((name) => !known.has(name))
  if (unknown.length > 0) {
    throw new RuntimeError(
      `Followed ticket properties ${unknown.join(', ')} do not exist in HubSpot. Use the internal names of ticket properties (HubSpot > Settings > Properties > Ticket properties), or remove them.`,
    )
  }
}

export const ticketSubscriptionsFor = (properties: ReadonlyArray<string>): WantedSubscription[] =>
  properties.map((propertyName) => ({ eventType: TICKET_PROPERTY_CHANGE, propertyName }))

/** The properties this install subscribed the app to on its last register. */
async function ownedProperties({ client, ctx }: Props): Promise<string[]> {
  return (await readState(client, 'integration', ctx.integrationId, 'ticketSubscriptions'))?.properties ?? []
}

/**
 * Deletes the ticket.propertyChange subscriptions of `properties` found in `existing`; one already gone (404) is
 * fine. Subscriptions are app-wide: another install of the same HubSpot app that follows one of them gets it back
 * on its next register.
 */
async function unsubscribe(
  hubspot: HubSpotClient,
  existing: ReadonlyArray<WebhookSubscription>,
  properties: ReadonlyArray<string>,
) {
  for (const property of properties) {
    const found = findSubscription(existing, TICKET_PROPERTY_CHANGE, property)
    if (found) await unlessNotFound(hubspot.appWebhooks.deleteSubscription(found.id))
  }
}

/**
 * After register subscribed the followed properties (see ensureAppWebhooks): unsubscribes those this install
 * followed before and follows no more, and records what it follows now. Unchanged, it costs one state read.
 */
export async function settleTicketSubscriptions(
  props: Props,
  hubspot: HubSpotClient,
  existing: ReadonlyArray<WebhookSubscription>,
  followed: ReadonlyArray<string>,
): Promise<void> {
  const owned = await ownedProperties(props)
  const unchanged = owned.length === followed.length && owned.every((property) => followed.includes(property))
  if (unchanged) return
  await unsubscribe(
    hubspot,
    existing,
    owned.filter((property) => !followed.includes(property)),
  )
  await writeState(props.client, 'integration', props.ctx.integrationId, 'ticketSubscriptions', {
    properties: [...followed],
  })
}

/** Unregister: unsubscribes every property this install recorded, then forgets them. Never a conversation.* one. */
export async function releaseTicketSubscriptions(props: Props, hubspot: HubSpotClient): Promise<void> {
  const owned = await ownedProperties(props)
  if (owned.length === 0) return
  await unsubscribe(hubspot, await hubspot.appWebhooks.listSubscriptions(), owned)
  await writeState(props.client, 'integration', props.ctx.integrationId, 'ticketSubscriptions', null)
}
