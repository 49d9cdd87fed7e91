/** What the ticket-change scenarios read back: the events the bot got, the tag, the app's ticket subscriptions. */
import type { WebhookDelivery } from '../../emulators/hubspot/types'
import type { Harness } from './harness'

export type Changed = {
  conversationId: string
  ticketId: string
  property: string
  oldValue?: string
  newValue: string
  changedBy: { source: string; hubspotUserId?: string; agentUserId?: string }
  changedAt: string
}

/** The ticketPropertyChanged events the bot got, each with the conversation it was created on (`on`). */
export const changedEvents = (h: Harness) =>
  h.botpress.events
    .filter((event) => event.type === 'ticketPropertyChanged')
    .map((event) => ({ ...(event.payload as Changed), on: event.conversationId }))

export const ticketSubscriptions = (h: Harness) =>
  h.hubspot
    .subscriptions()
    .filter((s) => s.eventType === 'ticket.propertyChange')
    .map((s) => ({ id: s.id, property: s.propertyName, active: s.active }))
    .sort((a, b) => String(a.property).localeCompare(String(b.property)))

export const tagOf = (h: Harness, conversationId: string) =>
  JSON.parse(h.botpress.getConversation(conversationId)!.tags.ticketProperties ?? '{}') as Record<
    string,
    { value: string; at: string }
  >

/** Delivers a HubSpot webhook and expects it answered 200. */
export async function delivered(h: Harness, delivery: Pick<WebhookDelivery, 'body'>) {
  const response = await h.deliver(delivery)
  expect(response.status).toBe(200)
  return response
}
