import { RuntimeError } from '@botpress/sdk'
import * as bp from '.botpress'
import { ticketSchema } from '../crm/account-schema'
import type { HubSpotClient } from '../hubspot'
import { unlessNotFound } from '../hubspot/errors'
import { readState, writeState } from '../platform/state'
import type { AppWebhooksOutcome, WantedSubscription } from './app-webhooks'

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

type Recorded = { properties: string[]; createdIds?: Record<string, string> }

/** What this install followed on its last register, and the subscriptions it created for them. */
async function recorded({ client, ctx }: Props): Promise<Recorded> {
  return (await readState(client, 'integration', ctx.integrationId, 'ticketSubscriptions')) ?? { properties: [] }
}

/**
 * Deletes subscriptions by id; one already gone (404) is fine. Only subscriptions this install created are ever
 * deleted: one it found already there (made by hand, or by another install of the same HubSpot app) stays.
 */
async function deleteCreated(hubspot: HubSpotClient, ids: ReadonlyArray<string | undefined>) {
  for (const id of ids) if (id) await unlessNotFound(hubspot.appWebhooks.deleteSubscription(id))
}

const sameList = (a: ReadonlyArray<string>, b: ReadonlyArray<string>) =>
  a.length === b.length && a.every((item) => b.includes(item))

/**
 * After register subscribed the followed properties (see ensureAppWebhooks): deletes the subscriptions this install
 * created for properties it follows no more, and records what it follows now with the ids of the subscriptions it
 * created. Subscriptions are app-wide, so one this install created may also serve another install of the same app
 * that follows the same property; that install gets it back on its next register. Unchanged, it costs one state read.
 */
export async function settleTicketSubscriptions(
  props: Props,
  hubspot: HubSpotClient,
  subscribed: AppWebhooksOutcome,
  followed: ReadonlyArray<string>,
): Promise<void> {
  const before = await recorded(props)
  const createdNow = Object.fromEntries(
    subscribed.created.flatMap((s) =>
      s.eventType === TICKET_PROPERTY_CHANGE && s.propertyName ? [[s.propertyName, s.id] as const] : [],
    ),
  )
  if (sameList(before.properties, followed) && Object.keys(createdNow).length === 0) return
  const dropped = before.properties.filter((property) => !followed.includes(property))
  await deleteCreated(
    hubspot,
    dropped.map((property) => before.createdIds?.[property]),
  )
  const kept = Object.entries(before.createdIds ?? {}).filter(([property]) => followed.includes(property))
  const createdIds = { ...Object.fromEntries(kept), ...createdNow }
  await writeState(props.client, 'integration', props.ctx.integrationId, 'ticketSubscriptions', {
    properties: [...followed],
    ...(Object.keys(createdIds).length > 0 ? { createdIds } : {}),
  })
}

/** Unregister: deletes the subscriptions this install created, then forgets them. Never a conversation.* one. */
export async function releaseTicketSubscriptions(props: Props, hubspot: HubSpotClient): Promise<void> {
  const before = await recorded(props)
  if (before.properties.length === 0 && !before.createdIds) return
  await deleteCreated(hubspot, Object.values(before.createdIds ?? {}))
  await writeState(props.client, 'integration', props.ctx.integrationId, 'ticketSubscriptions', null)
}
