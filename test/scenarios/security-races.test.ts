/**
 * Security suite, replays and races (issue 16): captured webhooks posted again later, and the same request
 * delivered many times at once or retried after a partial failure, all through handler(req). Each case ends in
 * one effect, or none.
 */
import { Harness, useHarness } from '../support/harness'
import { escalate, registeredHarness, threadItems } from '../support/scenario'

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

const HANDOFF_NOTE = '🤖 Handoff from the bot'
const withReason = { hitlSession: { reason: 'Wants a refund', priority: 'HIGH' } }

/** `effect` runs once right after HubSpot handled the first call of `operation` (e.g. a ticket was created). */
function afterHubSpotCall(h: Harness, operation: string, effect: () => void) {
  const handle = h.hubspot.handle.bind(h.hubspot)
  let done = false
  h.hubspot.handle = async (request: Request) => {
    const response = await handle(request)
    if (!done && h.hubspot.callCount(operation) > 0) {
      done = true
      effect()
    }
    return response
  }
}

const comments = (h: Harness, threadId: string, startsWith: string) =>
  threadItems(h, threadId).filter((item) => item.type === 'COMMENT' && (item.text ?? '').startsWith(startsWith))
const transcriptNotes = (h: Harness) =>
  h.hubspot.notes().filter((note) => String(note.properties.hs_note_body).includes('Bot handoff transcript'))

/** The startHitl input the HITL plugin sends, for a customer createUser linked. */
async function startInput(h: Harness) {
  const { userId } = await h.action<{ userId: string }>('createUser', {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
  })
  return {
    userId,
    title: 'Refund request',
    ...withReason,
    messageHistory: [{ source: { type: 'user', userId }, type: 'text', payload: { text: 'I want a refund' } }],
  }
}

describe('startHitl under parallel and retried calls', () => {
  it('called 5 times at once with the same input, opens 1 thread with 1 ticket and 1 handoff note', async () => {
    const h = await registeredHarness(harness())
    const input = await startInput(h)
    const outputs = await Promise.all(
      Array.from({ length: 5 }, () => h.action<{ conversationId: string }>('startHitl', input)),
    )
    expect(new Set(outputs.map((o) => o.conversationId)).size).toBe(1)
    const threadId = h.botpress.getConversation(outputs[0]!.conversationId)!.tags.threadId!
    expect(h.hubspot.crmObjects('tickets')).toHaveLength(1)
    expect(h.hubspot.threads()).toHaveLength(1)
    expect(comments(h, threadId, HANDOFF_NOTE)).toHaveLength(1)
  })

  it('does not open a second ticket when the first attempt created it but Botpress failed to record its id', async () => {
    const h = await registeredHarness(harness())
    const input = await startInput(h)
    // Every attempt of the write (the SDK's client retries a failed PUT 3 times).
    afterHubSpotCall(h, 'createTicket', () =>
      h.botpress.injectFault({ operation: 'updateConversation', status: 500, times: 4 }),
    )
    await expect(h.action('startHitl', input)).rejects.toThrow()
    expect(h.hubspot.crmObjects('tickets')).toHaveLength(1)
    const { conversationId } = await h.action<{ conversationId: string }>('startHitl', input)
    const [ticket] = h.hubspot.crmObjects('tickets')
    expect(h.hubspot.crmObjects('tickets')).toHaveLength(1)
    expect(h.botpress.getConversation(conversationId)!.tags.ticketId).toBe(ticket!.id)
  })

  it('posts the handoff note on the retry when it failed the first time, and only once', async () => {
    const h = await registeredHarness(harness())
    const input = await startInput(h)
    h.hubspot.injectFault({ operation: 'postThreadMessage', status: 500 })
    await expect(h.action('startHitl', input)).rejects.toThrow()
    const { conversationId } = await h.action<{ conversationId: string }>('startHitl', input)
    const threadId = h.botpress.getConversation(conversationId)!.tags.threadId!
    expect(comments(h, threadId, HANDOFF_NOTE)).toHaveLength(1)
    await h.action('startHitl', input)
    expect(comments(h, threadId, HANDOFF_NOTE)).toHaveLength(1)
    expect(h.hubspot.crmObjects('tickets')).toHaveLength(1)
  })
})

