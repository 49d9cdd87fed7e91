/**
 * Ticket changes back to the bot (issue 22): a rep changes a followed property of a ticket the integration opened,
 * and the bot gets one ticketPropertyChanged event per change, in order, with the latest values in the HITL
 * conversation's tags. Register and unregister manage the ticket.propertyChange subscriptions of the HubSpot app.
 * Driven through the integration's handler against both emulators.
 */
import { useHarness, type Harness, type HarnessOptions } from '../support/harness'
import { aMomentLater, escalate, registeredHarness } from '../support/scenario'
import { changedEvents, delivered, tagOf, ticketSubscriptions } from '../support/ticket-changes'

const harness = useHarness()

const PRIORITY = 'hs_ticket_priority'
const STAGE = 'hs_pipeline_stage'
const ALICE = 5001

const follow = (h: Harness, properties: string[]) => ({ ...h.config, followedTicketProperties: properties })

async function handedOff(options?: HarnessOptions) {
  const h = await registeredHarness(harness({ config: { followedTicketProperties: [PRIORITY], ...options?.config } }))
  const session = await escalate(h)
  const ticketId = session.conversation.tags.ticketId!
  expect(ticketId).toBeTruthy()
  return { h, conversationId: session.conversationId, ticketId }
}

describe('register and unregister manage the ticket property subscriptions', () => {
  it('subscribes each followed property once, however many times it runs', async () => {
    const h = harness({ config: { followedTicketProperties: [PRIORITY, STAGE] } })
    expect((await h.register()).status).toBe(200)
    const before = h.botpress.calls.length
    expect((await h.register()).status).toBe(200)
    // A repeat save reads what this install follows and writes nothing about it.
    const stateCalls = h.botpress.calls.slice(before).filter((call) => call.path.includes('ticketSubscriptions'))
    expect(stateCalls.map((call) => call.operation)).toEqual(['getState'])
    expect(ticketSubscriptions(h)).toEqual([
      { id: expect.anything(), property: STAGE, active: true },
      { id: expect.anything(), property: PRIORITY, active: true },
    ])
    // Four conversation events and two ticket properties, each created once.
    expect(h.hubspot.callCount('createSubscription')).toBe(6)
    const [stage, priority] = ticketSubscriptions(h)
    expect(h.botpress.statePayload('integration', h.ids.integrationId, 'ticketSubscriptions')).toEqual({
      properties: [PRIORITY, STAGE],
      createdIds: { [PRIORITY]: String(priority!.id), [STAGE]: String(stage!.id) },
    })
  })

  it('leaves one subscription per property when registers run in parallel', async () => {
    const h = harness({ config: { followedTicketProperties: [PRIORITY, STAGE] } })
    const responses = await Promise.all([h.register(), h.register(), h.register()])
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200])
    expect(ticketSubscriptions(h).map((s) => s.property)).toEqual([STAGE, PRIORITY])
    expect(h.hubspot.subscriptions().filter((s) => s.eventType.startsWith('conversation.'))).toHaveLength(4)
  })

  it('never deletes a subscription it found already there (made by hand or by another install)', async () => {
    const h = harness({ config: { followedTicketProperties: [PRIORITY] } })
    h.hubspot.store.subscriptions.set(900, {
      id: 900,
      eventType: 'ticket.propertyChange',
      propertyName: PRIORITY,
      active: false,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    })
    expect((await h.register()).status).toBe(200)
    expect(ticketSubscriptions(h)).toEqual([{ id: 900, property: PRIORITY, active: true }])
    expect((await h.register(follow(h, []))).status).toBe(200)
    expect((await h.unregister()).status).toBe(200)
    expect(ticketSubscriptions(h)).toEqual([{ id: 900, property: PRIORITY, active: true }])
    expect(h.hubspot.callCount('deleteSubscription')).toBe(0)
  })

  it('unsubscribes a property no longer followed and keeps the others as they are', async () => {
    const h = harness({ config: { followedTicketProperties: [PRIORITY, STAGE] } })
    await h.register()
    const [, priority] = ticketSubscriptions(h)
    const before = h.hubspot.calls.length
    expect((await h.register(follow(h, [PRIORITY]))).status).toBe(200)
    expect(ticketSubscriptions(h)).toEqual([priority])
    const calls = h.hubspot.calls.slice(before).map((call) => call.operation)
    expect(calls.filter((op) => op === 'deleteSubscription')).toHaveLength(1)
    expect(calls).not.toContain('createSubscription')
    expect(h.hubspot.subscriptions().filter((s) => s.eventType.startsWith('conversation.'))).toHaveLength(4)
  })

  it('refuses a property the account does not have, naming it, and changes nothing', async () => {
    const h = harness()
    await h.register(follow(h, [PRIORITY]))
    const subscriptionsBefore = h.hubspot.subscriptions()
    const response = await h.register(follow(h, [STAGE, 'hs_no_such_thing', 'priorty']))
    expect(response.status).toBe(400)
    expect(response.json<{ message: string }>().message).toMatch(/hs_no_such_thing, priorty do not exist in HubSpot/)
    expect(response.json<{ message: string }>().message).not.toMatch(new RegExp(`${STAGE}\\b`))
    expect(h.hubspot.subscriptions()).toEqual(subscriptionsBefore)
    expect(h.botpress.statePayload('integration', h.ids.integrationId, 'ticketSubscriptions')).toMatchObject({
      properties: [PRIORITY],
    })
  })

  it('costs nothing more when no property is followed', async () => {
    const h = harness()
    await h.register()
    expect(h.hubspot.callCount('deleteSubscription')).toBe(0)
    expect(ticketSubscriptions(h)).toEqual([])
    expect(h.botpress.statePayload('integration', h.ids.integrationId, 'ticketSubscriptions')).toBeUndefined()
  })

  it('unregister removes the ticket subscriptions it made, never the conversation ones, and twice is fine', async () => {
    const h = harness({ config: { followedTicketProperties: [PRIORITY, STAGE] } })
    await h.register()
    expect((await h.unregister()).status).toBe(200)
    expect(ticketSubscriptions(h)).toEqual([])
    expect(h.hubspot.subscriptions().filter((s) => s.eventType.startsWith('conversation.'))).toHaveLength(4)
    expect(h.hubspot.callCount('deleteSubscription')).toBe(2)
    expect((await h.unregister()).status).toBe(200)
    expect(h.hubspot.callCount('deleteSubscription')).toBe(2)
    expect(h.logs.text).not.toMatch(/could not be removed/)
  })

  it('unregister takes a subscription already gone in HubSpot (404 on delete) as removed', async () => {
    const h = harness({ config: { followedTicketProperties: [PRIORITY] } })
    await h.register()
    h.hubspot.injectFault({ operation: 'deleteSubscription', status: 404 })
    expect((await h.unregister()).status).toBe(200)
    expect(h.hubspot.callsTo('deleteSubscription').map((call) => call.status)).toEqual([404])
    expect(h.logs.text).not.toMatch(/could not be removed/)
    expect(h.botpress.statePayload('integration', h.ids.integrationId, 'ticketSubscriptions')).toBeUndefined()
  })
})

