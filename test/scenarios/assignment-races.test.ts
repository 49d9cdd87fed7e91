/**
 * Replays and races of HubSpot's app events for one thread: parallel, redelivered and out-of-order assignment and
 * closing events end in one effect, the newest one.
 */
import { Harness, useHarness } from '../support/harness'
import { aMomentLater, escalate, pastActivationWindow, registeredHarness } from '../support/scenario'

const harness = useHarness()
const ALICE = 'A-5001'
const BOB = 'A-5002'

const eventsOf = (h: Harness, type: string) => h.botpress.events.filter((e) => e.type === type)
const assignedNames = (h: Harness) =>
  eventsOf(h, 'hitlAssigned').map((e) => h.botpress.getUser((e.payload as { userId: string }).userId)!.name)

describe('assignment events', () => {
  it('emits one hitlAssigned when the same assignment is delivered 10 times in parallel', async () => {
    const h = await registeredHarness(harness())
    const { threadId } = await escalate(h)
    const assign = h.hubspot.assignThread(threadId, ALICE)
    const statuses = await Promise.all(Array.from({ length: 10 }, () => h.deliver(assign)))
    expect(statuses.map((r) => r.status)).toEqual(Array(10).fill(200))
    expect(assignedNames(h)).toEqual(['Alice Agent'])
  })

  it("announces a held assignment once when the customer's message and HubSpot's redelivery race", async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId, userId } = await escalate(h, { justStarted: true })
    const assign = h.hubspot.assignThread(threadId, ALICE)
    expect((await h.deliver(assign)).status).toBe(503)
    pastActivationWindow(h, conversationId)
    await Promise.all([
      h.sendToAgent(conversationId, 'text', { text: 'Hello?', userId }),
      h.deliver(assign),
      h.deliver(assign),
    ])
    expect(assignedNames(h)).toEqual(['Alice Agent'])
  })

  it('ignores an older assignment redelivered after a newer one', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId } = await escalate(h)
    const toAlice = h.hubspot.assignThread(threadId, ALICE)
    await aMomentLater()
    const toBob = h.hubspot.assignThread(threadId, BOB)
    expect((await h.deliver(toBob)).status).toBe(200)
    expect((await h.deliver(toAlice)).status).toBe(200)
    expect((await h.deliver(toBob)).status).toBe(200)
    expect(assignedNames(h)).toEqual(['Bob Agent'])
    expect(h.botpress.getConversation(conversationId)!.tags.assignedActorId).toBe(BOB)
  })

  it('ignores an older assignment redelivered after a newer unassignment', async () => {
    const h = await registeredHarness(harness())
    const { threadId } = await escalate(h)
    const toAlice = h.hubspot.assignThread(threadId, ALICE)
    expect((await h.deliver(toAlice)).status).toBe(200)
    const toBob = h.hubspot.assignThread(threadId, BOB)
    await aMomentLater()
    const unassigned = h.hubspot.assignThread(threadId, null)
    expect((await h.deliver(unassigned)).status).toBe(200)
    expect((await h.deliver(toBob)).status).toBe(200)
    expect(assignedNames(h)).toEqual(['Alice Agent'])
  })
})

describe('closing events', () => {
  it('ends nothing when a close held during activation is redelivered after the thread was reopened', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId } = await escalate(h, { justStarted: true })
    const close = h.hubspot.closeThread(threadId)
    expect((await h.deliver(close)).status).toBe(503)
    await aMomentLater()
    h.hubspot.takeWebhookDeliveries()
    pastActivationWindow(h, conversationId)
    await h.deliver(h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'Sorry, closed by mistake' }))
    const reopened = h.hubspot.takeWebhookDeliveries().filter((d) => d.body.includes('"OPEN"'))
    expect(reopened).toHaveLength(1)
    for (const delivery of reopened) expect((await h.deliver(delivery)).status).toBe(200)
    expect((await h.deliver(close)).status).toBe(200)
    expect(eventsOf(h, 'hitlStopped')).toHaveLength(0)
    expect(h.botpress.getConversation(conversationId)!.tags.open).toBe('true')
  })
})