describe('stopHitl under retried calls and the CLOSED echo', () => {
  async function session() {
    const h = await registeredHarness(harness())
    const escalated = await escalate(h)
    h.hubspot.takeWebhookDeliveries()
    return { h, ...escalated }
  }
  const ticketStage = (h: Harness) => h.hubspot.crmObjects('tickets')[0]!.properties.hs_pipeline_stage
  const threadStatus = (h: Harness, threadId: string) => h.hubspot.threads().find((t) => t.id === threadId)?.status

  it('retried after a failed thread close, still closes the ticket and writes the transcript note', async () => {
    const { h, conversationId, threadId } = await session()
    const openStage = ticketStage(h)
    // Every attempt the integration makes (it retries a failed idempotent call).
    h.hubspot.injectFault({ operation: 'updateThread', status: 500, times: 5 })
    await expect(h.action('stopHitl', { conversationId })).rejects.toThrow()
    await h.action('stopHitl', { conversationId })
    expect(threadStatus(h, threadId)).toBe('CLOSED')
    expect(ticketStage(h)).not.toBe(openStage)
    expect(transcriptNotes(h)).toHaveLength(1)
    for (const delivery of h.hubspot.takeWebhookDeliveries()) expect((await h.deliver(delivery)).status).toBe(200)
    expect(h.botpress.events.filter((e) => e.type === 'hitlStopped')).toHaveLength(0)
  })

  it('a CLOSED echo arriving while stopHitl is still ending the session asks for redelivery, then finds it done', async () => {
    const { h, conversationId } = await session()
    h.hubspot.injectFault({ operation: 'createNote', delayMs: 1000 })
    const stopping = h.action('stopHitl', { conversationId })
    // The echo is sent once the thread is closed; the note after it is held for a second, so the session is
    // still ending when the echo is delivered, however slow the machine is up to the close.
    let echoes = h.hubspot.takeWebhookDeliveries()
    for (const deadline = Date.now() + 5000; echoes.length === 0 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 10))
      echoes = h.hubspot.takeWebhookDeliveries()
    }
    expect(echoes.length).toBeGreaterThan(0)
    const during = await Promise.all(echoes.map((echo) => h.deliver(echo)))
    expect(during.map((r) => r.status)).toContain(503)
    await stopping
    for (const echo of echoes) expect((await h.deliver(echo)).status).toBe(200)
    expect(transcriptNotes(h)).toHaveLength(1)
    expect(h.botpress.events.filter((e) => e.type === 'hitlStopped')).toHaveLength(0)
  })

  it('a failure part-way is finished by the CLOSED echo or the retry, not skipped, and nothing is written twice', async () => {
    const { h, conversationId, threadId } = await session()
    const openStage = ticketStage(h)
    h.hubspot.injectFault({ operation: 'createNote', status: 500 })
    await expect(h.action('stopHitl', { conversationId })).rejects.toThrow()
    expect(threadStatus(h, threadId)).toBe('CLOSED')
    for (const echo of h.hubspot.takeWebhookDeliveries()) expect((await h.deliver(echo)).status).toBe(200)
    await h.action('stopHitl', { conversationId })
    expect(ticketStage(h)).not.toBe(openStage)
    expect(transcriptNotes(h)).toHaveLength(1)
    expect(h.botpress.events.filter((e) => e.type === 'hitlStopped')).toHaveLength(0)
  })
})

describe('messages relayed to the agent under parallel and retried deliveries', () => {
  /** The HITL plugin's message created once, then delivered to the integration `copies` times at once. */
  async function deliverAtOnce(h: Harness, conversationId: string, payload: Record<string, unknown>, copies: number) {
    const type = typeof payload.imageUrl === 'string' ? 'image' : 'text'
    const message = h.botpress.seed.message({
      conversationId,
      userId: h.ids.botUserId,
      type,
      payload,
      direction: 'outgoing',
    })
    const responses = await Promise.all(Array.from({ length: copies }, () => h.redeliverToAgent(message.id)))
    return { message, responses, retry: () => h.redeliverToAgent(message.id) }
  }

  it('turns a plugin notice delivered 10 times at once into 1 internal comment', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId } = await escalate(h)
    const notice = '( The user has ended the session. )'
    const { responses } = await deliverAtOnce(h, conversationId, { text: notice }, 10)
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200))
    expect(threadItems(h, threadId).filter((i) => i.type === 'COMMENT' && i.text?.endsWith(notice))).toHaveLength(1)
  })

  it('uploads the file of a media message once, delivered 5 times at once and retried after a failed publish', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, userId } = await escalate(h)
    const imageUrl = h.serveMedia('/photo.png', new Uint8Array([137, 80, 78, 71]), 'image/png')
    const parallel = await deliverAtOnce(h, conversationId, { imageUrl, userId }, 5)
    expect(parallel.responses.map((r) => r.status)).toEqual(Array(5).fill(200))
    expect(h.hubspot.callCount('uploadFile')).toBe(1)

    h.hubspot.injectFault({ operation: 'publishMessage', status: 500, times: 5 })
    const failing = await deliverAtOnce(h, conversationId, { imageUrl, userId }, 1)
    expect(failing.responses[0]!.status).not.toBe(200)
    expect((await failing.retry()).status).toBe(200)
    expect(h.hubspot.callCount('uploadFile')).toBe(2)
  })
})