describe('a rep changes a followed property of the ticket of a handoff', () => {
  it('tells the bot once with the new value and who changed it, and keeps the value in the tags', async () => {
    const { h, conversationId, ticketId } = await handedOff()
    const change = h.hubspot.changeTicketProperty({ ticketId, property: PRIORITY, value: 'HIGH', userId: ALICE })
    expect(change.subscribed).toBe(true)
    const before = { botpress: h.botpress.calls.length, hubspot: h.hubspot.calls.length }
    await delivered(h, change)
    const calls = {
      botpress: h.botpress.calls.slice(before.botpress).map((call) => call.operation),
      hubspot: h.hubspot.calls.slice(before.hubspot).map((call) => call.operation),
    }
    expect(calls).toEqual({
      botpress: ['listConversations', 'createEvent', 'updateConversation'],
      hubspot: [],
    })
    const [event] = changedEvents(h)
    expect(changedEvents(h)).toHaveLength(1)
    expect(event).toEqual({
      on: conversationId,
      conversationId,
      ticketId,
      property: PRIORITY,
      newValue: 'HIGH',
      changedBy: { source: 'CRM_UI', hubspotUserId: String(ALICE) },
      changedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
    expect(event!.oldValue).toBeUndefined()
    expect(tagOf(h, conversationId)[PRIORITY]).toEqual({ value: 'HIGH', at: expect.stringMatching(/^\d+:\d+$/) })
  })

  it('gives the second change the first one’s new value as its old value', async () => {
    const { h, ticketId } = await handedOff()
    await delivered(h, h.hubspot.changeTicketProperty({ ticketId, property: PRIORITY, value: 'HIGH', userId: ALICE }))
    await aMomentLater()
    await delivered(h, h.hubspot.changeTicketProperty({ ticketId, property: PRIORITY, value: 'LOW', userId: 5002 }))
    expect(changedEvents(h).map((e) => [e.oldValue, e.newValue, e.changedBy.hubspotUserId])).toEqual([
      [undefined, 'HIGH', '5001'],
      ['HIGH', 'LOW', '5002'],
    ])
  })

  it("names the Botpress user of the session's agent when the change was theirs, with no call to know it", async () => {
    const { h, conversationId, ticketId } = await handedOff()
    const threadId = h.botpress.getConversation(conversationId)!.tags.threadId!
    await delivered(h, h.hubspot.assignThread(threadId, `A-${ALICE}`))
    const agentUserId = h.botpress.getConversation(conversationId)!.tags.knownAgentUserId
    expect(agentUserId).toBeTruthy()
    const before = h.hubspot.calls.length
    await delivered(h, h.hubspot.changeTicketProperty({ ticketId, property: PRIORITY, value: 'HIGH', userId: ALICE }))
    await aMomentLater()
    await delivered(h, h.hubspot.changeTicketProperty({ ticketId, property: PRIORITY, value: 'LOW', userId: 5002 }))
    expect(changedEvents(h).map((event) => event.changedBy)).toEqual([
      { source: 'CRM_UI', hubspotUserId: String(ALICE), agentUserId },
      { source: 'CRM_UI', hubspotUserId: '5002' },
    ])
    expect(h.hubspot.calls.slice(before)).toEqual([])
  })

  it('records a newer change to the value it already holds without telling the bot again', async () => {
    const { h, conversationId, ticketId } = await handedOff()
    await delivered(h, h.hubspot.changeTicketProperty({ ticketId, property: PRIORITY, value: 'HIGH', userId: ALICE }))
    const first = tagOf(h, conversationId)[PRIORITY]!.at
    await aMomentLater()
    await delivered(h, h.hubspot.changeTicketProperty({ ticketId, property: PRIORITY, value: 'HIGH', userId: 5002 }))
    expect(changedEvents(h)).toHaveLength(1)
    expect(tagOf(h, conversationId)[PRIORITY]!.at).not.toBe(first)
  })

  it('tells nothing of a property the install does not follow, even when the app is subscribed to it', async () => {
    const { h, conversationId, ticketId } = await handedOff()
    // Another install of the same app follows the stage: the app webhook reaches this install too.
    const change = h.hubspot.changeTicketProperty({ ticketId, property: STAGE, value: '2', userId: ALICE })
    await delivered(h, change)
    expect(changedEvents(h)).toEqual([])
    expect(h.botpress.getConversation(conversationId)!.tags.ticketProperties).toBeUndefined()
    // The followed one on the same ticket is told.
    await delivered(h, h.hubspot.changeTicketProperty({ ticketId, property: PRIORITY, value: 'HIGH', userId: ALICE }))
    expect(changedEvents(h).map((e) => e.property)).toEqual([PRIORITY])
    expect(Object.keys(tagOf(h, conversationId))).toEqual([PRIORITY])
  })

  it('tells nothing of a ticket the integration did not open', async () => {
    const { h } = await handedOff()
    const otherTicket = h.hubspot.seedTicket({ properties: { subject: 'Phone call' } })
    const before = h.botpress.calls.length
    await delivered(h, h.hubspot.changeTicketProperty({ ticketId: otherTicket, property: PRIORITY, value: 'HIGH' }))
    expect(changedEvents(h)).toEqual([])
    expect(h.botpress.calls.slice(before).map((call) => call.operation)).toEqual(['listConversations'])
  })

  it('tells the bot once of a change delivered again, and of ten copies delivered in parallel', async () => {
    const { h, conversationId, ticketId } = await handedOff()
    const first = h.hubspot.changeTicketProperty({ ticketId, property: PRIORITY, value: 'HIGH', userId: ALICE })
    await delivered(h, first)
    await delivered(h, first)
    await aMomentLater()
    const second = h.hubspot.changeTicketProperty({ ticketId, property: PRIORITY, value: 'URGENT', userId: ALICE })
    const responses = await Promise.all(Array.from({ length: 10 }, () => h.deliver(second)))
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200))
    expect(changedEvents(h).map((e) => e.newValue)).toEqual(['HIGH', 'URGENT'])
    expect(tagOf(h, conversationId)[PRIORITY]!.value).toBe('URGENT')
  })

  it('never goes backwards: an older change arriving after a newer one tells and records nothing', async () => {
    const { h, conversationId, ticketId } = await handedOff()
    const older = h.hubspot.changeTicketProperty({ ticketId, property: PRIORITY, value: 'HIGH', userId: ALICE })
    await aMomentLater()
    const newer = h.hubspot.changeTicketProperty({ ticketId, property: PRIORITY, value: 'LOW', userId: ALICE })
    await delivered(h, newer)
    await delivered(h, older)
    expect(changedEvents(h).map((e) => e.newValue)).toEqual(['LOW'])
    expect(tagOf(h, conversationId)[PRIORITY]!.value).toBe('LOW')
  })

  it('loses no change when Botpress fails: answered for redelivery, told on the redelivery', async () => {
    const { h, conversationId, ticketId } = await handedOff()
    const change = h.hubspot.changeTicketProperty({ ticketId, property: PRIORITY, value: 'HIGH', userId: ALICE })
    h.botpress.injectFault({ operation: 'createEvent', status: 503, times: 1 })
    expect((await h.deliver(change)).status).toBe(503)
    expect(changedEvents(h)).toEqual([])
    expect(h.botpress.getConversation(conversationId)!.tags.ticketProperties).toBeUndefined()
    await delivered(h, change)
    expect(changedEvents(h).map((e) => e.newValue)).toEqual(['HIGH'])

    // The documented window: the tag write fails after the event was created, so the redelivery tells it again.
    await aMomentLater()
    const next = h.hubspot.changeTicketProperty({ ticketId, property: PRIORITY, value: 'LOW', userId: ALICE })
    // The Botpress client retries a 503 a few times: past them, the write fails.
    h.botpress.injectFault({ operation: 'updateConversation', status: 503, times: Infinity })
    expect((await h.deliver(next)).status).toBe(503)
    h.botpress.clearFaults()
    await delivered(h, next)
    expect(changedEvents(h).map((e) => [e.oldValue, e.newValue])).toEqual([
      [undefined, 'HIGH'],
      ['HIGH', 'LOW'],
      ['HIGH', 'LOW'],
    ])
    expect(tagOf(h, conversationId)[PRIORITY]!.value).toBe('LOW')
  })

  it('tells a long value whole, keeps it shortened in the tag and says so in the logs', async () => {
    const { h, conversationId, ticketId } = await handedOff({ config: { followedTicketProperties: ['subject'] } })
    const subject = `Refund ${'x'.repeat(1_000)}`
    await delivered(h, h.hubspot.changeTicketProperty({ ticketId, property: 'subject', value: subject }))
    const [event] = changedEvents(h)
    expect(event!.newValue).toBe(subject)
    // No user named (a workflow, an app): the source alone.
    expect(event!.changedBy).toEqual({ source: 'CRM_UI' })
    const kept = tagOf(h, conversationId).subject!.value
    expect(kept.length).toBeLessThan(subject.length)
    expect(subject.startsWith(kept.slice(0, -1))).toBe(true)
    expect(h.logs.text).toMatch(/the new value of subject is kept shortened \(the event carried it whole\)/)
  })

  it('keeps each followed property apart in the tag', async () => {
    const { h, conversationId, ticketId } = await handedOff({ config: { followedTicketProperties: [PRIORITY, STAGE] } })
    await delivered(h, h.hubspot.changeTicketProperty({ ticketId, property: PRIORITY, value: 'HIGH', userId: ALICE }))
    await aMomentLater()
    await delivered(h, h.hubspot.changeTicketProperty({ ticketId, property: STAGE, value: '2', userId: ALICE }))
    expect(Object.fromEntries(Object.entries(tagOf(h, conversationId)).map(([p, e]) => [p, e.value]))).toEqual({
      [PRIORITY]: 'HIGH',
      [STAGE]: '2',
    })
    expect(changedEvents(h).map((e) => [e.property, e.oldValue])).toEqual([
      [PRIORITY, undefined],
      [STAGE, undefined],
    ])
  })
})
