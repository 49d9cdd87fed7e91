/**
 * Ticket changes back to the bot (issue 22) with two bots installing one integration version: each bot hears only of
 * the tickets it opened, and the app-wide ticket subscriptions are shared between installs.
 */
import { useTenants } from '../support/harness'
import { escalate, registeredHarness } from '../support/scenario'
import { changedEvents, delivered, ticketSubscriptions } from '../support/ticket-changes'

const tenants = useTenants()
const PRIORITY = 'hs_ticket_priority'

describe('two bots on one integration id', () => {
  it('tells each bot only of its own ticket, and a re-save brings back a subscription another install removed', async () => {
    const [a, b] = tenants([
      { botId: 'bot_a', config: { followedTicketProperties: [PRIORITY] } },
      { botId: 'bot_b', config: { followedTicketProperties: [PRIORITY] } },
    ])
    await registeredHarness(a!)
    await registeredHarness(b!)
    const sessionA = await escalate(a!)
    const sessionB = await escalate(b!)
    const ticketA = sessionA.conversation.tags.ticketId!
    const ticketB = sessionB.conversation.tags.ticketId!
    expect(ticketA).not.toBe(ticketB)

    const changeA = a!.hubspot.changeTicketProperty({ ticketId: ticketA, property: PRIORITY, value: 'HIGH' })
    await delivered(b!, changeA)
    await delivered(a!, changeA)
    expect(changedEvents(b!)).toEqual([])
    expect(changedEvents(a!).map((e) => [e.conversationId, e.ticketId])).toEqual([[sessionA.conversationId, ticketA]])

    // Subscriptions are the app's: bot A's uninstall removes the one bot B also follows, until B saves again.
    await a!.unregister()
    expect(ticketSubscriptions(b!)).toEqual([])
    await registeredHarness(b!)
    expect(ticketSubscriptions(b!).map((s) => s.property)).toEqual([PRIORITY])
  })
})
