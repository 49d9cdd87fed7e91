/**
 * Security suite, replays and races (issue 16): captured webhooks posted again later, and the same request
 * delivered many times at once or retried after a partial failure, all through handler(req). Each case ends in
 * one effect, or none.
 */
import { Harness, useHarness } from '../support/harness'
import { escalate, registeredHarness } from '../support/scenario'

const harness = useHarness()
const ALICE = 'A-5001'
const BOB = 'A-5002'
const MINUTE = 60_000

const eventsOf = (h: Harness, type: string) => h.botpress.events.filter((e) => e.type === type)
const assignedAgentOf = (h: Harness, conversationId: string) =>
  h.botpress.getConversation(conversationId)!.tags.assignedActorId

/** Runs `work` as if the clock read `ms` later: what the integration sees when a delivery arrives then. */
async function later<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const realNow = Date.now
  const then = realNow() + ms
  Date.now = () => then
  try {
    return await work()
  } finally {
    Date.now = realNow
  }
}

/** Only the v1 headers HubSpot sends (an app without v3), as an attacker who stripped v3 would too. */
const v1Only = (headers: Record<string, string>) => ({
  'x-hubspot-signature-version': 'v1',
  'x-hubspot-signature': headers['x-hubspot-signature']!,
})

describe('replayed app webhooks', () => {
  async function assignedToBobAfterAlice() {
    const h = await registeredHarness(harness())
    const { conversationId, threadId } = await escalate(h)
    const toAlice = h.hubspot.assignThread(threadId, ALICE)
    const captured = h.hubspot.signWebhook({ url: h.webhookUrl, body: toAlice.body })
    expect((await h.deliver(toAlice, { sign: false, headers: captured })).status).toBe(200)
    expect((await h.deliver(h.hubspot.assignThread(threadId, BOB))).status).toBe(200)
    expect(assignedAgentOf(h, conversationId)).toBe(BOB)
    return { h, conversationId, toAlice, captured }
  }

  it('refuses a captured assignment replayed 10 minutes later (valid v1, stale v3) and changes nothing', async () => {
    const { h, conversationId, toAlice, captured } = await assignedToBobAfterAlice()
    const before = { events: h.botpress.events.length, botpressCalls: h.botpress.calls.length }
    const replay = await later(10 * MINUTE, () => h.deliver(toAlice, { sign: false, headers: captured }))
    expect(replay.status).toBe(401)
    expect(assignedAgentOf(h, conversationId)).toBe(BOB)
    expect({ events: h.botpress.events.length, botpressCalls: h.botpress.calls.length }).toEqual(before)
  })

  it('refuses a replay whose v3 signature is wrong even though its v1 signature is right', async () => {
    const { h, conversationId, toAlice, captured } = await assignedToBobAfterAlice()
    const forged = { ...captured, 'x-hubspot-signature-v3': 'AAAA' + captured['x-hubspot-signature-v3'].slice(4) }
    expect((await h.deliver(toAlice, { sign: false, headers: forged })).status).toBe(401)
    expect(assignedAgentOf(h, conversationId)).toBe(BOB)
  })

  it('applies a v1-only event once: a replay of it is refused, and so is one that occurred over 5 minutes ago', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId } = await escalate(h)
    const toAlice = h.hubspot.assignThread(threadId, ALICE)
    const headers = v1Only(h.hubspot.signWebhook({ url: h.webhookUrl, body: toAlice.body }))
    expect((await h.deliver(toAlice, { sign: false, headers })).status).toBe(200)
    expect(eventsOf(h, 'hitlAssigned')).toHaveLength(1)
    expect((await h.deliver(h.hubspot.assignThread(threadId, BOB))).status).toBe(200)

    const replayed = await h.deliver(toAlice, { sign: false, headers })
    expect(replayed.json<{ outcomes: string[] }>().outcomes).toEqual(['refused'])
    const stale = await later(10 * MINUTE, () => h.deliver(toAlice, { sign: false, headers }))
    expect(stale.json<{ outcomes: string[] }>().outcomes).toEqual(['refused'])
    expect(assignedAgentOf(h, conversationId)).toBe(BOB)
    expect(eventsOf(h, 'hitlAssigned')).toHaveLength(2)
  })
})
